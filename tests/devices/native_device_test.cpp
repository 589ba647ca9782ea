// Tests of native evaluation and Odeint integration (src/devices/native_device.cpp).
#include <catch2/catch.hpp>

#include <cmath>

#include "devices/native_device.h"
#include "iv_helpers.h"

namespace memcosim::devices {
namespace {
const ModelDefinition& linearModel() { return ModelRegistry::instance().find("linear-ion-drift"); }
constexpr double kPi = 3.14159265358979323846;
}  // namespace

TEST_CASE("NativeDevice::solveVoltage divides the source over the series resistance", "[devices]") {
  const ParameterSet parameters(linearModel());
  NativeDevice device(parameters);
  const double r = 100 * 0.4 + 16e3 * 0.6;
  CHECK(device.solveVoltage(2.0, 1e3, 0.4, 0.0) == Approx(2.0 * r / (r + 1e3)).epsilon(1e-12));
  CHECK(device.solveVoltage(-2.0, 1e3, 0.4, 0.0) == Approx(-2.0 * r / (r + 1e3)).epsilon(1e-12));
  CHECK(device.solveVoltage(0.7, 0.0, 0.4, 0.0) == 0.7);

  const ParameterSet nonlinear(ModelRegistry::instance().find("nonlinear-ion-drift"));
  NativeDevice diode(nonlinear);
  const double v = diode.solveVoltage(1.5, 10.0, 0.8, 0.0);
  CHECK(v + 10.0 * diode.current(v, 0.8) == Approx(1.5).epsilon(1e-12));
}

// Gold values computed analytically (Xyce style): with no window, dx/dt = k i and
// i = v / (R_off − ΔR x), so R_off x − ΔR x²/2 = k ∫v dt + const. Under v = V sin(ωt),
// ∫v dt = V (1 − cos ωt)/ω.
TEST_CASE("simulate: linear ion drift without window follows the charge solution", "[devices]") {
  ParameterSet parameters(linearModel());
  parameters.set("window", 0.0);
  const double amplitude = 1.2, omega = 2 * kPi * 1.0, x0 = 0.1;
  const double k = 1e-14 * 100.0 / (10e-9 * 10e-9), roff = 16e3, deltaR = 16e3 - 100.0;
  std::vector<double> times;
  for (int n = 0; n <= 400; ++n) times.push_back(n * 2.0 / 400);
  const Trace trace = simulate(
      parameters, [&](double t) { return amplitude * std::sin(omega * t); }, times, 0.0, x0);
  REQUIRE(trace.time.size() == times.size());
  double worst = 0.0;
  for (std::size_t n = 0; n < times.size(); ++n) {
    const double c = roff * x0 - deltaR * x0 * x0 / 2 + k * amplitude * (1 - std::cos(omega * times[n])) / omega;
    const double x = (roff - std::sqrt(roff * roff - 2 * deltaR * c)) / deltaR;
    worst = std::max(worst, std::abs(trace.state[n] - x));
    CHECK(trace.current[n] == Approx(trace.voltage[n] / (roff - deltaR * trace.state[n])));
    CHECK(trace.resistance[n] == Approx(roff - deltaR * trace.state[n]));
  }
  INFO("largest state error " << worst);
  CHECK(worst < 1e-6);
}

TEST_CASE("simulate: the state is clipped at its bounds", "[devices]") {
  ParameterSet parameters(linearModel());
  parameters.set("window", 0.0);
  std::vector<double> times;
  for (int n = 0; n <= 100; ++n) times.push_back(n * 0.1);
  const Trace trace = simulate(
      parameters, [](double) { return 5.0; }, times, 0.0, 0.5);
  for (const double x : trace.state) CHECK(x <= 1.0);
  CHECK(trace.state.back() == 1.0);
  CHECK(trace.current.back() == Approx(5.0 / 100.0));
}

TEST_CASE("simulate: a non-finite current names the model, time and value", "[devices]") {
  ParameterSet parameters(ModelRegistry::instance().find("nonlinear-ion-drift"));
  parameters.set("gamma", 1000.0);
  const std::vector<double> times = {0.0, 0.1, 0.2};
  CHECK_THROWS_WITH(simulate(
                        parameters, [](double t) { return t > 0.05 ? 1.0 : 0.0; }, times, 0.0, 0.5),
                    Catch::Contains("nonlinear-ion-drift") && Catch::Contains("t = ") && Catch::Contains("inf"));
}

TEST_CASE("waveformValue follows SPICE sine and PWL semantics", "[devices]") {
  const spice::Waveform sine = spice::Sine{0.1, 2.0, 50.0};
  CHECK(waveformValue(sine, 0.005) == Approx(2.1));
  const spice::Waveform pwl = spice::Pwl{{{0.0, 0.0}, {1.0, 2.0}, {3.0, -2.0}}};
  CHECK(waveformValue(pwl, 0.5) == Approx(1.0));
  CHECK(waveformValue(pwl, 2.0) == Approx(0.0).margin(1e-15));
  CHECK(waveformValue(pwl, 5.0) == Approx(-2.0));
}

}  // namespace memcosim::devices
