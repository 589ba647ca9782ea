// Tests of the engine choice and the pulse shape (src/devices/engine.cpp, src/devices/pulse.cpp).
#include <catch2/catch.hpp>

#include <stdexcept>

#include "devices/engine.h"
#include "devices/native_device.h"
#include "devices/pulse.h"

namespace memcosim::devices {
namespace {
ParameterSet linearIonDrift() { return ParameterSet(ModelRegistry::instance().find("linear-ion-drift")); }
}  // namespace

TEST_CASE("engine: names parse and print both ways; others are refused", "[devices]") {
  for (const Engine engine : {Engine::Native, Engine::Ngspice}) CHECK(parseEngine(engineName(engine)) == engine);
  CHECK(parseEngine("native") == Engine::Native);
  CHECK(parseEngine("ngspice") == Engine::Ngspice);
  CHECK_THROWS_WITH(parseEngine("spectre"), Catch::Contains("spectre") && Catch::Contains("ngspice or native"));
}

TEST_CASE("engine: native is simulate(), ngspice needs a session", "[devices]") {
  const ParameterSet parameters = linearIonDrift();
  const spice::Waveform source = spice::Sine{0.0, 1.0, 1.0};
  std::vector<double> times;
  for (int k = 0; k <= 100; ++k) times.push_back(k / 100.0);
  const double x0 = parameters.initialState();
  const Trace direct = simulate(
      parameters, [&](double t) { return waveformValue(source, t); }, times, 100.0, x0);
  const Trace chosen = simulateWith(Engine::Native, nullptr, parameters, source, times, 100.0, x0);
  CHECK(chosen.state == direct.state);
  CHECK(chosen.current == direct.current);
  CHECK_THROWS_WITH(simulateWith(Engine::Ngspice, nullptr, parameters, source, times, 0.0, x0),
                    Catch::Contains("Session"));
}

TEST_CASE("pulse: four points, edges of a fiftieth of the width", "[devices]") {
  const auto pulse = pulseShape(-0.8, 1e-3, 2e-3);
  CHECK(pulse[0] == std::pair{2e-3, 0.0});
  CHECK(pulse[1].first == Approx(2e-3 + 2e-5));
  CHECK(pulse[1].second == -0.8);
  CHECK(pulse[2].first == Approx(3e-3 - 2e-5));
  CHECK(pulse[2].second == -0.8);
  CHECK(pulse[3] == std::pair{3e-3, 0.0});
}

TEST_CASE("pulse: a set pulse moves the state one way, a reset pulse the other", "[devices]") {
  const ParameterSet parameters = linearIonDrift();
  const double x0 = 0.5;
  std::vector<double> times;
  for (int k = 0; k <= 50; ++k) times.push_back(1e-3 * k / 50);
  const auto run = [&](double amplitude_volt) {
    const auto shape = pulseShape(amplitude_volt, 1e-3);
    return simulatePulses(parameters, {shape.begin(), shape.end()}, times, 0.0, x0, Engine::Native, nullptr)
        .state.back();
  };
  CHECK(run(1.0) > x0);
  CHECK(run(-1.0) < x0);
  CHECK_THROWS_WITH(simulatePulses(parameters, {{0.0, 0.0}, {1e-3, 0.0}}, times, 0.0, x0, Engine::Ngspice, nullptr),
                    Catch::Contains("Session"));
}

}  // namespace memcosim::devices
