// Tests of the Knowm mean metastable switch model (src/devices/models/mms.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "model_checks.h"

namespace memcosim::devices {
namespace {

const ModelDefinition& model() { return ModelRegistry::instance().find("mms"); }

// Stimulus: 0.5 V, 1 kHz sine: beyond V_on = 0.27 V the switches flip with τ = 100 µs, a
// sizeable fraction of the ≈ 170 µs spent above threshold in each half period.
const testing::SineStimulus kStimulus{0.5, 1000.0};

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

TEST_CASE("mms: equations at reference points", "[devices]") {
  NativeDevice device{ParameterSet(model())};
  const double beta = 1.602176634e-19 / (1.380649e-23 * 298.5);
  for (const double v : {-0.5, -0.1, 0.0, 0.2, 0.3, 0.6}) {
    for (const double x : {0.0, 0.3, 1.0}) {
      const double i = v * (x / 500.0 + (1 - x) / 1500.0);
      const double rate = (sigmoid(beta * (v - 0.27)) * (1 - x) - (1 - sigmoid(beta * (v + 0.27))) * x) / 1e-4;
      CHECK(device.current(v, x) == Approx(i).margin(1e-300));
      CHECK(device.stateRate(v, x) == Approx(rate).margin(1e-9));
    }
  }
  CHECK(device.resistance(1.0) == Approx(500.0));
  CHECK(device.resistance(0.0) == Approx(1500.0));
}

TEST_CASE("mms: pinched I-V loop, state within bounds", "[devices]") {
  testing::checkPinchedAndBounded(ParameterSet(model()), kStimulus);
}

TEST_CASE("mms: lobe area shrinks with frequency", "[devices]") {
  testing::checkLobeAreaShrinks(ParameterSet(model()), kStimulus);
}

TEST_CASE("mms: ngspice and native integration agree", "[devices]") {
  CHECK(testing::ngspiceNativeDifference(ParameterSet(model()), kStimulus) <= 0.01);
}

TEST_CASE("mms: Verilog-A parses", "[devices]") { testing::checkVerilogAParses(model()); }

TEST_CASE("mms: aggressive corner, tau = 10 ns, both engines agree", "[devices]") {
  ParameterSet parameters(model());
  parameters.set("tau", 1e-8);
  testing::checkCornerAgrees(parameters, {0.5, 1e3, 3}, 0.0);
}

TEST_CASE("mms: an initial state outside [0, 1] and ron > roff are refused", "[devices]") {
  // Formerly clipped silently, and the engines then disagreed (576-692 Ohm vs 500 Ohm).
  testing::checkInitialStateRefused(ParameterSet(model()), 5.0, "x = 5");
  ParameterSet swapped(model());
  swapped.set("ron", 2000.0);
  testing::checkInconsistentRefused(swapped, "ron = 2000");
}

}  // namespace memcosim::devices
