// Tests of the volatile threshold switch (src/devices/models/threshold_switch.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "model_checks.h"
#include "programming/weight_models.h"

namespace memcosim::devices {
namespace {

const ModelDefinition& model() { return ModelRegistry::instance().find("threshold-switch"); }

// Stimulus: 0.3 V, 100 kHz sine: above V_on = 0.11 V for ≈ 3 µs of each 10 µs period, a few
// τ = 1 µs, so the device sets part way and relaxes in the negative half.
const testing::SineStimulus kStimulus{0.3, 1e5};

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

TEST_CASE("threshold-switch: equations at reference points", "[devices]") {
  NativeDevice device{ParameterSet(model())};
  for (const double v : {-0.3, -0.01, 0.0, 0.005, 0.05, 0.11, 0.2}) {
    for (const double x : {0.0, 0.4, 1.0}) {
      const double i = v * (x / 1e3 + (1 - x) / 1e5);
      const double rate = ((1 - x) * sigmoid((v - 0.11) / 0.015) - x * sigmoid((0.005 - v) / 0.015)) / 1e-6;
      CHECK(device.current(v, x) == Approx(i).margin(1e-300));
      CHECK(device.stateRate(v, x) == Approx(rate).margin(1e-6));
    }
  }
  CHECK(device.resistance(1.0) == Approx(1e3));
  CHECK(device.resistance(0.0) == Approx(1e5));
}

TEST_CASE("threshold-switch: volatile, it sets above von and forgets at rest", "[devices]") {
  // A 0.3 V pulse for 10 µs (10 τ), then 0 V: on within the pulse, off again within 10 τ after.
  const ParameterSet parameters(model());
  std::vector<double> times;
  for (int k = 0; k <= 400; ++k) times.push_back(k * 1e-7);
  const Trace trace = simulate(
      parameters, [](double t) { return t < 1e-5 ? 0.3 : 0.0; }, times, 0.0, 0.0);
  CHECK(trace.state[100] > 0.95);  // end of the pulse
  CHECK(trace.state[200] < 0.02);  // 10 µs of rest later
  // At rest x settles at σ(−7.3)/(σ(−7.3) + σ(0.33)) = 1.1e-3, not 0: the set rate is never zero.
  CHECK(trace.state[400] == Approx(1.1e-3).epsilon(0.05));
}

TEST_CASE("threshold-switch: pinched I-V loop, state within bounds", "[devices]") {
  testing::checkPinchedAndBounded(ParameterSet(model()), kStimulus);
}

TEST_CASE("threshold-switch: lobe area shrinks with frequency", "[devices]") {
  testing::checkLobeAreaShrinks(ParameterSet(model()), kStimulus);
}

TEST_CASE("threshold-switch: ngspice and native integration agree", "[devices]") {
  CHECK(testing::ngspiceNativeDifference(ParameterSet(model()), kStimulus) <= 0.01);
}

TEST_CASE("threshold-switch: Verilog-A parses", "[devices]") { testing::checkVerilogAParses(model()); }

TEST_CASE("threshold-switch: sharp corner, kth = 1 mV and tau = 1 ns, both engines agree", "[devices]") {
  ParameterSet parameters(model());
  parameters.set("kth", 1e-3);
  parameters.set("tau", 1e-9);
  testing::checkCornerAgrees(parameters, {0.3, 1e5, 3}, 0.0);
}

TEST_CASE("threshold-switch: swapped thresholds and resistances are refused; not a weight", "[devices]") {
  testing::checkInitialStateRefused(ParameterSet(model()), 1.5, "x = 1.5");
  ParameterSet swapped(model());
  swapped.set("voff", 0.2);
  testing::checkInconsistentRefused(swapped, "voff = 0.2");
  ParameterSet resistances(model());
  resistances.set("ron", 2e5);
  testing::checkInconsistentRefused(resistances, "ron = 2e5");
  CHECK_THROWS_WITH(programming::fitWindow("threshold-switch", 1e3, 10.0, {}),
                    Catch::Contains("volatile") && Catch::Contains("cannot be used as a weight"));
}

}  // namespace memcosim::devices
