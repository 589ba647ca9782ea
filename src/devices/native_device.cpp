// Native evaluation of compact models and their Rosenbrock integration on the test bench.
#include "devices/native_device.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "devices/model_views.h"
#include "devices/rosenbrock.h"
#include "io/number.h"

namespace memcosim::devices {
namespace {

std::vector<std::string> slotNames(const ModelDefinition& model) {
  std::vector<std::string> names = {"v", "x"};
  for (const auto& spec : model.parameters) names.push_back(spec.name);
  return names;
}

[[noreturn]] void failAt(const ModelDefinition& model, double time_seconds, const std::string& what) {
  throw std::runtime_error("model '" + model.name + "' at t = " + io::formatNumber(time_seconds) + " s: " + what);
}

std::string valueText(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

NativeDevice::NativeDevice(const ParameterSet& parameters)
    : model_(&parameters.model()),
      bounds_(parameters.stateBounds()),
      current_(model_->current, slotNames(*model_)),
      currentSlope_(derivative(model_->current, "v"), slotNames(*model_)),
      stateRate_(heldStateRate(*model_), slotNames(*model_)),
      resistance_(model_->resistance, slotNames(*model_)),
      stateRateSlopeV_(derivative(heldStateRate(*model_), "v"), slotNames(*model_)),
      stateRateSlopeX_(derivative(heldStateRate(*model_), "x"), slotNames(*model_)),
      currentSlopeX_(derivative(model_->current, "x"), slotNames(*model_)) {
  parameters.checkConsistent();
  slots_ = {0.0, 0.0};
  for (const auto& spec : model_->parameters) slots_.push_back(parameters.get(spec.name));
}

double NativeDevice::evaluate(const CompiledExpr& e, double v, double x) const {
  slots_[0] = v;
  slots_[1] = x;
  return e(slots_);
}

double NativeDevice::current(double v, double x) const { return evaluate(current_, v, x); }
double NativeDevice::currentSlope(double v, double x) const { return evaluate(currentSlope_, v, x); }
double NativeDevice::stateRate(double v, double x) const { return evaluate(stateRate_, v, x); }
double NativeDevice::stateRateSlopeV(double v, double x) const { return evaluate(stateRateSlopeV_, v, x); }
double NativeDevice::stateRateSlopeX(double v, double x) const { return evaluate(stateRateSlopeX_, v, x); }
double NativeDevice::currentSlopeX(double v, double x) const { return evaluate(currentSlopeX_, v, x); }
double NativeDevice::resistance(double x) const { return evaluate(resistance_, 0.0, x); }
double NativeDevice::clip(double x) const { return std::clamp(x, bounds_.minimum, bounds_.maximum); }

double NativeDevice::solveVoltage(double sourceVoltage, double seriesResistance_ohm, double x,
                                  double time_seconds) const {
  if (seriesResistance_ohm == 0.0) return sourceVoltage;
  const double rs = seriesResistance_ohm;
  // h(v) = v + R_s f(v, x) − v_s is increasing with h(0) = −v_s: the root lies between 0 and v_s.
  double low = std::min(0.0, sourceVoltage), high = std::max(0.0, sourceVoltage);
  const double r = resistance(x);
  double v = std::isfinite(r) && r > 0.0 ? sourceVoltage * r / (r + rs) : 0.5 * sourceVoltage;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double h = v + rs * current(v, x) - sourceVoltage;
    const double slope = 1.0 + rs * currentSlope(v, x);
    if (!std::isfinite(h) || !std::isfinite(slope))
      failAt(*model_, time_seconds, "non-finite current at v = " + valueText(v) + " V, x = " + valueText(x));
    if (h == 0.0) return v;
    (h > 0.0 ? high : low) = v;
    double next = v - h / slope;
    if (!(next > low && next < high)) next = 0.5 * (low + high);
    if (std::abs(next - v) <= 1e-15 + 1e-13 * std::abs(v)) return next;
    v = next;
  }
  failAt(*model_, time_seconds,
         "no convergence solving v + R_s*i(v) = " + valueText(sourceVoltage) +
             " V for the device voltage (x = " + valueText(x) + ")");
}

Trace simulate(const ParameterSet& parameters, const std::function<double(double)>& sourceVoltage,
               const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0, Tolerances tolerances) {
  NativeDevice device(parameters);
  parameters.checkInitialState(x0);
  const ModelDefinition& model = parameters.model();
  if (sampleTimes.empty()) return {};
  if (!(seriesResistance_ohm >= 0.0) || !std::isfinite(seriesResistance_ohm))
    throw std::invalid_argument("series resistance must be finite and >= 0");
  const StateBounds bounds = device.bounds();
  const double span = bounds.maximum - bounds.minimum;
  const double rs = seriesResistance_ohm;
  RosenbrockStepper stepper(tolerances.absolute * span, tolerances.relative);
  const auto nonFinite = [&](double t, const char* what, double value, double v, double x) {
    failAt(model, t,
           std::string("non-finite ") + what + " (" + valueText(value) + " at v = " + valueText(v) +
               " V, x = " + valueText(x) + "); lower the stimulus or check the parameters");
  };
  const auto rate = [&](double t, double x) {
    const double xc = device.clip(x);
    const double v = device.solveVoltage(sourceVoltage(t), rs, xc, t);
    const double g = device.stateRate(v, xc);
    if (!std::isfinite(g)) nonFinite(t, "state rate dx/dt", g, v, xc);
    return g;
  };
  // v_s'(t) by a second-order forward difference, (−3 v(t) + 4 v(t + ε) − v(t + 2ε))/(2ε), with ε
  // shrinking with the step h: a step that starts at a source discontinuity (a pulse edge) sees
  // the slope after it, and one that approaches it shrinks ε until the edge drops out.
  const double floorStep = 1e-12 * (sampleTimes.back() - sampleTimes.front());
  const auto sourceSlope = [&](double t, double h) {
    const double epsilon = std::max({1e-3 * h, floorStep, 1e-13 * std::abs(t)});
    return (-3.0 * sourceVoltage(t) + 4.0 * sourceVoltage(t + epsilon) - sourceVoltage(t + 2.0 * epsilon)) /
           (2.0 * epsilon);
  };
  const auto slopes = [&](double t, double x, double h) {
    const double xc = device.clip(x);
    const double v = device.solveVoltage(sourceVoltage(t), rs, xc, t);
    const double i = device.current(v, xc);
    if (!std::isfinite(i)) nonFinite(t, "current i", i, v, xc);
    const double loading = rs > 0.0 ? 1.0 + rs * device.currentSlope(v, xc) : 1.0;  // ∂(v + R_s f)/∂v
    const double dvdx = rs > 0.0 ? -rs * device.currentSlopeX(v, xc) / loading : 0.0;
    const bool inside = x >= bounds.minimum && x <= bounds.maximum;  // clip(x) is flat outside
    const RateSlopes slopes{inside ? device.stateRateSlopeX(v, xc) + device.stateRateSlopeV(v, xc) * dvdx : 0.0,
                            device.stateRateSlopeV(v, xc) * sourceSlope(t, h) / loading};
    if (!std::isfinite(slopes.dgdx)) nonFinite(t, "slope d(dx/dt)/dx", slopes.dgdx, v, xc);
    if (!std::isfinite(slopes.dgdt)) nonFinite(t, "slope d(dx/dt)/dt", slopes.dgdt, v, xc);
    return slopes;
  };

  Trace trace;
  const auto record = [&](double t, double x) {
    const double v = device.solveVoltage(sourceVoltage(t), rs, x, t);
    const double i = device.current(v, x);
    const double r = device.resistance(x);
    if (!std::isfinite(v) || !std::isfinite(i) || !std::isfinite(x))
      failAt(model, t,
             "non-finite value (v = " + valueText(v) + " V, i = " + valueText(i) + " A, x = " + valueText(x) +
                 "); lower the stimulus or check the parameters");
    trace.time.push_back(t);
    trace.voltage.push_back(v);
    trace.current.push_back(i);
    trace.state.push_back(x);
    trace.resistance.push_back(r);
  };

  double x = x0;
  double t = sampleTimes.front();
  double dt = sampleTimes.size() > 1 ? (sampleTimes[1] - sampleTimes[0]) : 1.0;
  record(t, x);
  for (std::size_t k = 1; k < sampleTimes.size(); ++k) {
    const double end = sampleTimes[k];
    if (!(end > t)) throw std::invalid_argument("sample times must be strictly increasing");
    while (t < end) {
      const bool clipped = dt >= end - t;
      double h = clipped ? end - t : dt;
      const double before = t;
      if (stepper.tryStep(rate, slopes, x, t, h)) {
        x = device.clip(x);
        if (!std::isfinite(x)) failAt(model, t, "non-finite state");
        if (clipped) {
          t = end;  // land exactly on the sample time; keep the unclipped step proposal
        } else {
          dt = h;
        }
      } else {
        dt = h;
        if (!(dt > 1e-14 * std::max(std::abs(before), end - before)))
          failAt(model, t,
                 "time step underflow (dt = " + valueText(dt) + " s, x = " + valueText(x) + ", source v_s = " +
                     valueText(sourceVoltage(t)) + " V, v_s(t + dt) = " + valueText(sourceVoltage(t + dt)) +
                     " V): the state changes faster than a step can resolve; check the stimulus and parameters");
      }
    }
    record(end, x);
  }
  return trace;
}

double waveformValue(const spice::Waveform& waveform, double t) {
  return std::visit(
      [t](const auto& w) -> double {
        using T = std::decay_t<decltype(w)>;
        constexpr double kPi = 3.14159265358979323846;
        if constexpr (std::is_same_v<T, spice::Sine>) {
          const double phase = w.phase_deg * kPi / 180.0;
          if (t < w.delay_seconds) return w.offset + w.amplitude * std::sin(phase);
          const double s = t - w.delay_seconds;
          return w.offset + w.amplitude * std::exp(-w.damping_per_second * s) *
                                std::sin(2.0 * kPi * w.frequency_hertz * s + phase);
        } else if constexpr (std::is_same_v<T, spice::Pwl>) {
          const auto& p = w.points;
          if (p.empty()) return 0.0;
          if (t <= p.front().first) return p.front().second;
          if (t >= p.back().first) return p.back().second;
          const auto upper = std::upper_bound(p.begin(), p.end(), t,
                                              [](double value, const auto& point) { return value < point.first; });
          const auto lower = upper - 1;
          return lower->second + (upper->second - lower->second) * (t - lower->first) / (upper->first - lower->first);
        } else if constexpr (std::is_same_v<T, spice::Pulse>) {
          if (t < w.delay_seconds) return w.initial;
          double s = t - w.delay_seconds;
          if (w.period_seconds > 0.0) s = std::fmod(s, w.period_seconds);
          if (s < w.rise_seconds) return w.initial + (w.pulsed - w.initial) * s / w.rise_seconds;
          s -= w.rise_seconds;
          if (s < w.width_seconds) return w.pulsed;
          s -= w.width_seconds;
          if (s < w.fall_seconds) return w.pulsed + (w.initial - w.pulsed) * s / w.fall_seconds;
          return w.initial;
        } else {
          static_assert(spice::kNotHandled<T>, "waveformValue: evaluate the new waveform here");
        }
      },
      waveform);
}

}  // namespace memcosim::devices
