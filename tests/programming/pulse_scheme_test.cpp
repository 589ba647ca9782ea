// Tests of programming/pulse_scheme: default schemes, scheme checks and the single-pulse response.
#include "programming/pulse_scheme.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>

#include "programming/device_programmer.h"

using namespace memcosim;
using programming::DeviceProgrammer;
using programming::fitWindow;
using programming::PulseScheme;

TEST_CASE("pulse scheme: default schemes cross the window in 20 to 400 pulses", "[programming]") {
  for (const auto& name : programming::weightModelNames()) {
    for (const double ratio : {2.0, 10.0, 100.0}) {
      INFO(name << " ratio = " << ratio);
      const auto device = fitWindow(name, 1e4, ratio);
      const DeviceProgrammer programmer(device, programming::defaultPulseScheme(device),
                                        programming::PulseEngine::Native, nullptr, 201);
      CHECK(programmer.pulsesToCrossSet() >= 20);
      CHECK(programmer.pulsesToCrossSet() <= 400);
      CHECK(programmer.pulsesToCrossReset() >= 20);
      CHECK(programmer.pulsesToCrossReset() <= 400);
    }
  }
}

TEST_CASE("pulse scheme: set raises G, reset lowers it, with the model's polarity", "[programming]") {
  for (const auto& name : programming::weightModelNames()) {
    INFO(name);
    const auto device = fitWindow(name, 1e4, 10);
    const PulseScheme scheme = programming::defaultPulseScheme(device);
    const programming::WeightWindow window(device);
    const bool negativeSet = name == "team" || name == "vteam";
    CHECK((scheme.setAmplitude_volt < 0) == negativeSet);
    CHECK((scheme.resetAmplitude_volt > 0) == negativeSet);
    // One pulse of each polarity, integrated directly (no table), from the middle of the window.
    const double x = window.stateAt(0.5);
    const double g = window.conductance(x);
    const auto after = [&](double amplitude, double width) {
      return window.conductance(window.native().clip(programming::stateAfterPulse(
          device.parameters, amplitude, width, x, programming::PulseEngine::Native, nullptr)));
    };
    CHECK(after(scheme.setAmplitude_volt, scheme.setWidth_seconds) > g);
    CHECK(after(scheme.resetAmplitude_volt, scheme.resetWidth_seconds) < g);
  }
}

TEST_CASE("pulse scheme: crossing time of a constant drive", "[programming]") {
  // Linear ion drift without window: dx/dt = (uv ron/D^2) v / R(x), so the time from x = a to b
  // is the integral of R over x divided by (uv ron/D^2) v = 100 ron v at the defaults; with
  // R = ron (10 - 9x), ∫_0^0.99 R dx = 5.48955 ron and ∫_0.01^1 R dx = 5.40045 ron. The end
  // points stay 1% off the bounds: the rate is limited smoothly in the last 1e-4 of the range
  // (model_views.h), so the state approaches a bound exponentially and never crosses it.
  const auto device = fitWindow("linear-ion-drift", 1e3, 10, {"window=0"});
  const programming::WeightWindow window(device);
  CHECK(programming::crossingTime(window, 1.0, 0.0, 0.99) == Approx(5.48955 / 100.0).epsilon(1e-6));
  CHECK(programming::crossingTime(window, -2.0, 1.0, 0.01) == Approx(5.40045 / 200.0).epsilon(1e-6));
  // Yakopcic below its threshold vp = 0.16 V does not move.
  const auto yakopcic = fitWindow("yakopcic", 1e4, 10);
  CHECK_THROWS_WITH(programming::crossingTime(programming::WeightWindow(yakopcic), 0.1, yakopcic.xOff, 1.0),
                    Catch::Contains("does not move") && Catch::Contains("threshold"));
  // A window that vanishes at the bounds (Joglekar) locks a state at xOff.
  const auto locked = fitWindow("linear-ion-drift", 1e3, 10, {"window=1"});
  CHECK_THROWS_WITH(programming::defaultPulseScheme(locked), Catch::Contains("locks"));
}

TEST_CASE("pulse scheme: bad schemes throw naming the field", "[programming]") {
  CHECK_NOTHROW(programming::checkPulseScheme({1.0, 1e-3, -1.0, 1e-3}));
  CHECK_THROWS_WITH(programming::checkPulseScheme({0.0, 1e-3, -1.0, 1e-3}), Catch::Contains("setAmplitude_v"));
  CHECK_THROWS_WITH(programming::checkPulseScheme({1.0, 1e-3, 1.0, 1e-3}), Catch::Contains("opposite signs"));
  CHECK_THROWS_WITH(programming::checkPulseScheme({1.0, -1e-3, -1.0, 1e-3}), Catch::Contains("setWidth_s"));
  CHECK_THROWS_WITH(programming::checkPulseScheme({1.0, 1e-3, -1.0, 0.0}), Catch::Contains("resetWidth_s"));
}

// Not run by ctest (hidden tag): prints each model's default scheme and crossing counts,
// `tests_programming "[.report]"`.
TEST_CASE("pulse scheme: report of the default schemes", "[.report]") {
  for (const double ratio : {10.0, 100.0}) {
    for (const auto& name : programming::weightModelNames()) {
      const auto device = fitWindow(name, 1e4, ratio);
      const auto scheme = programming::defaultPulseScheme(device);
      const DeviceProgrammer programmer(device, scheme);
      std::printf("%-20s ratio %5g  set %+9.4g V %9.3g s  reset %+9.4g V %9.3g s  crossing set %3d reset %3d\n",
                  name.c_str(), ratio, scheme.setAmplitude_volt, scheme.setWidth_seconds, scheme.resetAmplitude_volt,
                  scheme.resetWidth_seconds, programmer.pulsesToCrossSet(), programmer.pulsesToCrossReset());
    }
  }
}
