// Tests of devices/expression: folding, typing, derivatives, text checked by ngspice and admsXml.
#include "devices/expression.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include "support.h"

namespace memcosim::devices {
namespace {

const Expr v = Expr::symbol("v");
const Expr x = Expr::symbol("x");
const Expr a = Expr::symbol("a");
const Expr p = Expr::symbol("p");

std::string plain(const std::string& name) { return name; }
std::string ngspiceText(const Expr& e) { return print(e, Language::Ngspice, plain); }

bool isFold(const Expr& e, double value) { return e.isConstant() && e.constantValue() == value; }

/// Evaluates e natively with slots {v, x, a, p}.
double evaluate(const Expr& e, double vValue, double xValue, double aValue = 0.0, double pValue = 0.0) {
  const std::vector<double> values{vValue, xValue, aValue, pValue};
  return CompiledExpr(e, {"v", "x", "a", "p"})(values);
}

bool commandAvailable(const std::string& command) {
  return std::system(("command -v " + command + " > /dev/null 2>&1").c_str()) == 0;
}

/// A fresh directory of this test's own (see TemporaryFolder), with shell helpers.
class ScratchDirectory : public memcosim::testing::TemporaryFolder {
 public:
  explicit ScratchDirectory(const std::string& tag) : TemporaryFolder("expression_" + tag) {}

  /// Runs a shell command inside the directory and returns its exit status.
  [[nodiscard]] int run(const std::string& command) const {
    const int status = std::system(("cd '" + path().string() + "' && " + command).c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  void write(const std::string& name, const std::string& text) const { std::ofstream(path() / name) << text; }

  [[nodiscard]] std::string read(const std::string& name) const {
    std::ostringstream text;
    text << std::ifstream(path() / name).rdbuf();
    return text.str();
  }
};

/// The Yakopcic-style model pieces used below (docs/design.md, "Device models"), written with parameter symbols.
Expr yakopcicLike() {
  const Expr a1 = Expr::symbol("a1");
  const Expr b = Expr::symbol("b");
  const Expr vp = Expr::symbol("vp");
  const Expr vn = Expr::symbol("vn");
  const Expr amplitude = Expr::symbol("ap");
  const Expr current = select(v >= 0.0, a1 * x * sinh(b * v), 0.5 * a1 * x * sinh(b * v));
  const Expr threshold =
      select(v > vp, amplitude * (exp(v) - exp(vp)), select(v < -vn, -amplitude * (exp(-v) - exp(vn)), 0.0));
  const Expr extras = pow(x, 3.0) * exp(v) - min(v, x) * max(-v, 0.5 * x) + abs(v) * tanh(v) + pow(v, 3.0) -
                      pow(v, 2.0) / Expr::symbol("ron") + log(x) * sqrt(x) + 0.25 * sign(v) + step(v - 0.3) * cosh(v) +
                      pow(x, 2.5);
  return current + 1e-3 * threshold + extras;
}

}  // namespace

TEST_CASE("Expr builders fold constants and trivial identities", "[devices]") {
  CHECK(ngspiceText(x + 0.0) == "x");
  CHECK(ngspiceText(0.0 + x) == "x");
  CHECK(ngspiceText(x - 0.0) == "x");
  CHECK(ngspiceText(1.0 * x) == "x");
  CHECK(ngspiceText(x * 1.0) == "x");
  CHECK(ngspiceText(x / 1.0) == "x");
  CHECK(ngspiceText(-(-x)) == "x");
  CHECK(ngspiceText(pow(x, 1.0)) == "x");
  CHECK(isFold(0.0 * x, 0.0));
  CHECK(isFold(x * 0.0, 0.0));
  CHECK(isFold(x - x, 0.0));
  CHECK(isFold(pow(x, 0.0), 1.0));
  CHECK(isFold(Expr(2.0) * 3.0 + 1.0, 7.0));
  CHECK(isFold(exp(Expr(0.0)), 1.0));
  CHECK(isFold(sign(Expr(-2.0)), -1.0));
  CHECK(isFold(step(Expr(0.0)), 0.0));
  CHECK(isFold(min(Expr(2.0), 3.0) + max(Expr(2.0), 3.0), 5.0));
  CHECK(ngspiceText(x * 2.0) == "2*x");
  CHECK(ngspiceText(x + Expr(-2.0)) == "x - 2");
  CHECK(ngspiceText(x * Expr(-2.0)) == "-(2*x)");
  CHECK(ngspiceText(x - (-v)) == "x + v");
  CHECK(ngspiceText(-(x - v)) == "v - x");
  CHECK(ngspiceText(select(Expr(1.0) < 2.0, x, v)) == "x");
  CHECK(ngspiceText(select(v > 0.0, x, x)) == "x");
  CHECK(ngspiceText(select(logicalNot(v > 0.0), x, a)) == "(v > 0) ? a : x");
  CHECK(ngspiceText(logicalAnd(Expr(1.0) < 2.0, v > 0.0)) == "v > 0");
  CHECK(ngspiceText(logicalOr(Expr(1.0) > 2.0, v > 0.0)) == "v > 0");
  CHECK(ngspiceText(logicalNot(logicalNot(v > 0.0))) == "v > 0");
  CHECK(ngspiceText(abs(-abs(x))) == "abs(x)");
  // A constant subtree whose value is not finite stays unfolded (and printable).
  CHECK_FALSE(log(Expr(0.0)).isConstant());
  CHECK(ngspiceText(log(Expr(0.0))) == "ln(0)");
  // Derivatives come out folded.
  CHECK(ngspiceText(derivative(3.0 * x * x + 2.0 * x + 1.0, "x")) == "3*x + 3*x + 2");
  CHECK(isFold(derivative(step(x) + sign(x) + v, "x"), 0.0));
  CHECK(ngspiceText(derivative(exp(2.0 * x), "x")) == "2*exp(2*x)");
  CHECK(ngspiceText(derivative(abs(x), "x")) == "sgn(x)");
}

TEST_CASE("Expr rejects non-finite constants, bad names and mixed types", "[devices]") {
  CHECK_THROWS_AS(Expr(std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(Expr(HUGE_VAL), std::invalid_argument);
  CHECK_THROWS_AS(Expr::symbol(""), std::invalid_argument);
  CHECK_THROWS_AS(Expr::symbol("1x"), std::invalid_argument);
  CHECK_THROWS_AS(Expr::symbol("V(p)"), std::invalid_argument);
  CHECK_THROWS_AS((v > 0.0) + 1.0, std::invalid_argument);
  CHECK_THROWS_AS(exp(v > 0.0), std::invalid_argument);
  CHECK_THROWS_AS(select(v, 1.0, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(select(v > 0.0, v > 1.0, 2.0), std::invalid_argument);
  CHECK_THROWS_AS(logicalAnd(v, v > 0.0), std::invalid_argument);
  CHECK_THROWS_AS(logicalNot(v), std::invalid_argument);
  CHECK_THROWS_AS(derivative(v > 0.0, "v"), std::invalid_argument);
  CHECK_THROWS_AS(x.constantValue(), std::logic_error);
  CHECK((v * x + Expr::symbol("ron")).symbols() == std::set<std::string>{"ron", "v", "x"});
}

TEST_CASE("CompiledExpr names the symbols missing from its slots", "[devices]") {
  const Expr e = v * Expr::symbol("ron") + Expr::symbol("zz");
  try {
    CompiledExpr compiled(e, {"v"});
    FAIL("no exception for unknown symbols");
  } catch (const std::invalid_argument& error) {
    const std::string message = error.what();
    CHECK(message.find("'ron'") != std::string::npos);
    CHECK(message.find("'zz'") != std::string::npos);
    CHECK(message.find("'v'") == std::string::npos);
  }
  CHECK_THROWS_AS(CompiledExpr(v, {"v", "v"}), std::invalid_argument);
  const CompiledExpr compiled(v * x, {"v", "x"});
  const std::vector<double> tooFew{1.0};
  CHECK_THROWS_AS(compiled(tooFew), std::invalid_argument);
}

TEST_CASE("CompiledExpr evaluates the documented semantics", "[devices]") {
  const std::vector<double> vs{-0.7, -0.1, 0.0, 0.2, 0.9};
  for (const double vv : vs) {
    const double xx = 0.35;
    // Nonlinear ion drift current, docs/design.md, "Device models": i = x^n β sinh(α v) + χ (e^{γ v} − 1).
    const Expr drift = pow(x, 14.0) * 9.0 * sinh(2.0 * v) + 0.01 * (exp(4.0 * v) - 1.0);
    CHECK(evaluate(drift, vv, xx) ==
          Approx(std::pow(xx, 14.0) * 9.0 * std::sinh(2.0 * vv) + 0.01 * (std::exp(4.0 * vv) - 1.0)).epsilon(1e-14));
    CHECK(evaluate(sign(v), vv, xx) == static_cast<double>((vv > 0.0) - (vv < 0.0)));
    CHECK(evaluate(step(v), vv, xx) == (vv > 0.0 ? 1.0 : 0.0));
    CHECK(evaluate(abs(v) + min(v, x) * max(v, -x), vv, xx) ==
          Approx(std::fabs(vv) + std::fmin(vv, xx) * std::fmax(vv, -xx)).epsilon(1e-15));
    CHECK(evaluate(pow(v, 3.0), vv, xx) == Approx(vv * vv * vv).epsilon(1e-15));
    const Expr windowed =
        select(logicalOr(v < -0.5, logicalAnd(x > 0.3, logicalNot(v > 0.5))), log(x) / sqrt(x), tanh(v) * cosh(x));
    const bool taken = vv < -0.5 || (xx > 0.3 && !(vv > 0.5));
    CHECK(evaluate(windowed, vv, xx) == Approx(taken ? std::log(xx) / std::sqrt(xx) : std::tanh(vv) * std::cosh(xx)));
    CHECK(evaluate(v <= x, vv, xx) == (vv <= xx ? 1.0 : 0.0));
  }
  CHECK(std::isnan(evaluate(min(log(v), x), -1.0, 0.5)));  // NaN is never hidden by min/max
  CHECK(std::isnan(evaluate(max(x, log(v)), -1.0, 0.5)));
  CHECK(evaluate(Expr(4.5), 0.0, 0.0) == 4.5);
  const CompiledExpr noSlots(Expr(2.0) * 3.0, {});
  CHECK(noSlots(std::span<const double>{}) == 6.0);
}

TEST_CASE("derivative agrees with central finite differences", "[devices]") {
  const std::vector<Expr> expressions{
      x * sinh(2.0 * v),
      pow(x, 14.0) * 9.0 * sinh(2.0 * v) + 0.01 * (exp(4.0 * v) - 1.0),
      4.0 * pow(v, 13.0) * (1.0 - pow(2.0 * x - 1.0, 2.0)),  // Joglekar window, p = 1
      v / (100.0 * x + 16000.0 * (1.0 - x)),
      log(1.0 + x * x) * sqrt(x + 2.0),
      tanh(v * x) / cosh(v),
      pow(x, p) * v,
      pow(abs(v) + 1.0, x * p),
      abs(v) * v,
      min(v, x) * max(v * v, x),
      select(v > 0.16, 4000.0 * (exp(v) - exp(0.16)), select(v < -0.15, -4000.0 * (exp(-v) - exp(0.15)), 0.0)) *
          exp(-(x - 0.3)),
      1.0 / (1.0 + exp(-38.7 * (v - 0.27))),  // MMS switching probability
      exp(-exp((x - 0.5) / 0.1)),             // Kvatinsky window
      sqrt(x) * sign(v) * v,
      (v - x) / (v + x + 3.0) - v / x,
      step(v - 0.1) * v * v + x,
      pow(v, -3.0) * x,
  };
  const std::vector<double> vs{-0.8, -0.3, 0.05, 0.4, 0.9};
  const std::vector<double> xs{0.2, 0.55, 0.8};
  const std::vector<std::string> names{"v", "x", "p"};
  const double pValue = 2.5;
  for (std::size_t k = 0; k < expressions.size(); ++k) {
    const CompiledExpr f(expressions[k], {"v", "x", "p"});
    for (std::size_t s = 0; s < names.size(); ++s) {
      const CompiledExpr df(derivative(expressions[k], names[s]), {"v", "x", "p"});
      for (const double vv : vs) {
        for (const double xx : xs) {
          std::vector<double> at{vv, xx, pValue};
          const double h = 1e-6 * std::max(1.0, std::fabs(at[s]));
          std::vector<double> up = at;
          std::vector<double> down = at;
          up[s] += h;
          down[s] -= h;
          const double central = (f(up) - f(down)) / (2.0 * h);
          const double exact = df(at);
          const double scale = std::max({1.0, std::fabs(exact), std::fabs(f(at))});
          INFO("expression " << k << ": " << ngspiceText(expressions[k]) << ", d/d" << names[s] << " at v=" << vv
                             << " x=" << xx);
          CHECK(std::fabs(central - exact) <= 1e-6 * scale);
        }
      }
    }
  }
}

TEST_CASE("print writes shortest round-trip numbers in each language", "[devices]") {
  CHECK(ngspiceText(Expr(0.1)) == "0.1");
  CHECK(ngspiceText(Expr(1e-7) * v) == "1e-07*v");
  CHECK(ngspiceText(Expr(-0.0) + v) == "v");
  CHECK(print(Expr(2.0) * v, Language::VerilogA, plain) == "2.0*v");
  CHECK(print(Expr(1e20) * v, Language::VerilogA, plain) == "1e+20*v");
  CHECK(print(Expr(2.0) * v, Language::Xyce, plain) == "2*v");
  // Negative numbers: bare where unambiguous, parenthesised as a right operand.
  CHECK(ngspiceText(Expr(-3.0)) == "-3");
  CHECK(ngspiceText(min(x, -3.0)) == "min(x, -3)");
  CHECK(ngspiceText(select(v > -1.5, -3.0, x)) == "(v > -1.5) ? -3 : x");
  CHECK(ngspiceText(v < -3.0) == "v < -3");
  CHECK(print(pow(v, -3.0), Language::Xyce, plain) == "pow(v, -3)");
  // ngspice keeps only 11 significant digits of a literal: longer ones are split exactly.
  CHECK(ngspiceText(Expr(3.141592653589793) * v) == "(3.1415926536 - 1.0206946399e-11)*v");
  CHECK(print(Expr(3.141592653589793) * v, Language::Xyce, plain) == "3.141592653589793*v");

  // Round trip through text, independent of the C locale's decimal separator.
  const char* previous = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = previous != nullptr ? previous : "C";
  std::setlocale(LC_NUMERIC, "de_DE.UTF-8");  // stays "C" where the locale is not installed
  for (const double value :
       {0.1, 1.0 / 3.0, 6.02214076e23, 1.602176634e-19, 4000.0, 5e-324, 1.7976931348623157e308, 123456789012.0}) {
    const std::string text = print(Expr(value), Language::Xyce, plain);
    double parsed = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    CHECK(parsed == value);
    CHECK(text.find(',') == std::string::npos);
  }
  std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST_CASE("print uses exactly the parentheses the tree needs", "[devices]") {
  CHECK(ngspiceText(x - (v - a)) == "x - (v - a)");
  CHECK(ngspiceText((x - v) - a) == "x - v - a");
  CHECK(ngspiceText(x / (v * a)) == "x/(v*a)");
  CHECK(ngspiceText((x / v) * a) == "x/v*a");
  CHECK(ngspiceText(x * (v / a)) == "x*(v/a)");
  CHECK(ngspiceText(x + (v + a)) == "x + (v + a)");
  CHECK(ngspiceText((x + v) * a) == "(x + v)*a");
  CHECK(ngspiceText(-(x + v)) == "-(x + v)");
  CHECK(ngspiceText(-x * v) == "-(x*v)");
  CHECK(ngspiceText(x - v * a) == "x - v*a");
  CHECK(ngspiceText(select(v > 0.0, select(x > 0.0, 1.0, 2.0), select(x < 0.0, 3.0, a))) ==
        "(v > 0) ? ((x > 0) ? 1 : 2) : ((x < 0) ? 3 : a)");
  CHECK(ngspiceText(select(v > 0.0, 1.0, 2.0) * x) == "((v > 0) ? 1 : 2)*x");
  CHECK(ngspiceText(x + 1.0 < v * 2.0) == "x + 1 < 2*v");
  CHECK(ngspiceText(logicalOr(v < 0.0, logicalAnd(x > 1.0, logicalNot(a >= 2.0)))) ==
        "(v < 0) || ((x > 1) && !(a >= 2))");
}

TEST_CASE("print speaks each language's dialect", "[devices]") {
  const Expr e = select(logicalAnd(v > 0.0, logicalNot(x < 1.0)), log(x) * pow(v, 3.0), pow(v, 2.0) - sign(v));
  CHECK(print(e, Language::Ngspice, plain) ==
        "((v > 0) && !(x < 1)) ? ln(x)*(v*pow(abs(v), 2)) : pow(abs(v), 2) - sgn(v)");
  CHECK(print(e, Language::Xyce, plain) == "if((v > 0) & ~(x < 1), ln(x)*pow(v, 3), pow(v, 2) - sgn(v))");
  CHECK(print(e, Language::VerilogA, plain) ==
        "((v > 0.0) && !(x < 1.0)) ? ln(x)*pow(v, 3.0) : "
        "pow(v, 2.0) - ((v > 0.0) ? 1.0 : ((v < 0.0) ? -1.0 : 0.0))");
  const auto spiceNames = [](const std::string& name) {
    return name == "v" ? std::string("V(p,n)") : name == "x" ? std::string("V(x)") : name;
  };
  CHECK(print(x * v + Expr::symbol("ron"), Language::Ngspice, spiceNames) == "V(x)*V(p,n) + ron");
}

TEST_CASE("ngspice evaluates printed expressions like CompiledExpr", "[devices]") {
  if (!commandAvailable("ngspice")) {
    WARN("ngspice not on PATH: skipping the ngspice cross-check");
    return;
  }
  const Expr model = yakopcicLike();
  const std::vector<Expr> expressions{
      model,
      derivative(model, "v"),
      derivative(model, "x"),
      x - (v - a),
      (x - v) - a,
      x / (v * a),
      (x / v) * a,
      x * (v / a),
      -(x + v) * a,
      2.0 - v - 3.0,
      Expr(-2.5) * v + 1.0,
      pow(v, 3.0) + pow(v, 4.0) + pow(x - v, 5.0) + pow(v - 2.0, -3.0),
      select(v < 0.0, -3.0, x),
      -(v * v) + 1.0,
      1.0 / (1.0 + exp(-v / 0.1)),
      Expr(3.141592653589793) * v + exp(Expr(0.16)) * x,
      select(logicalOr(v < -0.5, logicalAnd(x > 0.3, logicalNot(v > 0.5))), v, x),
  };
  const std::map<std::string, double> parameters{{"a", 1.5},   {"a1", 0.17},   {"b", 0.05},   {"vp", 0.16},
                                                 {"vn", 0.15}, {"ap", 4000.0}, {"ron", 100.0}};
  const auto spiceNames = [](const std::string& name) {
    return name == "v" ? std::string("V(vv)") : name == "x" ? std::string("V(vx)") : name;
  };

  std::ostringstream deck;
  deck << "memcosim expression cross-check\n";
  for (const auto& [name, value] : parameters) deck << ".param " << name << "=" << value << "\n";
  deck << "Vv vv 0 DC 0\nVx vx 0 DC 0\n";
  std::string vectors = "v(vv) v(vx)";
  for (std::size_t k = 0; k < expressions.size(); ++k) {
    deck << "B" << k << " e" << k << " 0 V = " << print(expressions[k], Language::Ngspice, spiceNames) << "\nR" << k
         << " e" << k << " 0 1\n";
    vectors += " v(e" + std::to_string(k) + ")";
  }
  // Sweep points avoid every threshold (a select would make the comparison ill-posed).
  deck << ".dc Vv -0.95 0.95 0.3 Vx 0.15 0.85 0.35\n"
       << ".control\nset numdgt=17\nset wr_singlescale\nrun\nwrdata values.txt " << vectors
       << "\nquit 0\n.endc\n.end\n";
  const ScratchDirectory directory("ngspice");
  directory.write("check.cir", deck.str());
  INFO(deck.str());
  REQUIRE(directory.run("ngspice -b check.cir > ngspice.log 2>&1") == 0);
  INFO(directory.read("ngspice.log"));  // `quit 0` exits 0 even when the sweep failed

  std::ifstream values(directory.path() / "values.txt");
  REQUIRE(values.is_open());
  std::string line;
  int rows = 0;
  std::vector<double> slots(2 + parameters.size());
  std::vector<std::string> slotNames{"v", "x"};
  for (const auto& [name, value] : parameters) {
    slots[slotNames.size()] = value;
    slotNames.push_back(name);
  }
  while (std::getline(values, line)) {
    std::istringstream columns(line);
    std::vector<double> row;
    for (double value = 0.0; columns >> value;) row.push_back(value);
    if (row.empty()) continue;
    REQUIRE(row.size() == 3 + expressions.size());  // sweep, v, x, then one per expression
    ++rows;
    slots[0] = row[1];
    slots[1] = row[2];
    for (std::size_t k = 0; k < expressions.size(); ++k) {
      const double native = CompiledExpr(expressions[k], slotNames)(slots);
      const double spice = row[3 + k];
      INFO("expression " << k << " at v=" << row[1] << " x=" << row[2] << ": "
                         << print(expressions[k], Language::Ngspice, spiceNames));
      CHECK(std::fabs(spice - native) <= 1e-9 * std::max(std::fabs(native), 1e-3));
    }
  }
  CHECK(rows == 7 * 3);
}

TEST_CASE("Verilog-A text parses with admsXml", "[devices]") {
  if (!commandAvailable("admsXml")) {
    WARN("admsXml not on PATH: skipping the Verilog-A parse check");
    return;
  }
  const Expr model = yakopcicLike();
  const auto vaNames = [](const std::string& name) {
    return name == "v" ? std::string("V(p, n)") : name == "x" ? std::string("V(x)") : name;
  };
  const auto module = [&](const std::string& body) {
    return "`include \"disciplines.vams\"\n"
           "module expression_check(p, n, x);\n"
           "  inout p, n, x;\n"
           "  electrical p, n, x;\n"
           "  parameter real a1 = 0.17;\n  parameter real b = 0.05;\n"
           "  parameter real vp = 0.16;\n  parameter real vn = 0.15;\n"
           "  parameter real ap = 4000.0;\n  parameter real ron = 100.0;\n"
           "  analog begin\n" +
           body + "  end\nendmodule\n";
  };
  std::string body;
  body += "    I(p, n) <+ " + print(model, Language::VerilogA, vaNames) + ";\n";
  body += "    I(x) <+ " + print(derivative(model, "v"), Language::VerilogA, vaNames) + ";\n";
  body += "    I(x) <+ " + print(derivative(model, "x"), Language::VerilogA, vaNames) + ";\n";
  const ScratchDirectory directory("admsxml");
  directory.write("good.va", module(body));
  INFO(module(body));
  // Without -e scripts admsXml only parses and elaborates; it exits non-zero on any error.
  const int status = directory.run("admsXml good.va > good.log 2>&1");
  INFO(directory.read("good.log"));
  CHECK(status == 0);
  // The check has teeth: an unknown function and a syntax error are both rejected.
  directory.write("unknown.va", module("    I(p, n) <+ sgn(V(p, n));\n"));
  CHECK(directory.run("admsXml unknown.va > unknown.log 2>&1") != 0);
  directory.write("syntax.va", module("    I(p, n) <+ (V(p, n) > 0.0) ? 1.0 0.0;\n"));
  CHECK(directory.run("admsXml syntax.va > syntax.log 2>&1") != 0);
}

}  // namespace memcosim::devices
