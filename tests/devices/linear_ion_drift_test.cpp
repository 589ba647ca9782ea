// Tests of the linear ion drift model (src/devices/models/linear_ion_drift.cpp) and its windows.
#include <catch2/catch.hpp>

#include <cmath>

#include "devices/models/windows.h"
#include "model_checks.h"

namespace memcosim::devices {
namespace {

const ModelDefinition& model() { return ModelRegistry::instance().find("linear-ion-drift"); }

double evaluate(const Expr& e, double x, double i, double p, double j) {
  return CompiledExpr(e, {"x", "i", "p", "j"})(std::vector<double>{x, i, p, j});
}

// Stimulus: 1.2 V, 1 Hz sine (Strukov's parameters give dx/dt ≈ 0.8/s at 1.2 V from x0 = 0.1,
// so one period moves x by ≈ 0.3: a wide loop).
const testing::SineStimulus kStimulus{1.2, 1.0};

}  // namespace

TEST_CASE("linear-ion-drift: window functions match the published formulas", "[devices]") {
  const Expr x = Expr::symbol("x"), i = Expr::symbol("i"), p = Expr::symbol("p"), j = Expr::symbol("j");
  for (const double xv : {0.0, 0.1, 0.37, 0.5, 0.8, 1.0}) {
    for (const double pv : {1.0, 2.0, 3.0}) {
      const double joglekar = 1.0 - std::pow(2.0 * xv - 1.0, 2.0 * pv);
      CHECK(evaluate(windows::joglekar(x, p), xv, 0, pv, 1) == Approx(joglekar).margin(1e-15));
      for (const double iv : {-1e-3, 0.0, 2e-3}) {
        const double stp = -iv >= 0.0 ? 1.0 : 0.0;
        const double biolek = 1.0 - std::pow(xv - stp, 2.0 * pv);
        CHECK(evaluate(windows::biolek(x, i, p), xv, iv, pv, 1) == Approx(biolek).margin(1e-15));
      }
      for (const double jv : {0.5, 1.0, 2.0}) {
        const double prodromakis = jv * (1.0 - std::pow(std::pow(xv - 0.5, 2.0) + 0.75, pv));
        CHECK(evaluate(windows::prodromakis(x, p, j), xv, 0, pv, jv) == Approx(prodromakis).margin(1e-15));
      }
    }
  }
  // Reference points worked by hand: Joglekar p=1 at x=0.25 is 1 − 0.25 = 0.75; Biolek p=1 at
  // x = 0.25 with i > 0 is 1 − 0.0625, with i < 0 it is 1 − 0.5625; Prodromakis j=1, p=1 at
  // x = 0 is 1 − 1 = 0 and at x = 0.5 is 0.25.
  CHECK(evaluate(windows::joglekar(x, p), 0.25, 0, 1, 1) == Approx(0.75));
  CHECK(evaluate(windows::biolek(x, i, p), 0.25, 1e-3, 1, 1) == Approx(0.9375));
  CHECK(evaluate(windows::biolek(x, i, p), 0.25, -1e-3, 1, 1) == Approx(0.4375));
  CHECK(evaluate(windows::prodromakis(x, p, j), 0.0, 0, 1, 1) == Approx(0.0).margin(1e-15));
  CHECK(evaluate(windows::prodromakis(x, p, j), 0.5, 0, 1, 1) == Approx(0.25));
}

TEST_CASE("linear-ion-drift: the model's window selector picks each window", "[devices]") {
  ParameterSet parameters(model());
  const double v = 0.5, xv = 0.3;
  for (const double window : {0.0, 1.0, 2.0, 3.0}) {
    parameters.set("window", window);
    parameters.set("p", 2.0);
    parameters.set("j", 1.5);
    NativeDevice device(parameters);
    const double r = 100.0 * xv + 16e3 * (1.0 - xv);
    const double i = v / r;
    const double k = 1e-14 * 100.0 / (10e-9 * 10e-9);
    const double f = window == 0.0   ? 1.0
                     : window == 1.0 ? 1.0 - std::pow(2 * xv - 1, 4.0)
                     : window == 2.0 ? 1.0 - std::pow(xv - 0.0, 4.0)
                                     : 1.5 * (1.0 - std::pow(std::pow(xv - 0.5, 2) + 0.75, 2.0));
    CHECK(device.current(v, xv) == Approx(i));
    CHECK(device.stateRate(v, xv) == Approx(k * i * f));
    CHECK(device.resistance(xv) == Approx(r));
  }
}

TEST_CASE("linear-ion-drift: pinched I-V loop, state within bounds", "[devices]") {
  for (const double window : {0.0, 1.0, 2.0, 3.0}) {
    ParameterSet parameters(model());
    parameters.set("window", window);
    INFO("window " << window);
    testing::checkPinchedAndBounded(parameters, kStimulus);
  }
}

TEST_CASE("linear-ion-drift: lobe area shrinks with frequency", "[devices]") {
  testing::checkLobeAreaShrinks(ParameterSet(model()), kStimulus);
}

TEST_CASE("linear-ion-drift: ngspice and native integration agree", "[devices]") {
  CHECK(testing::ngspiceNativeDifference(ParameterSet(model()), kStimulus) <= 0.01);
}

TEST_CASE("linear-ion-drift: ngspice and native agree with a series resistor, Biolek window", "[devices]") {
  ParameterSet parameters(model());
  parameters.set("window", 2.0);
  CHECK(testing::ngspiceNativeDifference(parameters, kStimulus, 5e3) <= 0.01);
}

TEST_CASE("linear-ion-drift: both engines hold the state at its upper bound", "[devices]") {
  ParameterSet parameters(model());
  parameters.set("window", 0.0);  // no window: only the bound holding stops the state
  const spice::Waveform ramp = spice::Pwl{{{0.0, 0.0}, {0.1, 3.0}, {1.0, 3.0}}};
  std::vector<double> times;
  for (int k = 0; k <= 1000; ++k) times.push_back(k * 1e-3);
  const Trace native = simulate(
      parameters, [&](double t) { return waveformValue(ramp, t); }, times, 0.0, 0.1);
  CHECK(native.state.back() == 1.0);
  spice::Session session;
  const Trace ngspice = simulateNgspice(session, parameters, ramp, times, 0.0, 0.1);
  CHECK(ngspice.state.back() == Approx(1.0).margin(1e-6));
  for (const double x : ngspice.state) CHECK(x <= 1.0 + 1e-6);
  const double difference = testing::normalisedRmsDifference(ngspice.current, native.current);
  WARN("linear-ion-drift saturating ramp: ngspice vs native current nRMS = " << difference);
  CHECK(difference <= 0.01);
}

TEST_CASE("linear-ion-drift: Verilog-A parses", "[devices]") { testing::checkVerilogAParses(model()); }

TEST_CASE("linear-ion-drift: aggressive corner, no window and 100x mobility, both engines agree", "[devices]") {
  // The state slams into both bounds each cycle with nothing but the bound holding it.
  ParameterSet parameters(model());
  parameters.set("window", 0.0);
  parameters.set("uv", 1e-12);
  testing::checkCornerAgrees(parameters, {1.2, 1.0, 3}, 0.1);
}

TEST_CASE("linear-ion-drift: an initial state outside [0, 1] and ron > roff are refused", "[devices]") {
  testing::checkInitialStateRefused(ParameterSet(model()), 1.5, "1.5");
  ParameterSet swapped(model());
  swapped.set("ron", 20e3);
  testing::checkInconsistentRefused(swapped, "ron = 20000");
}

}  // namespace memcosim::devices
