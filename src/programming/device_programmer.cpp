// Tabulated pulse responses of one weight device type: pulses, their energy, and the step table.
#include "programming/device_programmer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "io/number.h"
#include "io/random.h"

namespace memcosim::programming {
namespace {

std::string number(double value) { return io::formatNumber(value); }

/// A crossing that needs more pulses than this is treated as stalled.
constexpr int kMaxCrossingPulses = 1'000'000;

/// x may lie outside the window by this share of its span (rounding) and is clamped back.
constexpr double kWindowSlack = 1e-9;

}  // namespace

DeviceProgrammer::DeviceProgrammer(WeightDevice device, PulseScheme scheme, PulseEngine engine, spice::Session* session,
                                   int gridPoints)
    : device_(std::move(device)), scheme_(scheme), engine_(engine), window_(device_), gridPoints_(gridPoints) {
  checkPulseScheme(scheme_);
  if (gridPoints < 3) throw std::invalid_argument("gridPoints = " + std::to_string(gridPoints) + " must be at least 3");
  if (engine_ == PulseEngine::Ngspice && session == nullptr)
    throw std::invalid_argument("PulseEngine::Ngspice needs a spice::Session to tabulate the pulse response");
  const std::string& model = device_.parameters.model().name;
  double previous = -1.0;
  for (int k = 0; k < gridPoints; ++k) {
    const double g = conductance(stateOf(static_cast<double>(k) / (gridPoints - 1)));
    if (!(g > previous))
      throw std::invalid_argument("model '" + model + "': G(x) does not rise from xOff to xOn (G = " + number(g) +
                                  " S at grid state " + std::to_string(k) + "); build the device with fitWindow");
    previous = g;
  }
  setTable_ = tabulate(scheme_.setAmplitude_volt, scheme_.setWidth_seconds, engine_, session);
  resetTable_ = tabulate(scheme_.resetAmplitude_volt, scheme_.resetWidth_seconds, engine_, session);
  pulsesToCrossSet_ = countCrossing(setTable_, true);
  pulsesToCrossReset_ = countCrossing(resetTable_, false);
  maxPulses_ = 2 * std::max(pulsesToCrossSet_, pulsesToCrossReset_);
  for (int k = 0; k < gridPoints; ++k) {
    const double x = stateOf(static_cast<double>(k) / (gridPoints - 1));
    largestStep_ = std::max({largestStep_, stepAt(x, true), stepAt(x, false)});
  }
}

std::vector<double> DeviceProgrammer::tabulate(double amplitude_volt, double width_seconds, PulseEngine engine,
                                               spice::Session* session) const {
  const int points = gridPoints();
  std::vector<double> table(points);
  for (int k = 0; k < points; ++k) {
    const double x = stateOf(static_cast<double>(k) / (points - 1));
    const double after = stateAfterPulse(device_.parameters, amplitude_volt, width_seconds, x, engine, session);
    if (!std::isfinite(after))
      throw std::runtime_error("a " + number(amplitude_volt) + " V, " + number(width_seconds) +
                               " s pulse from x = " + number(x) + " gave a non-finite state");
    table[k] = std::clamp(window_.positionOf(after), 0.0, 1.0);
  }
  return table;
}

std::vector<double> DeviceProgrammer::pulseTable(double amplitude_volt, double width_seconds) const {
  std::vector<double> table = tabulate(amplitude_volt, width_seconds, PulseEngine::Native, nullptr);
  const int last = gridPoints() - 1;
  bool moves = false;
  for (int k = 0; k <= last && !moves; ++k) moves = std::abs(table[k] - static_cast<double>(k) / last) > 1e-12;
  if (!moves) table.clear();
  return table;
}

double DeviceProgrammer::stepTable(const std::vector<double>& table, double x, int count, double deviceFactor) const {
  double position = checkedPosition(x, "stepTable");
  if (table.empty() || count <= 0) return x;
  for (int k = 0; k < count; ++k) {
    const double next = stepPosition(table, position, deviceFactor);
    if (next == position) break;  // at a bound, or a step below the resolution of the position
    position = next;
  }
  return stateOf(position);
}

int DeviceProgrammer::countCrossing(const std::vector<double>& table, bool rising) const {
  const double range = gMax() - gMin();
  const double target = window_.positionOf(
      stateForConductance(rising ? gMin() + kCrossingFraction * range : gMax() - kCrossingFraction * range));
  double position = rising ? 0.0 : 1.0;
  for (int pulses = 1; pulses <= kMaxCrossingPulses; ++pulses) {
    const double next = interpolate(table, position);
    if (rising ? !(next > position) : !(next < position)) {
      const double x = stateOf(position);
      throw std::invalid_argument(std::string(rising ? "set" : "reset") + " pulses of " +
                                  number(rising ? scheme_.setAmplitude_volt : scheme_.resetAmplitude_volt) + " V, " +
                                  number(rising ? scheme_.setWidth_seconds : scheme_.resetWidth_seconds) +
                                  " s stop moving model '" + device_.parameters.model().name + "' at x = " + number(x) +
                                  " (G = " + number(conductance(x)) + " S) after " + std::to_string(pulses - 1) +
                                  " pulses, before crossing the window: check the amplitude's sign and " +
                                  "threshold, raise the width, or use more grid points");
    }
    position = next;
    if (rising ? position >= target : position <= target) return pulses;
  }
  throw std::invalid_argument(std::string(rising ? "set" : "reset") + " pulses of model '" +
                              device_.parameters.model().name + "' need more than " +
                              std::to_string(kMaxCrossingPulses) + " pulses to cross the window: raise the width");
}

double DeviceProgrammer::interpolate(const std::vector<double>& table, double position) const {
  const auto last = static_cast<int>(table.size()) - 1;
  const double scaled = position * last;
  const int k = std::clamp(static_cast<int>(std::floor(scaled)), 0, last - 1);
  const double t = scaled - k;
  return table[k] + t * (table[k + 1] - table[k]);
}

double DeviceProgrammer::stepPosition(const std::vector<double>& table, double position, double factor) const {
  return std::clamp(position + factor * (interpolate(table, position) - position), 0.0, 1.0);
}

double DeviceProgrammer::stateOf(double position) const {
  // The ends exactly: R(xOn) and R(xOff) are the fitted resistances.
  if (position <= 0.0) return device_.xOff;
  if (position >= 1.0) return device_.xOn;
  return window_.stateAt(position);
}

bool DeviceProgrammer::insideWindow(double x) const {
  const double position = window_.positionOf(x);
  return position >= -kWindowSlack && position <= 1.0 + kWindowSlack;
}

void DeviceProgrammer::checkState(double x, const char* caller) const {
  if (!insideWindow(x))
    throw std::invalid_argument(std::string(caller) + ": state x = " + number(x) + " lies outside the window [" +
                                number(std::min(xOff(), xOn())) + ", " + number(std::max(xOff(), xOn())) + "]");
}

double DeviceProgrammer::checkedPosition(double x, const char* caller) const {
  checkState(x, caller);
  return std::clamp(window_.positionOf(x), 0.0, 1.0);
}

DeviceProgrammer::PulseRun DeviceProgrammer::applyPulses(double x, Polarity polarity, int count, double deviceFactor,
                                                         std::mt19937_64& rng) const {
  if (!(deviceFactor >= 0.0) || !std::isfinite(deviceFactor))
    throw std::invalid_argument("deviceFactor = " + number(deviceFactor) + " must be finite and >= 0");
  double position = checkedPosition(x, "applyPulses");
  if (count <= 0) return {x, 0.0, 0.0};
  const bool set = polarity == Polarity::Set;
  const std::vector<double>& table = set ? setTable_ : resetTable_;
  const double amplitude_volt = set ? scheme_.setAmplitude_volt : scheme_.resetAmplitude_volt;
  const double width_seconds = set ? scheme_.setWidth_seconds : scheme_.resetWidth_seconds;
  double energy_joule = 0.0;
  for (int k = 0; k < count; ++k) {
    energy_joule += amplitude_volt * native().current(amplitude_volt, stateOf(position)) * width_seconds;
    double factor = deviceFactor;
    if (variation_.cycleToCycle > 0.0) factor *= io::normal(rng, 1.0, variation_.cycleToCycle);
    position = stepPosition(table, position, factor);
  }
  return {stateOf(position), energy_joule, count * width_seconds};
}

Walk DeviceProgrammer::walkNominal(double x, Polarity polarity, int maxPulses,
                                   const std::function<bool(double g, double next)>& another) const {
  return walkNominalFrom(x, conductance(x), conductanceAfterPulse(x, polarity), polarity, maxPulses, another);
}

double DeviceProgrammer::conductanceAfterPulse(double x, Polarity polarity) const {
  const std::vector<double>& table = polarity == Polarity::Set ? setTable_ : resetTable_;
  return conductance(stateOf(interpolate(table, checkedPosition(x, "conductanceAfterPulse"))));
}

Walk DeviceProgrammer::walkNominalFrom(double x, double g, double firstNext, Polarity polarity, int maxPulses,
                                       const std::function<bool(double g, double next)>& another) const {
  if (maxPulses < 1 || !another(g, firstNext)) return {0, 0.0};  // most writes of a batch end here
  const std::vector<double>& table = polarity == Polarity::Set ? setTable_ : resetTable_;
  const double start = g;
  double position = interpolate(table, checkedPosition(x, "walkNominal"));
  g = firstNext;
  int pulses = 1;
  while (pulses < maxPulses) {
    const double nextPosition = interpolate(table, position);
    const double next = conductance(stateOf(nextPosition));
    if (!another(g, next)) break;
    position = nextPosition;
    g = next;
    ++pulses;
  }
  return {pulses, g - start};
}

double DeviceProgrammer::stepSpread(int samples) const {
  if (samples < 2) throw std::invalid_argument("stepSpread: samples = " + std::to_string(samples) + " must be >= 2");
  // Evenly in conductance, where training sees the device, and inside the window: at the ends
  // a pulse towards the bound is cut short by the bound itself.
  constexpr double kEdge = 0.05;
  double smallest = std::numeric_limits<double>::infinity(), largest = 0.0;
  for (int k = 0; k < samples; ++k) {
    const double share = kEdge + (1.0 - 2.0 * kEdge) * k / (samples - 1);
    const double x = stateForConductance(gMin() + share * (gMax() - gMin()));
    for (const bool up : {true, false}) {
      const double step = stepAt(x, up);
      smallest = std::min(smallest, step);
      largest = std::max(largest, step);
    }
  }
  return largest / smallest;
}

double DeviceProgrammer::stepAt(double x, bool up) const {
  return std::abs(conductance(up ? stateAfterSet(x) : stateAfterReset(x)) - conductance(x));
}

double DeviceProgrammer::stateAfterSet(double x) const {
  return stateOf(interpolate(setTable_, checkedPosition(x, "stateAfterSet")));
}

double DeviceProgrammer::stateAfterReset(double x) const {
  return stateOf(interpolate(resetTable_, checkedPosition(x, "stateAfterReset")));
}

double DeviceProgrammer::drawDeviceFactor(std::mt19937_64& rng) const {
  if (variation_.deviceToDevice == 0.0) return 1.0;
  return std::max(0.0, io::normal(rng, 1.0, variation_.deviceToDevice));
}

void DeviceProgrammer::setVariation(const devices::Variation& variation) {
  devices::checkVariation(variation);
  if (variation.boundDeviceToDevice != 0.0)
    throw std::invalid_argument("variation: boundDeviceToDevice = " + number(variation.boundDeviceToDevice) +
                                " applies to pulse-level devices only; a physical device's bounds are its window");
  variation_ = variation;
}

void DeviceProgrammer::setMaxPulses(int maxPulses) {
  if (maxPulses < 1) throw std::invalid_argument("maxPulses = " + std::to_string(maxPulses) + " must be at least 1");
  maxPulses_ = maxPulses;
}

}  // namespace memcosim::programming
