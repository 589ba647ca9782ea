// Tests of devices/models/vteam: rate and windows against the published formulas, I-V loop,
// ngspice vs native agreement, Verilog-A.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "devices/model.h"
#include "model_checks.h"

namespace {

using memcosim::devices::Expr;
using memcosim::devices::ModelDefinition;
using memcosim::devices::ModelRegistry;
using memcosim::devices::ParameterSet;
using memcosim::devices::testing::evaluateModelExpr;
using memcosim::devices::testing::ngspiceNativeDifference;

const ModelDefinition& vteamModel() { return ModelRegistry::instance().find("vteam"); }

// ---- an independent transcription of VTEAM (Kvatinsky 2015, eqs. 1-3) and its windows ----
struct VteamReference {
  double ron = 50, roff = 1e3, xon = 0, xoff = 3e-9, kon = -10, koff = 5e-4;
  double alphaon = 3, alphaoff = 1, von = -0.2, voff = 0.02;
  int wt = 0;
  double p = 2, j = 1, aon = 0, aoff = 3e-9, wc = 1.07e-12;

  [[nodiscard]] double window(double x, double v) const {
    const double xn = (x - xon) / (xoff - xon);
    switch (wt) {
      case 1:
        return 1 - std::pow(2 * xn - 1, 2 * p);  // Joglekar
      case 2:
        return 1 - std::pow(xn - (v <= 0 ? 1.0 : 0.0), 2 * p);  // Biolek, stp(-v)
      case 3:
        return j * (1 - std::pow(std::pow(xn - 0.5, 2) + 0.75, p));  // Prodromakis
      case 4:
        return v > 0 ? std::exp(-std::exp((x - aoff) / wc)) : std::exp(-std::exp(-(x - aon) / wc));
      default:
        return 1;
    }
  }
  [[nodiscard]] double rate(double v, double x) const {
    if (v > voff) return koff * std::pow(v / voff - 1, alphaoff) * window(x, v);
    if (v < von) return kon * std::pow(v / von - 1, alphaon) * window(x, v);
    return 0;
  }
};

// Stimulus: 1 V sine from the on state. Off-switching (k_off = 5e-4 m/s, alpha_off = 1) takes
// ~0.1 us at 1 V: at 1 MHz the device switches fully off each cycle, at 10 MHz to ~0.8 nm, at
// 100 MHz to ~0.08 nm, at 1 GHz to ~8 pm; on-switching (k_on = -10 m/s, alpha_on = 3) is fast once
// v < -0.25 V. The lobe area falls over 10 MHz, 100 MHz, 1 GHz (it peaks near 10 MHz).
const memcosim::devices::testing::SineStimulus kStimulus{1.0, 1e7};

}  // namespace

TEST_CASE("vteam: definition shares TEAM's names, thresholds are voltages", "[devices]") {
  const auto& model = vteamModel();
  for (const char* name : {"ron", "roff", "kon", "koff", "alphaon", "alphaoff", "von", "voff", "xon", "xoff", "wt",
                           "wc", "aon", "aoff", "p", "j"}) {
    INFO(name);
    CHECK_NOTHROW(ParameterSet(model).get(name));
  }
  CHECK(model.state.unit == "m");
  CHECK(ParameterSet(model).get("von") == -0.2);
  CHECK(ParameterSet(model).get("voff") == 0.02);
}

TEST_CASE("vteam: switching rate matches the published formula", "[devices]") {
  const auto& model = vteamModel();
  const VteamReference reference;
  const double x = 1.2e-9;
  for (double v : {1.0, 0.05, -1.0, -0.3, 0.01, -0.1, 0.0}) {
    INFO("v = " << v);
    CHECK(evaluateModelExpr(model.stateRate, model, {}, v, x) == Approx(reference.rate(v, x)).margin(1e-30));
  }
  CHECK(reference.rate(1.0, x) == Approx(5e-4 * 49));
  CHECK(reference.rate(-1.0, x) == Approx(-10 * 64));
  CHECK(evaluateModelExpr(model.stateRate, model, {}, 0.01, x) == 0.0);
  CHECK(evaluateModelExpr(model.stateRate, model, {}, -0.1, x) == 0.0);
  CHECK(evaluateModelExpr(model.current, model, {}, 1.0, x) == Approx(1.0 / 430.0));
}

TEST_CASE("vteam: each window wt = 0..4 matches its formula", "[devices]") {
  const auto& model = vteamModel();
  for (int wt = 0; wt <= 4; ++wt) {
    VteamReference reference;
    reference.wt = wt;
    reference.p = 3;
    reference.j = 0.8;
    const std::map<std::string, double> overrides = {{"wt", wt}, {"p", 3}, {"j", 0.8}};
    for (double x : {0.3e-9, 1.2e-9, 2.7e-9, 1e-12, 3e-9 - 1e-12, 3e-9 - 3e-12}) {
      for (double v : {1.0, -1.0}) {
        INFO("wt = " << wt << ", x = " << x << ", v = " << v);
        CHECK(evaluateModelExpr(model.stateRate, model, overrides, v, x) ==
              Approx(reference.rate(v, x)).epsilon(1e-12).margin(1e-300));
      }
    }
  }
}

TEST_CASE("vteam: the rate is held at the state bounds, xon and xoff", "[devices]") {
  memcosim::devices::testing::checkRateHeldAtLengthBounds(vteamModel());
}

TEST_CASE("vteam: sine I-V loop is pinched, bounded and shrinks with frequency", "[devices]") {
  const ParameterSet parameters(vteamModel());
  memcosim::devices::testing::checkPinchedAndBounded(parameters, kStimulus);
  memcosim::devices::testing::checkLobeAreaShrinks(parameters, kStimulus);
}

TEST_CASE("vteam: ngspice and the native integrator agree on a sine", "[devices]") {
  const ParameterSet parameters(vteamModel());
  CHECK(ngspiceNativeDifference(parameters, kStimulus.atFrequency(1e6), 0.0, 1e-5) <= 0.01);  // full switching
  CHECK(ngspiceNativeDifference(parameters, kStimulus.atFrequency(1e7), 0.0, 1e-5) <= 0.01);  // partial switching
}

TEST_CASE("vteam: Verilog-A parses with admsXml", "[devices]") {
  memcosim::devices::testing::checkVerilogAParses(vteamModel());
}

TEST_CASE("vteam: aggressive corner, Kvatinsky window with alpha = 10, both engines agree", "[devices]") {
  ParameterSet parameters(vteamModel());
  for (const auto& [name, value] : std::map<std::string, double>{
           {"wt", 4}, {"wc", 1e-12}, {"alphaon", 10}, {"alphaoff", 10}, {"koff", 1.0}, {"kon", -100.0}})
    parameters.set(name, value);
  memcosim::devices::testing::checkCornerAgrees(parameters, kStimulus.atFrequency(1e6), 0.0);
}

TEST_CASE("vteam: moving xoff and xon moves the loop in both engines", "[devices]") {
  // Formerly xoff = 6 nm still clipped at 3 nm (R topped out at 525 Ohm instead of 1 kOhm).
  ParameterSet parameters(vteamModel());
  parameters.set("xoff", 6e-9);
  memcosim::devices::testing::checkStateReaches(parameters, kStimulus.atFrequency(1e6), 0.0, 6e-9);
  const ParameterSet& p = parameters;
  const memcosim::devices::NativeDevice device(p);
  CHECK(device.resistance(6e-9) == Approx(1000.0));
  parameters.set("xon", 1e-9);
  memcosim::devices::testing::checkStateReaches(parameters, kStimulus.atFrequency(1e6), 3e-9, 1e-9);
}

TEST_CASE("vteam: ron > roff and an initial state outside [xon, xoff] are refused", "[devices]") {
  ParameterSet swapped(vteamModel());
  swapped.set("roff", 10.0);
  memcosim::devices::testing::checkInconsistentRefused(swapped, "roff = 10");
  memcosim::devices::testing::checkInitialStateRefused(ParameterSet(vteamModel()), -1e-9, "-1e-9");
}
