// Tests for I-V loop figures and sweep stimuli, against analytic loops.
#include "characterise/iv_metrics.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>

using namespace memcosim::characterise;

namespace {

/// v = V sin θ, i = v (G0 + G1 cos θ): pinched at v = 0, lobes of area (2/3) V² G1 each with
/// opposite orientation, so ∮ i dv over the cycle is 0.
IvTrace pinchedLoop(double amplitude, double g0, double g1, int points) {
  IvTrace trace;
  for (int k = 0; k < points; ++k) {
    const double theta = 2.0 * std::numbers::pi * k / points;
    const double v = amplitude * std::sin(theta);
    const double g = g0 + g1 * std::cos(theta);
    trace.time_seconds.push_back(theta);
    trace.voltage_volt.push_back(v);
    trace.current_ampere.push_back(v * g);
    trace.resistance_ohm.push_back(1.0 / g);
  }
  return trace;
}

}  // namespace

TEST_CASE("iv metrics: shoelace area of a unit square and an ellipse", "[characterise]") {
  CHECK(shoelaceArea({0, 1, 1, 0}, {0, 0, 1, 1}) == Approx(1.0));
  CHECK(shoelaceArea({0, 0, 1, 1}, {0, 1, 1, 0}) == Approx(-1.0));
  IvTrace ellipse;
  for (int k = 0; k < 2000; ++k) {
    const double theta = 2.0 * std::numbers::pi * k / 2000;
    ellipse.voltage_volt.push_back(2.0 * std::cos(theta));
    ellipse.current_ampere.push_back(0.5 * std::sin(theta));
  }
  const LobeAreas areas = lobeAreas(ellipse);
  CHECK(areas.loop == Approx(std::numbers::pi).epsilon(1e-4));
  CHECK(areas.positiveLobe == Approx(std::numbers::pi / 2).epsilon(1e-4));
  CHECK(areas.negativeLobe == Approx(std::numbers::pi / 2).epsilon(1e-4));
}

TEST_CASE("iv metrics: pinched loop lobes against the analytic 2/3·V²·G1", "[characterise]") {
  const double amplitude = 1.5, g0 = 1e-3, g1 = 4e-4;
  const LobeAreas areas = lobeAreas(pinchedLoop(amplitude, g0, g1, 4000));
  const double lobe = 2.0 / 3.0 * amplitude * amplitude * g1;
  CHECK(areas.positiveLobe == Approx(lobe).epsilon(1e-4));
  CHECK(areas.negativeLobe == Approx(lobe).epsilon(1e-4));
  CHECK(areas.lobes == Approx(2 * lobe).epsilon(1e-4));
  CHECK(areas.loop < 1e-6 * lobe);  // the two orientations cancel
}

TEST_CASE("iv metrics: linear resistor has no area and no pinch current", "[characterise]") {
  IvTrace resistor;
  for (int k = 0; k < 101; ++k) {
    const double v = sineVoltage(1.0, 1.0, k / 100.0 + 0.003);
    resistor.voltage_volt.push_back(v);
    resistor.current_ampere.push_back(v / 1000.0);
  }
  CHECK(lobeAreas(resistor).lobes == Approx(0.0).margin(1e-12));
  CHECK(pinchCurrent(resistor) == Approx(0.0).margin(1e-15));
}

TEST_CASE("iv metrics: pinch current interpolates at the zero crossing", "[characterise]") {
  IvTrace offset;  // current offset by 1 mA: i = 1e-3 where v crosses 0
  offset.voltage_volt = {-1.0, 1.0, 0.5, -0.5, -1.0};
  offset.current_ampere = {0.0, 2e-3, 0.0, 3e-3, 0.0};
  CHECK(pinchCurrent(offset) == Approx(1.5e-3));
  CHECK_THROWS_AS(pinchCurrent(IvTrace{{}, {1.0, 2.0, 3.0}, {1.0}, {}}), std::invalid_argument);
}

TEST_CASE("iv metrics: R range, ratio, set and reset at the geometric-mean crossing", "[characterise]") {
  IvTrace trace;
  trace.voltage_volt = {0.0, 0.5, 1.0, 0.5, 0.0, -0.5, -1.0, -0.5, 0.0};
  trace.resistance_ohm = {1e4, 1e4, 1e2, 1e2, 1e2, 1e2, 1e4, 1e4, 1e4};
  trace.current_ampere.assign(9, 0.0);
  const ResistanceMetrics metrics = resistanceMetrics(trace);
  CHECK(metrics.rMin_ohm == 100.0);
  CHECK(metrics.rMax_ohm == 1e4);
  CHECK(metrics.ratio == Approx(100.0));
  REQUIRE(metrics.setVoltage_volt);
  REQUIRE(metrics.resetVoltage_volt);
  // R falls 1e4 → 1e2 between v = 0.5 and 1.0, crossing 1e3 at fraction 9000/9900.
  CHECK(*metrics.setVoltage_volt == Approx(0.5 + 0.5 * 9000.0 / 9900.0));
  CHECK(*metrics.resetVoltage_volt == Approx(-0.5 - 0.5 * 900.0 / 9900.0));
  trace.resistance_ohm.assign(9, 50.0);
  CHECK_FALSE(resistanceMetrics(trace).setVoltage_volt);
  trace.resistance_ohm[3] = -1.0;
  CHECK_THROWS_WITH(resistanceMetrics(trace), Catch::Contains("sample 3"));
}

TEST_CASE("iv metrics: stimuli share one period and start at 0 rising", "[characterise]") {
  const auto times = sampleTimes(10.0, 2, 8);
  REQUIRE(times.size() == 17);
  CHECK(times.back() == Approx(0.2));
  CHECK(triangleVoltage(2.0, 10.0, 0.0) == 0.0);
  CHECK(triangleVoltage(2.0, 10.0, 0.025) == Approx(2.0));
  CHECK(triangleVoltage(2.0, 10.0, 0.05) == Approx(0.0).margin(1e-12));
  CHECK(triangleVoltage(2.0, 10.0, 0.075) == Approx(-2.0));
  CHECK(triangleVoltage(2.0, 10.0, 0.0125) == Approx(1.0));
  CHECK(sineVoltage(2.0, 10.0, 0.025) == Approx(2.0));
  const PwlPoints corners = trianglePwl(2.0, 10.0, 1);
  REQUIRE(corners.size() == 4);
  CHECK(corners[1].first == Approx(0.025));
  CHECK(corners[1].second == 2.0);
  CHECK(corners[2].second == -2.0);
  CHECK(corners[3].first == Approx(0.1));
  CHECK(sinePwl(1.0, 1.0, 1, 4).size() == 5);
  CHECK_THROWS_WITH(sampleTimes(0.0, 1, 8), Catch::Contains("frequency"));
}
