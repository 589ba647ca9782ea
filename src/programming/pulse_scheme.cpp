// Default pulse schemes of weight devices and the state after one programming pulse.
#include "programming/pulse_scheme.h"

#include <boost/math/quadrature/gauss_kronrod.hpp>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "devices/pulse.h"
#include "io/number.h"

namespace memcosim::programming {
namespace {

std::string number(double value) { return io::formatNumber(value); }

/// Samples per pulse: the edges (width/50) fall on samples, and ngspice's largest step is one
/// sample spacing, so every pulse is resolved by at least 50 steps in either engine.
constexpr int kSamplesPerPulse = 50;

/// The pulse's full-amplitude equivalent: flat for 96% of the width, edges worth half their 4%.
constexpr double kFullAmplitudeShare = 0.98;

double widthFor(const WeightWindow& window, double amplitude_volt, double from, double to) {
  return crossingTime(window, amplitude_volt, from, to) / (kTargetPulsesToCross * kFullAmplitudeShare);
}

}  // namespace

void checkPulseScheme(const PulseScheme& s) {
  const auto amplitude = [](double value, const char* name) {
    if (!std::isfinite(value) || value == 0.0)
      throw std::invalid_argument(std::string("pulse scheme: ") + name + " = " + number(value) +
                                  " V must be a non-zero voltage");
  };
  const auto width = [](double value, const char* name) {
    if (!(value > 0.0) || !std::isfinite(value))
      throw std::invalid_argument(std::string("pulse scheme: ") + name + " = " + number(value) +
                                  " s must be positive and finite");
  };
  amplitude(s.setAmplitude_volt, "setAmplitude_v");
  amplitude(s.resetAmplitude_volt, "resetAmplitude_v");
  width(s.setWidth_seconds, "setWidth_s");
  width(s.resetWidth_seconds, "resetWidth_s");
  if ((s.setAmplitude_volt > 0.0) == (s.resetAmplitude_volt > 0.0))
    throw std::invalid_argument("pulse scheme: setAmplitude_v = " + number(s.setAmplitude_volt) +
                                " V and resetAmplitude_v = " + number(s.resetAmplitude_volt) +
                                " V must have opposite signs");
}

double crossingTime(const WeightWindow& window, double amplitude_volt, double from, double to) {
  const devices::NativeDevice& device = window.native();
  const std::string& model = device.model().name;
  const double distance = to - from;
  const auto along = [&](double s) { return from + s * distance; };
  // The rate must point towards `to` all the way, or the integral below has no meaning. `to`
  // itself is left out: a hard bound holds the rate at 0 exactly there, which the integral allows.
  constexpr int kChecks = 2000;
  for (int k = 0; k < kChecks; ++k) {
    const double x = along(static_cast<double>(k) / kChecks);
    const double rate = device.stateRate(amplitude_volt, x);
    if (!(rate * distance > 0.0) || !std::isfinite(rate))
      throw std::invalid_argument("model '" + model + "': a pulse of " + number(amplitude_volt) +
                                  " V does not move the state from " + number(x) + " towards " + number(to) +
                                  " (dx/dt = " + number(rate) +
                                  "): below the switching threshold, wrong polarity, or a window that locks the state");
  }
  const auto inverseRate = [&](double s) { return distance / device.stateRate(amplitude_volt, along(s)); };
  double error = 0.0;
  const double time =
      boost::math::quadrature::gauss_kronrod<double, 61>::integrate(inverseRate, 0.0, 1.0, 20, 1e-8, &error);
  if (!std::isfinite(time) || !(time > 0.0))
    throw std::runtime_error("model '" + model + "': crossing time at " + number(amplitude_volt) +
                             " V did not evaluate (" + number(time) + " s)");
  return time;
}

PulseScheme defaultPulseScheme(const WeightDevice& device) {
  const WeightWindow window(device);
  const auto [set_volt, reset_volt] = defaultPulseAmplitudes(device);
  const double range = window.gMax() - window.gMin();
  const double setTarget = window.stateForConductance(window.gMin() + kCrossingFraction * range);
  const double resetTarget = window.stateForConductance(window.gMax() - kCrossingFraction * range);
  PulseScheme scheme{set_volt, widthFor(window, set_volt, device.xOff, setTarget), reset_volt,
                     widthFor(window, reset_volt, device.xOn, resetTarget)};
  checkPulseScheme(scheme);
  return scheme;
}

double stateAfterPulse(const devices::ParameterSet& parameters, double amplitude_volt, double width_seconds, double x0,
                       PulseEngine engine, spice::Session* session) {
  const auto shape = devices::pulseShape(amplitude_volt, width_seconds);
  const std::vector<std::pair<double, double>> source(shape.begin(), shape.end());
  std::vector<double> times;
  for (int k = 0; k <= kSamplesPerPulse; ++k) times.push_back(width_seconds * k / kSamplesPerPulse);
  return devices::simulatePulses(parameters, source, times, 0.0, x0, engine, session).state.back();
}

}  // namespace memcosim::programming
