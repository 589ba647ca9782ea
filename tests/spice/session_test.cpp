// Tests for spice::Session: analytic circuits, in-place changes, failure reporting.
#include "spice/session.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>

#include <sys/wait.h>
#include <unistd.h>

#include "spice/deck.h"
#include "support.h"

using namespace memcosim::spice;

namespace {

Netlist divider(double r1, double r2, double volts) {
  Netlist n("divider");
  n.add(VoltageSource{{"V1", "in", "0", volts}});
  n.add(Resistor{"R1", "in", "out", r1});
  n.add(Resistor{"R2", "out", "0", r2});
  return n;
}

/// Diode voltage of Vs — R — D(Is, N): Newton's method on f(Vd) = (Vs − Vd)/R − Is(e^{Vd/(N·Vt)} − 1),
/// each step limited to 2·N·Vt so the exponential cannot throw it far past the root.
double diodeVoltage(double vs, double r, double is, double emission, double vt) {
  double vd = 0.0;
  for (int k = 0; k < 1000; ++k) {
    const double e = std::exp(vd / (emission * vt));
    const double f = (vs - vd) / r - is * (e - 1.0);
    const double df = -1.0 / r - is * e / (emission * vt);
    const double step = std::clamp(f / df, -2 * emission * vt, 2 * emission * vt);
    vd -= step;
    if (std::abs(step) < 1e-15) break;
  }
  return vd;
}

/// ∫ v(t)·w(t) dt by the trapezoid rule over samples with t ≥ from.
template <class Weight>
double integrate(const std::vector<double>& t, const std::vector<double>& v, double from, Weight w) {
  double sum = 0.0;
  for (std::size_t k = 1; k < t.size(); ++k) {
    if (t[k - 1] < from) continue;
    sum += 0.5 * (t[k] - t[k - 1]) * (v[k] * w(t[k]) + v[k - 1] * w(t[k - 1]));
  }
  return sum;
}

}  // namespace

TEST_CASE("Session: resistive divider operating point", "[spice]") {
  Session session;
  session.load(divider(1e3, 3e3, 2.0));
  const Plot op = session.operatingPoint();
  CHECK(op.type == "op");
  CHECK(op.value("out") == Approx(1.5).epsilon(1e-12));
  CHECK(op.value("V(in)") == Approx(2.0).epsilon(1e-12));
  CHECK(op.value("i(v1)") == Approx(-2.0 / 4e3).epsilon(1e-9));  // current into + of V1
  CHECK(op.vectors.size() == 3);
  CHECK_THROWS_AS(op.value("nowhere"), SessionError);
}

TEST_CASE("Session: a million alters between two analyses (an MNIST-sized weight update) do not overflow", "[spice]") {
  // ngspice frees its list of past commands recursively; 800 000 alters in a row used to
  // overflow the stack when it was dropped at the next analysis.
  Netlist n("divider");
  n.add(VoltageSource{{"V1", "in", "0", 1.0}});
  n.add(Resistor{"R1", "in", "out", 1e3});
  n.add(Resistor{"R2", "out", "0", 1e3});
  Session session;
  session.load(n);
  for (int k = 0; k < 1000000; ++k) session.alter("R1", 1e3 + (k % 7));
  session.alter("R1", 3e3);
  CHECK(session.operatingPoint().value("out") == Approx(0.25));
}

TEST_CASE("Session: RC step response follows 1 - exp(-t/RC)", "[spice]") {
  const double r = 1e3, c = 1e-6, tau = r * c, rise = 1e-9;
  Netlist n("rc step");
  VoltageSource v{{"V1", "in", "0", 0.0}};
  v.waveform = Pwl{{{0.0, 0.0}, {rise, 1.0}, {1.0, 1.0}}};
  n.add(v);
  n.add(Resistor{"R1", "in", "out", r});
  n.add(Capacitor{"C1", "out", "0", c, std::nullopt});
  n.setOption("reltol", 1e-6);
  Session session;
  session.load(n);
  const Plot tran = session.transient(tau / 100, 5 * tau, 0.0, tau / 200);
  const auto& t = tran.vector("time").real;
  const auto& out = tran.vector("out").real;
  REQUIRE(t.size() > 100);
  double worst = 0.0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t[k] < 10 * rise) continue;
    const double expected = 1.0 - std::exp(-(t[k] - rise / 2) / tau);
    worst = std::max(worst, std::abs(out[k] - expected) / std::max(expected, 1e-2));
  }
  CHECK(worst <= 1e-3);
}

TEST_CASE("Session: diode operating point matches a Newton solve of Shockley's equation", "[spice]") {
  Netlist n("diode");
  n.add(VoltageSource{{"V1", "in", "0", 5.0}});
  n.add(Resistor{"R1", "in", "a", 1e3});
  n.add(Diode{"D1", "a", "0", "dmod", std::nullopt});
  n.addModel(Model{"dmod", "D", {{"is", 1e-14}, {"n", 1.5}}});
  n.setTemperature(27.0);
  Session session;
  session.load(n);
  // Thermal voltage with the physical constants ngspice uses (CODATA 2014).
  const double vt = 1.38064852e-23 * (27.0 + 273.15) / 1.6021766208e-19;
  const double expected = diodeVoltage(5.0, 1e3, 1e-14, 1.5, vt);
  CHECK(session.operatingPoint().value("a") == Approx(expected).epsilon(1e-6));
}

TEST_CASE("Session: RC low-pass under a sine has the analytic amplitude and phase", "[spice]") {
  const double r = 1e3, c = 1e-7, tau = r * c;
  const double f = 1.0 / (2 * std::numbers::pi * tau);  // corner: gain 1/√2, phase −45°
  const double omega = 2 * std::numbers::pi * f;
  Netlist n("rc sine");
  VoltageSource v{{"V1", "in", "0", 0.0}};
  v.waveform = Sine{0.0, 1.0, f};
  n.add(v);
  n.add(Resistor{"R1", "in", "out", r});
  n.add(Capacitor{"C1", "out", "0", c, std::nullopt});
  n.setOption("reltol", 1e-6);
  Session session;
  session.load(n);
  const double period = 1.0 / f;
  const Plot tran = session.transient(period / 400, 12 * period, 0.0, period / 400);
  const auto& t = tran.vector("time").real;
  const auto& out = tran.vector("out").real;
  // Project the last two periods (the start-up transient has decayed by e^{-60}) on sin and cos.
  const double from = 10 * period;
  const double a = 2 / (2 * period) * integrate(t, out, from, [&](double x) { return std::sin(omega * x); });
  const double b = 2 / (2 * period) * integrate(t, out, from, [&](double x) { return std::cos(omega * x); });
  const double amplitude = std::hypot(a, b);
  const double phase = std::atan2(b, a);
  CHECK(amplitude == Approx(1 / std::sqrt(1 + std::pow(omega * tau, 2))).epsilon(1e-3));
  CHECK(phase == Approx(-std::atan(omega * tau)).margin(2e-3));
}

TEST_CASE("Session: DC sweep of a divider is linear", "[spice]") {
  Session session;
  session.load(divider(1e3, 1e3, 0.0));
  const Plot dc = session.dcSweep("V1", 0.0, 1.0, 0.25);
  CHECK(dc.type == "dc");
  REQUIRE(dc.points() == 5);
  CHECK(dc.vectors.front().name == "v-sweep");
  for (const auto& v : dc.vectors)
    CHECK((v.name == "v-sweep" || v.name.rfind("v(", 0) == 0 || v.name.rfind("i(", 0) == 0));
  for (std::size_t k = 0; k < 5; ++k) CHECK(dc.vector("out").real[k] == Approx(0.125 * k).margin(1e-12));
}

TEST_CASE("Session: altering in place equals re-building the deck", "[spice]") {
  Session session;
  session.load(divider(1e3, 1e3, 1.0));
  session.alter("R1", 4.7e3);
  session.alter("V1", "dc", 3.0);
  const double altered = session.operatingPoint().value("out");
  session.load(divider(4.7e3, 1e3, 3.0));
  const double rebuilt = session.operatingPoint().value("out");
  CHECK(altered == Approx(rebuilt).epsilon(1e-12));
  CHECK(altered == Approx(3.0 * 1e3 / 5.7e3).epsilon(1e-12));
}

TEST_CASE("Session: altering a model parameter changes the solution", "[spice]") {
  Netlist n("diode");
  n.add(CurrentSource{{"I1", "0", "a", 1e-3}});
  n.add(Diode{"D1", "a", "0", "dmod", std::nullopt});
  n.addModel(Model{"dmod", "D", {{"is", 1e-14}}});
  Session session;
  session.load(n);
  const double before = session.operatingPoint().value("a");
  session.alterModel("dmod", "is", 1e-12);
  const double after = session.operatingPoint().value("a");
  // At a fixed current V_d = N·V_t·ln(I/I_s + 1): a 100× larger I_s lowers V_d by V_t·ln 100.
  const double vt = 1.38064852e-23 * (27.0 + 273.15) / 1.6021766208e-19;
  CHECK(before - after == Approx(vt * std::log(100.0)).epsilon(1e-6));
}

TEST_CASE("Session: a syntax error names the deck line", "[spice]") {
  const memcosim::testing::TemporaryFolder folder("bad_syntax");
  const auto path = folder / "bad.cir";
  {
    std::ofstream out(path);
    out << "bad deck\nv1 1 0 1\nr1 1 2 abc\nr2 2 0 1k\n.op\n.end\n";
  }
  Session session;
  try {
    session.load(readDeck(path).lines);
    FAIL("load accepted a syntax error");
  } catch (const SessionError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::Contains(path.string() + ":3"));
    CHECK_THAT(message, Catch::Contains("r1 1 2 abc"));
  }
  CHECK_FALSE(session.circuitLoaded());
  CHECK_THROWS_AS(session.operatingPoint(), SessionError);
}

TEST_CASE("Session: a missing model is reported with its element", "[spice]") {
  Netlist n("missing model");
  n.add(VoltageSource{{"V1", "a", "0", 1.0}});
  n.add(Resistor{"R1", "a", "b", 1e3});
  n.add(Diode{"D1", "b", "0", "nomodel", std::nullopt});
  Session session;
  try {
    session.load(n);
    FAIL("load accepted a diode without a model");
  } catch (const SessionError& error) {
    CHECK_THAT(error.what(), Catch::Contains("element D1") && Catch::Contains("model"));
  }
}

TEST_CASE("Session: a circuit that does not converge throws ConvergenceError", "[spice]") {
  // 1 A plus a current e^{100·v} that grows faster than the diodes can sink: no solution.
  Netlist n("no solution");
  n.add(CurrentSource{{"I1", "0", "a", 1.0}});
  n.add(Diode{"D1", "a", "0", "dmod", std::nullopt});
  n.add(Diode{"D2", "0", "a", "dmod", std::nullopt});
  n.addModel(Model{"dmod", "D", {{"is", 1e-14}}});
  n.add(BehaviouralSource{"B1", "0", "a", BehaviouralSource::Kind::Current, DialectText("exp(100*v(a))")});
  Session session;
  session.load(n);
  CHECK_THROWS_AS(session.operatingPoint(), ConvergenceError);
  // The session stays usable after the failure.
  session.load(divider(1e3, 1e3, 1.0));
  CHECK(session.operatingPoint().value("out") == Approx(0.5));
}

TEST_CASE("Session: unknown elements and commands are errors", "[spice]") {
  Session session;
  session.load(divider(1e3, 1e3, 1.0));
  CHECK_THROWS_WITH(session.alter("R9", 1.0), Catch::Contains("r9"));
  CHECK_THROWS_AS(session.command("nosuchcommand"), SessionError);
  CHECK_THROWS_AS(session.alter("R1; quit", 1.0), SessionError);
}

TEST_CASE("Session: only one session per process", "[spice]") {
  Session first;
  CHECK_THROWS_WITH(Session(), Catch::Contains("one session per process"));
}

TEST_CASE("Session: ngspice's exit request does not end the process", "[spice]") {
  // ngspice cannot be used again in a process after it exits, so the scenario runs in a child.
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    int failures = 0;
    try {
      Session session;
      session.load(divider(1e3, 1e3, 1.0));
      try {
        session.command("quit");
        ++failures;
      } catch (const SessionError& error) {
        failures += std::string(error.what()).find("asked to exit") == std::string::npos;
      }
      failures += session.circuitLoaded();
      try {
        session.load(divider(1e3, 3e3, 1.0));
        ++failures;
      } catch (const SessionError& error) {
        failures += std::string(error.what()).find("new process") == std::string::npos;
      }
    } catch (...) {
      ++failures;
    }
    _exit(failures == 0 ? 0 : 10 + failures);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));  // not killed by a signal
  CHECK(WEXITSTATUS(status) == 0);
}

namespace {

/// Deck lines from text, each named "test.cir:N".
std::vector<SourceLine> deckLines(const std::string& text) {
  std::vector<SourceLine> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back({text.substr(start, end - start), "test.cir:" + std::to_string(lines.size() + 1)});
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

/// The message of the SessionError `action` throws ("" if it throws none).
template <class Action>
std::string errorOf(Action action) {
  try {
    action();
  } catch (const SessionError& error) {
    return error.what();
  }
  return {};
}

}  // namespace

TEST_CASE("Session: a save list over 8 KiB reaches ngspice as commands under the limit", "[spice]") {
  // A ladder of 400 equal resistors with long node names: v(node k) = V·(400 − k)/400.
  const int count = 400;
  auto name = [](int k) { return "ladder_node_with_a_deliberately_long_name_" + std::to_string(k); };
  Netlist n("long save list");
  n.add(VoltageSource{{"V1", name(0), "0", 4.0}});
  std::vector<std::string> nodes;
  for (int k = 0; k < count; ++k) {
    n.add(Resistor{"R" + std::to_string(k), name(k), k + 1 == count ? "0" : name(k + 1), 1e3});
    nodes.push_back(name(k));
  }
  std::size_t bytes = 0;
  for (const auto& node : nodes) bytes += node.size() + 4;
  REQUIRE(bytes > 8192);
  Session session;
  session.load(n);
  session.save(nodes);
  const Plot op = session.operatingPoint();
  CHECK(op.vectors.size() == nodes.size());  // only the saved voltages
  for (int k : {0, 1, 199, 333, 399}) CHECK(op.value(name(k)) == Approx(4.0 * (count - k) / count).epsilon(1e-9));
}

TEST_CASE("Session: a command longer than the safe limit never reaches ngspice", "[spice]") {
  Session session;
  session.load(divider(1e3, 1e3, 1.0));
  const std::string message = errorOf([&] { session.command("echo " + std::string(2000, 'x')); });
  CHECK_THAT(message, Catch::Contains("2005 bytes") && Catch::Contains("limit"));
  CHECK(session.operatingPoint().value("out") == Approx(0.5));  // the session is intact
  CHECK_THROWS_WITH(session.save({"out", "in; quit"}), Catch::Contains("malformed node name"));
}

TEST_CASE("Session: a floating node is an error naming the node, not a number", "[spice]") {
  Session session;
  session.load(deckLines("floating\nV1 in 0 1\nR1 in out 1k\nC1 out x 1u\nR3 x 0 1k\nR4 y zfloat 1k\n.end"));
  const std::string message = errorOf([&] { session.operatingPoint(); });
  CHECK_THAT(message, Catch::Contains("singular") && Catch::Contains("zfloat"));
}

TEST_CASE("Session: a singular first iterate that gmin stepping resolves is a regular solution", "[spice]") {
  // dI/dV of a cubic is 0 at the initial guess v = 0; the solution v = 1 V is regular.
  Session session;
  session.load(deckLines("cubic\nI1 0 a 1m\nB1 a 0 I=1e-3*V(a)*V(a)*V(a)\n.end"));
  CHECK(session.operatingPoint().value("a") == Approx(1.0).epsilon(1e-6));
}

TEST_CASE("Session: a resistor without a value is an error naming it", "[spice]") {
  Session session;
  const std::string message = errorOf([&] {
    session.load(deckLines("no value\nV1 in 0 1\nR1 in out 1k\nR2 out 0\n.op\n.end"));
    session.operatingPoint();
  });
  CHECK_THAT(message, Catch::Contains("'r2'") && Catch::Contains("no value"));
}

TEST_CASE("Session: a result holding inf or NaN is an error naming the vector", "[spice]") {
  Session session;
  session.load(deckLines("infinite\nV1 a 0 1e308\nE1 b 0 a 0 10\nR1 b 0 1\n.end"));
  const std::string message = errorOf([&] { session.operatingPoint(); });
  CHECK_THAT(message, Catch::Contains("not finite") && (Catch::Contains("v(b)") || Catch::Contains("i(e1)")));

  Plot plot{"tran", {{"time", {0.0, 1.0}, {}}, {"v(x)", {1.0, std::nan("")}, {}}}};
  CHECK_THROWS_WITH(plot.requireFinite("test"), Catch::Contains("'v(x)'") && Catch::Contains("point 1"));
}

TEST_CASE("Session: non-ASCII names are refused, since ngspice would merge them", "[spice]") {
  Session session;
  const std::string message = errorOf([&] {
    session.load(deckLines("* title é is fine\nV1 a\xc3\xa9 0 1\nR1 a\xc3\xa9 a\xc3\xb6 1k\nR2 a\xc3\xb6 0 1k\n.end"));
  });
  CHECK_THAT(message, Catch::Contains("test.cir:2") && Catch::Contains("non-ASCII"));
  // Comments may hold any text.
  session.load(deckLines("title \xc3\xa9\n* comment \xc3\xb6\nV1 a 0 1\nR1 a 0 1k ; \xc3\xa9\n.end"));
  CHECK(session.operatingPoint().value("a") == Approx(1.0));
}

TEST_CASE("Session: when ngspice gives up on a deck, the error carries its own diagnosis", "[spice]") {
  // ngspice exits on an undefined parameter, and cannot be used again in that process.
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::string message;
    try {
      Session session;
      message = errorOf([&] { session.load(deckLines("undefined\nV1 in 0 1\nR1 in 0 {bar}\n.op\n.end")); });
    } catch (...) {
    }
    const bool ok = message.find("Undefined parameter [bar]") != std::string::npos;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
