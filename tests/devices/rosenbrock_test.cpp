// Tests of devices/rosenbrock.h: order on a time-dependent rate, and a stiff rate at accuracy-sized steps.
#include <catch2/catch.hpp>
#include <cmath>

#include "devices/rosenbrock.h"

namespace {

using memcosim::devices::RateSlopes;
using memcosim::devices::RosenbrockStepper;

struct Outcome {
  double x;
  int steps;
};

/// Integrates dx/dt = rate(t, x) from (0, x0) to `end`, landing on it exactly.
template <class Rate, class Slopes>
Outcome integrate(const Rate& rate, const Slopes& slopes, double x0, double end, double tolerance) {
  RosenbrockStepper stepper(tolerance, tolerance);
  double x = x0, t = 0.0, h = 1e-3;
  int steps = 0;
  while (t < end && steps < 100000) {
    const bool last = h >= end - t;
    double step = last ? end - t : h;
    if (stepper.tryStep(rate, slopes, x, t, step) && last) t = end;
    if (!last) h = step;
    ++steps;
  }
  return {x, steps};
}

}  // namespace

TEST_CASE("rosenbrock: a time-dependent rate is integrated to the tolerance", "[devices]") {
  // x' = cos t, x(0) = 0: x(2) = sin 2. The sign of d4 matters here (rosenbrock.h).
  const auto rate = [](double t, double) { return std::cos(t); };
  const auto slopes = [](double t, double, double) { return RateSlopes{0.0, -std::sin(t)}; };
  const Outcome outcome = integrate(rate, slopes, 0.0, 2.0, 1e-9);
  CHECK(outcome.x == Approx(std::sin(2.0)).margin(1e-9));
  CHECK(outcome.steps < 200);
}

TEST_CASE("rosenbrock: a stiff rate costs accuracy-sized steps", "[devices]") {
  // x' = −λ (x − cos t), λ = 1e12 /s: x follows cos t after a 1 ps transient. An explicit
  // method would need steps below 3/λ, about 3e12 of them over [0, 1].
  constexpr double kLambda = 1e12;
  const auto rate = [](double t, double x) { return -kLambda * (x - std::cos(t)); };
  const auto slopes = [](double t, double, double) { return RateSlopes{-kLambda, -kLambda * std::sin(t)}; };
  const Outcome outcome = integrate(rate, slopes, 0.0, 1.0, 1e-8);
  CHECK(outcome.x == Approx(std::cos(1.0) + std::sin(1.0) / kLambda).margin(1e-7));
  CHECK(outcome.steps < 2000);
}
