// Loop areas, pinch current, resistance figures and sweep stimuli for I-V characterisation.
#include "characterise/iv_metrics.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace memcosim::characterise {
namespace {

void requireLoop(const IvTrace& cycle) {
  if (cycle.voltage_volt.size() != cycle.current_ampere.size())
    throw std::invalid_argument("I-V trace: voltage has " + std::to_string(cycle.voltage_volt.size()) +
                                " samples but current has " + std::to_string(cycle.current_ampere.size()));
  if (cycle.voltage_volt.size() < 3)
    throw std::invalid_argument("I-V trace: a loop needs at least 3 samples, got " +
                                std::to_string(cycle.voltage_volt.size()));
}

/// Sutherland–Hodgman clip of the closed polygon (v, i) to the half-plane sign·v ≥ 0.
std::pair<std::vector<double>, std::vector<double>> clipHalfPlane(const std::vector<double>& v,
                                                                  const std::vector<double>& i, double sign) {
  std::vector<double> outVoltage;
  std::vector<double> out_i;
  const std::size_t n = v.size();
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t next = (k + 1) % n;
    const double a = sign * v[k];
    const double b = sign * v[next];
    if (a >= 0.0) {
      outVoltage.push_back(v[k]);
      out_i.push_back(i[k]);
    }
    if ((a > 0.0 && b < 0.0) || (a < 0.0 && b > 0.0)) {
      const double fraction = a / (a - b);
      outVoltage.push_back(0.0);
      out_i.push_back(i[k] + fraction * (i[next] - i[k]));
    }
  }
  return {outVoltage, out_i};
}

}  // namespace

double shoelaceArea(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.size() != y.size()) throw std::invalid_argument("shoelaceArea: x and y differ in length");
  const std::size_t n = x.size();
  if (n < 3) return 0.0;
  double twice = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t next = (k + 1) % n;
    twice += x[k] * y[next] - x[next] * y[k];
  }
  return 0.5 * twice;
}

LobeAreas lobeAreas(const IvTrace& cycle) {
  requireLoop(cycle);
  LobeAreas areas;
  areas.loopSigned = shoelaceArea(cycle.voltage_volt, cycle.current_ampere);
  areas.loop = std::abs(areas.loopSigned);
  const auto [pv, pi] = clipHalfPlane(cycle.voltage_volt, cycle.current_ampere, +1.0);
  const auto [nv, ni] = clipHalfPlane(cycle.voltage_volt, cycle.current_ampere, -1.0);
  areas.positiveLobe = std::abs(shoelaceArea(pv, pi));
  areas.negativeLobe = std::abs(shoelaceArea(nv, ni));
  areas.lobes = areas.positiveLobe + areas.negativeLobe;
  return areas;
}

double pinchCurrent(const IvTrace& cycle) {
  requireLoop(cycle);
  const auto& v = cycle.voltage_volt;
  const auto& i = cycle.current_ampere;
  double largest = 0.0;
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k] == 0.0) largest = std::max(largest, std::abs(i[k]));
    if (k + 1 < v.size() && v[k] * v[k + 1] < 0.0) {
      const double fraction = v[k] / (v[k] - v[k + 1]);
      largest = std::max(largest, std::abs(i[k] + fraction * (i[k + 1] - i[k])));
    }
  }
  return largest;
}

ResistanceMetrics resistanceMetrics(const IvTrace& cycle) {
  const auto& r = cycle.resistance_ohm;
  const auto& v = cycle.voltage_volt;
  if (r.empty()) throw std::invalid_argument("I-V trace: the resistance column is empty");
  if (r.size() != v.size())
    throw std::invalid_argument("I-V trace: resistance has " + std::to_string(r.size()) + " samples but voltage has " +
                                std::to_string(v.size()));
  for (std::size_t k = 0; k < r.size(); ++k)
    if (!(r[k] > 0.0) || !std::isfinite(r[k]))
      throw std::invalid_argument("I-V trace: resistance sample " + std::to_string(k) + " is " + std::to_string(r[k]) +
                                  "; it must be finite and > 0");
  ResistanceMetrics metrics;
  const auto [low, high] = std::minmax_element(r.begin(), r.end());
  metrics.rMin_ohm = *low;
  metrics.rMax_ohm = *high;
  metrics.ratio = *high / *low;
  const double middle = std::sqrt(*low * *high);
  for (std::size_t k = 0; k + 1 < r.size(); ++k) {
    const double a = r[k] - middle;
    const double b = r[k + 1] - middle;
    const bool falling = a > 0.0 && b <= 0.0;
    const bool rising = a < 0.0 && b >= 0.0;
    if (!falling && !rising) continue;
    const double fraction = a / (a - b);
    const double voltage = v[k] + fraction * (v[k + 1] - v[k]);
    if (falling && !metrics.setVoltage_volt) metrics.setVoltage_volt = voltage;
    if (rising && !metrics.resetVoltage_volt) metrics.resetVoltage_volt = voltage;
  }
  return metrics;
}

std::vector<double> sampleTimes(double frequency_hertz, int cycles, int points_per_cycle) {
  if (!(frequency_hertz > 0.0) || !std::isfinite(frequency_hertz))
    throw std::invalid_argument("sampleTimes: frequency must be > 0 Hz, got " + std::to_string(frequency_hertz));
  if (cycles < 1) throw std::invalid_argument("sampleTimes: cycles must be >= 1, got " + std::to_string(cycles));
  if (points_per_cycle < 4)
    throw std::invalid_argument("sampleTimes: pointsPerCycle must be >= 4, got " + std::to_string(points_per_cycle));
  const long count = static_cast<long>(cycles) * points_per_cycle;
  const double step = 1.0 / (frequency_hertz * points_per_cycle);
  std::vector<double> times(static_cast<std::size_t>(count) + 1);
  for (long k = 0; k <= count; ++k) times[static_cast<std::size_t>(k)] = static_cast<double>(k) * step;
  return times;
}

double sineVoltage(double amplitude_volt, double frequency_hertz, double time_seconds) {
  return amplitude_volt * std::sin(2.0 * std::numbers::pi * frequency_hertz * time_seconds);
}

double triangleVoltage(double amplitude_volt, double frequency_hertz, double time_seconds) {
  double phase = frequency_hertz * time_seconds;
  phase -= std::floor(phase);  // in [0, 1)
  if (phase < 0.25) return amplitude_volt * 4.0 * phase;
  if (phase < 0.75) return amplitude_volt * (2.0 - 4.0 * phase);
  return amplitude_volt * (4.0 * phase - 4.0);
}

PwlPoints sinePwl(double amplitude_volt, double frequency_hertz, int cycles, int points_per_cycle) {
  PwlPoints points;
  for (double t : sampleTimes(frequency_hertz, cycles, points_per_cycle))
    points.emplace_back(t, sineVoltage(amplitude_volt, frequency_hertz, t));
  return points;
}

PwlPoints trianglePwl(double amplitude_volt, double frequency_hertz, int cycles) {
  const std::vector<double> quarter = sampleTimes(frequency_hertz, cycles, 4);
  PwlPoints points;
  for (std::size_t k = 0; k < quarter.size(); ++k) {
    if (k % 4 == 2) continue;  // the zero crossing at T/2 lies on the straight falling edge
    const double corner[4] = {0.0, amplitude_volt, 0.0, -amplitude_volt};
    points.emplace_back(quarter[k], corner[k % 4]);
  }
  return points;
}

}  // namespace memcosim::characterise
