// Tests for the ngspice, Xyce and gnucap printers; printed decks run unchanged in `ngspice -b` and `gnucap -b`.
#include "spice/printer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "io/number.h"
#include "spice/session.h"
#include "support.h"

using namespace memcosim::spice;

namespace {

using memcosim::testing::commandOutput;

Netlist sampleNetlist() {
  Netlist n("printer sample");
  n.addParameter("rload", 2e3);
  n.setOption("reltol", 1e-5);
  Subcircuit half("half", {"a", "b"}, {{"r", 1e3}});
  half.add(Resistor{"R1", "a", "b", Value::expression("r")});
  n.addSubcircuit(half);
  VoltageSource v{{"V1", "in", "0", 1.0}};
  v.waveform = Sine{0.0, 1.0, 1e3};
  n.add(v);
  n.add(SubcircuitInstance{"X1", {"in", "out"}, "half", {{"r", Value::expression("rload")}}});
  n.add(Resistor{"R2", "out", "0", 1e3});
  n.add(BehaviouralSource{"B1", "0", "out", BehaviouralSource::Kind::Current,
                          DialectText("1e-6*(v(out) > 0 ? 1 : 0)", "1e-6*IF(v(out) > 0, 1, 0)")});
  n.addAnalysis(OperatingPointAnalysis{});
  n.addPrint("tran", {"v(out)"});
  n.addAnalysis(TransientAnalysis{1e-5, 1e-4});
  return n;
}

}  // namespace

TEST_CASE("printer: numbers round-trip and ignore the locale", "[spice]") {
  using memcosim::io::formatNumber;
  CHECK(formatNumber(1000.0) == "1000");
  CHECK(formatNumber(1e-14) == "1e-14");
  CHECK(formatNumber(0.1) == "0.1");
  CHECK(std::stod(formatNumber(1.0 / 3.0)) == 1.0 / 3.0);
}

TEST_CASE("printer: ngspice deck text", "[spice]") {
  const std::string text = print(sampleNetlist(), Dialect::Ngspice);
  CHECK_THAT(text, Catch::StartsWith("printer sample\n"));
  CHECK_THAT(text, Catch::Contains(".options reltol=1e-05\n"));
  CHECK_THAT(text, Catch::Contains(".param rload=2000\n"));
  CHECK_THAT(text, Catch::Contains(".subckt half a b params: r=1000\nR1 a b {r}\n.ends half\n"));
  CHECK_THAT(text, Catch::Contains("V1 in 0 DC 1 SIN(0 1 1000 0 0 0)\n"));
  CHECK_THAT(text, Catch::Contains("X1 in out half params: r={rload}\n"));
  CHECK_THAT(text, Catch::Contains("B1 0 out I=1e-6*(v(out) > 0 ? 1 : 0)\n"));
  CHECK_THAT(text, Catch::EndsWith(".op\n.tran 1e-05 1e-04\n.print tran v(out)\n.end\n"));
}

TEST_CASE("printer: Xyce deck text differs where the dialects differ", "[spice]") {
  const std::string text = print(sampleNetlist(), Dialect::Xyce);
  CHECK_THAT(text, Catch::Contains(".options timeint reltol=1e-05\n"));
  CHECK_THAT(text, Catch::Contains("B1 0 out I={1e-6*IF(v(out) > 0, 1, 0)}\n"));
  // The options training decks set, each in its Xyce package (NONLIN: the Newton solve).
  Netlist precise;
  precise.setOption("reltol", 1e-9);
  precise.setOption("abstol", 1e-15);
  precise.setOption("vntol", 1e-12);
  precise.setOption("itl1", 500);
  precise.setOption("numdgt", 12);
  const std::string options = print(precise, Dialect::Xyce);
  CHECK_THAT(options, Catch::Contains("\n.options timeint abstol=1e-15 reltol=1e-09\n"));
  CHECK_THAT(options, Catch::Contains("\n.options nonlin maxstep=500 reltol=1e-09 abstol=1e-12\n"));
  CHECK_THAT(options, !Catch::Contains("numdgt") && !Catch::Contains("itl1") && !Catch::Contains("vntol"));
  Netlist n;
  n.setOption("method", 1);
  CHECK_THROWS_WITH(print(n, Dialect::Xyce), Catch::Contains(".options method"));
  CHECK_THROWS_AS(parseDialect("spectre"), std::invalid_argument);
}

TEST_CASE("printer: Xyce deck text of parameters, subcircuits, initial conditions and transients", "[spice]") {
  // Xyce's documented forms: `.param`, `.subckt … PARAMS:`, `X… PARAMS:`, `.ic v(n)=`,
  // `.nodeset v(n)=`, capacitor `IC=`, `.tran … uic`, B-sources with `{…}`.
  Netlist n("xyce forms");
  n.addParameter("gain", 2.5);
  n.addParameter("twice", Value::expression("2*gain"));
  Subcircuit half("half", {"a", "b"}, {{"r", 1e3}});
  half.add(Resistor{"R1", "a", "b", Value::expression("r")});
  n.addSubcircuit(half);
  n.add(VoltageSource{{"V1", "in", "0", 1.0}});
  n.add(SubcircuitInstance{"X1", {"in", "out"}, "half", {{"r", Value::expression("twice*1k")}}});
  n.add(Capacitor{"C1", "out", "0", 1e-9, 0.25});
  n.add(BehaviouralSource{"B1", "0", "out", BehaviouralSource::Kind::Current,
                          DialectText("1e-6*(v(out) > 0 ? 1 : 0)", "1e-6*IF(v(out) > 0, 1, 0)")});
  n.setInitialCondition("out", 0.25);
  n.setNodeset("in", 1.0);
  n.addAnalysis(TransientAnalysis{1e-6, 1e-3, 0.0, 1e-6, true});
  n.addPrint("tran", {"v(out)"});
  const std::string text = print(n, Dialect::Xyce);
  CHECK_THAT(text, Catch::Contains("\n.param gain=2.5\n.param twice={2*gain}\n"));
  CHECK_THAT(text, Catch::Contains("\n.subckt half a b params: r=1000\nR1 a b {r}\n.ends half\n"));
  CHECK_THAT(text, Catch::Contains("\nX1 in out half params: r={twice*1k}\n"));
  CHECK_THAT(text, Catch::Contains("\nC1 out 0 1e-09 IC=0.25\n"));
  CHECK_THAT(text, Catch::Contains("\nB1 0 out I={1e-6*IF(v(out) > 0, 1, 0)}\n"));
  CHECK_THAT(text, Catch::Contains("\n.nodeset v(in)=1\n.ic v(out)=0.25\n"));
  CHECK_THAT(text, Catch::EndsWith("\n.tran 1e-06 0.001 0 1e-06 uic\n.print tran v(out)\n.end\n"));
}

TEST_CASE("printer: saturating amplifiers in each dialect's own form", "[spice]") {
  Netlist n("saturating");
  n.add(VoltageSource{{"V1", "a", "0", 0.3}});
  n.add(SaturatingVcvs{"E1", "b", "0", "a", "0", SaturatingVcvs::Shape::Tanh, 2.0, 0.5});
  n.add(SaturatingVcvs{"E2", "c", "0", "a", "0", SaturatingVcvs::Shape::Clip, 0.5, 0.2});
  CHECK_THAT(print(n, Dialect::Ngspice), Catch::Contains("\nE1 b 0 vol='0.5*tanh(2*v(a,0)/0.5)'\n") &&
                                             Catch::Contains("\nE2 c 0 vol='min(max(0.5*v(a,0),0),0.2)'\n"));
  CHECK_THAT(print(n, Dialect::Xyce), Catch::Contains("\nE1 b 0 VALUE={0.5*tanh(2*v(a,0)/0.5)}\n") &&
                                          Catch::Contains("\nE2 c 0 VALUE={min(max(0.5*v(a,0),0),0.2)}\n"));
  CHECK_THAT(print(n, Dialect::Gnucap), Catch::Contains("\nE1 b 0 a 0 tanh gain=2 limit=0.5\n") &&
                                            Catch::Contains("\nE2 c 0 a 0 pwl (-1 0 0 0 0.4 0.2 1.4 0.2)\n"));
  Netlist bad;
  CHECK_THROWS_WITH(bad.add(SaturatingVcvs{"E1", "b", "0", "a", "0", SaturatingVcvs::Shape::Tanh, 1.0, 0.0}),
                    Catch::Contains("E1") && Catch::Contains("limit"));
  Netlist falling;
  falling.add(SaturatingVcvs{"E1", "b", "0", "a", "0", SaturatingVcvs::Shape::Clip, -1.0, 0.2});
  CHECK_THROWS_WITH(print(falling, Dialect::Gnucap), Catch::Contains("element E1") && Catch::Contains("gnucap"));
}

TEST_CASE("printer: saturating amplifiers give the same curve in ngspice -b and gnucap -b", "[spice]") {
  if (commandOutput("command -v gnucap").empty()) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  const memcosim::testing::TemporaryFolder folder("saturating");
  for (const double input : {-2.0, -0.1, 0.05, 0.3, 0.5, 3.0}) {
    Netlist n("saturating check");
    n.setOption("numdgt", 12);
    n.add(VoltageSource{{"V1", "a", "0", input}});
    n.add(SaturatingVcvs{"E1", "b", "0", "a", "0", SaturatingVcvs::Shape::Tanh, 2.0, 0.5});
    n.add(SaturatingVcvs{"E2", "c", "0", "a", "0", SaturatingVcvs::Shape::Clip, 0.5, 0.2});
    n.addAnalysis(DcSweepAnalysis{"V1", input, input, 1.0});
    n.addPrint("dc", {"v(b)", "v(c)"});
    const double tanhValue = 0.5 * std::tanh(2.0 * input / 0.5), clipValue = std::min(std::max(0.5 * input, 0.0), 0.2);
    for (const Dialect dialect : {Dialect::Ngspice, Dialect::Gnucap}) {
      const auto file = folder / (dialectName(dialect) + ".cir");
      std::ofstream(file) << print(n, dialect);
      const std::string output = commandOutput(dialectName(dialect) + " -b " + file.string() + " 2>&1");
      INFO(dialectName(dialect) << " at " << input << ":\n" << output);
      // The last two numbers of the printed row are v(b) and v(c) in both engines' tables.
      std::istringstream in(output);
      double b = NAN, c = NAN;
      for (std::string line; std::getline(in, line);) {
        std::istringstream words(line);
        std::vector<double> numbers;
        for (std::string word; words >> word;) {
          char* end = nullptr;
          const double value = std::strtod(word.c_str(), &end);
          if (end != word.c_str() && *end == '\0') numbers.push_back(value);
        }
        if (numbers.size() >= 3) {
          b = numbers[numbers.size() - 2];
          c = numbers.back();
        }
      }
      CHECK(b == Approx(tanhValue).margin(1e-6));
      CHECK(c == Approx(clipValue).margin(1e-6));
    }
  }
}

TEST_CASE("printer: gnucap deck text prints before it analyses, and refuses what gnucap cannot express", "[spice]") {
  Netlist n("gnucap sample");
  n.setOption("numdgt", 12);
  n.addParameter("rload", 2e3);
  n.add(VoltageSource{{"V1", "in", "0", 1.0}});
  VoltageSource sine{{"V2", "s", "0", 0.0}};
  sine.waveform = Sine{0.0, 1.0, 1e3};
  n.add(sine);
  n.add(Resistor{"R1", "in", "out", 1e3});
  n.add(Resistor{"R2", "out", "0", Value::expression("rload")});
  n.add(Resistor{"R3", "s", "0", 1e3});
  n.addAnalysis(OperatingPointAnalysis{});
  n.addAnalysis(DcSweepAnalysis{"V1", 1.0, 1.0, 1.0});
  n.addPrint("dc", {"v(out)"});
  const std::string text = print(n, Dialect::Gnucap);
  CHECK_THAT(text, Catch::Contains(".options numdgt=12\n"));
  CHECK_THAT(text, Catch::Contains("V2 s 0 SIN(0 1 1000 0 0 0)\n"));  // no `DC 0` beside a waveform
  CHECK_THAT(text, Catch::EndsWith(".print dc v(out)\n.op\n.dc V1 1 1 1\n.end\n"));
  CHECK(parseDialect("GnuCap") == Dialect::Gnucap);
  CHECK(dialectName(Dialect::Gnucap) == "gnucap");

  // Each refusal names the item, never a silently different circuit.
  CHECK_THROWS_WITH(print(sampleNetlist(), Dialect::Gnucap), Catch::Contains("reltol") || Catch::Contains("half"));
  Netlist behavioural;
  behavioural.add(BehaviouralSource{"B1", "a", "0", BehaviouralSource::Kind::Voltage, DialectText("1")});
  CHECK_THROWS_WITH(print(behavioural, Dialect::Gnucap), Catch::Contains("element B1") && Catch::Contains("gnucap"));
  Netlist options;
  options.setOption("method", 1);
  CHECK_THROWS_WITH(print(options, Dialect::Gnucap), Catch::Contains(".options method"));
  Netlist both;
  VoltageSource offset{{"V1", "a", "0", 0.5}};
  offset.waveform = Sine{0.0, 1.0, 1e3};
  both.add(offset);
  CHECK_THROWS_WITH(print(both, Dialect::Gnucap), Catch::Contains("element V1") && Catch::Contains("DC value"));
}

TEST_CASE("printer: long PWL lists use continuation lines", "[spice]") {
  Netlist n;
  VoltageSource v{{"V1", "a", "0", 0.0}};
  Pwl pwl;
  for (int k = 0; k < 20; ++k) pwl.points.emplace_back(k * 1e-3, k % 2);
  v.waveform = pwl;
  n.add(v);
  n.add(Resistor{"R1", "a", "0", 1.0});
  const auto lines = printLines(n, Dialect::Ngspice);
  int continuations = 0;
  for (const auto& line : lines) {
    if (line.text.rfind("+", 0) == 0) {
      ++continuations;
      CHECK(line.origin == "element V1");
    }
  }
  CHECK(continuations == 2);
}

TEST_CASE("printer: a printed deck runs unchanged in ngspice -b and agrees with the session", "[spice]") {
  if (commandOutput("command -v ngspice").empty()) {
    WARN("ngspice is not on PATH; skipped");
    return;
  }
  Netlist n("batch check");
  n.add(VoltageSource{{"V1", "in", "0", 3.0}});
  n.add(Resistor{"R1", "in", "out", 1e3});
  n.add(Diode{"D1", "out", "0", "dmod", std::nullopt});
  n.addModel(Model{"dmod", "D", {{"is", 1e-14}}});
  n.addAnalysis(DcSweepAnalysis{"V1", 3.0, 3.0, 1.0});
  n.addPrint("dc", {"v(out)"});
  const memcosim::testing::TemporaryFolder folder("printer_batch");
  const auto path = folder / "batch.cir";
  {
    std::ofstream out(path);
    out << print(n, Dialect::Ngspice);
  }
  const std::string output = commandOutput("ngspice -b " + path.string() + " 2>&1");
  // The .print table row: index, v-sweep, v(out).
  const auto row = output.find("\n0\t");
  REQUIRE(row != std::string::npos);
  double index = 0, sweep = 0, vout = 0;
  REQUIRE(std::sscanf(output.c_str() + row, "%lf %lf %lf", &index, &sweep, &vout) == 3);
  Session session;
  session.load(n);
  CHECK(vout == Approx(session.operatingPoint().value("out")).epsilon(1e-6));
}
