// Tests of the nonlinear ion drift model (src/devices/models/nonlinear_ion_drift.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "model_checks.h"

namespace memcosim::devices {
namespace {

const ModelDefinition& model() { return ModelRegistry::instance().find("nonlinear-ion-drift"); }

// Stimulus: 1 V, 1 Hz sine. dx/dt = 4 v^13 f(x) moves x by ≈ 0.2 per half period from 0.5,
// and x^14 β sinh(α v) is then comparable to the rectifying term χ(e^{γ v} − 1).
const testing::SineStimulus kStimulus{1.0, 1.0};

}  // namespace

TEST_CASE("nonlinear-ion-drift: equations at reference points", "[devices]") {
  NativeDevice device{ParameterSet(model())};
  for (const double v : {-0.7, 0.0, 0.3, 1.1}) {
    for (const double x : {0.0, 0.25, 0.9}) {
      const double i = std::pow(x, 14) * 9.0 * std::sinh(2.0 * v) + 0.01 * (std::exp(4.0 * v) - 1.0);
      const double rate = 4.0 * std::pow(v, 13) * (1.0 - std::pow(2 * x - 1, 2));
      CHECK(device.current(v, x) == Approx(i).margin(1e-300));
      CHECK(device.stateRate(v, x) == Approx(rate).margin(1e-300));
    }
  }
  CHECK(device.current(0.0, 0.7) == 0.0);  // pinched: χ(e^0 − 1) = 0
}

TEST_CASE("nonlinear-ion-drift: pinched I-V loop, state within bounds", "[devices]") {
  testing::checkPinchedAndBounded(ParameterSet(model()), kStimulus);
}

TEST_CASE("nonlinear-ion-drift: lobe area shrinks with frequency", "[devices]") {
  testing::checkLobeAreaShrinks(ParameterSet(model()), kStimulus);
}

TEST_CASE("nonlinear-ion-drift: ngspice and native integration agree", "[devices]") {
  CHECK(testing::ngspiceNativeDifference(ParameterSet(model()), kStimulus) <= 0.01);
}

TEST_CASE("nonlinear-ion-drift: Verilog-A parses", "[devices]") { testing::checkVerilogAParses(model()); }

TEST_CASE("nonlinear-ion-drift: aggressive corner, a = 1e4 and p = 0.5, both engines agree", "[devices]") {
  // 2500x the rate constant: the state crosses its range within a few ms of each half cycle;
  // p = 0.5 makes the Joglekar window linear at the bounds (sharpest of the allowed range).
  ParameterSet parameters(model());
  parameters.set("a", 1e4);
  parameters.set("p", 0.5);
  testing::checkCornerAgrees(parameters, {1.0, 10.0, 3}, 0.5, 0.0, 1e-6);
}

TEST_CASE("nonlinear-ion-drift: an initial state outside [0, 1] is refused", "[devices]") {
  testing::checkInitialStateRefused(ParameterSet(model()), -0.25, "-0.25");
}

}  // namespace memcosim::devices
