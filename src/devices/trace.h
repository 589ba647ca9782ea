// A sampled device trajectory: what the native and ngspice engines return for one stimulus.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace memcosim::devices {

/// Per sample k: time_s[k], the voltage across the device and the current into its + pin,
/// the state and the resistance R(x) at that state.
struct Trace {
  std::vector<double> time;        // s
  std::vector<double> voltage;     // V, across the device (after any series resistance)
  std::vector<double> current;     // A
  std::vector<double> state;       // the model's state unit
  std::vector<double> resistance;  // Ohm
};

/// Linear interpolation of the samples (times, values) at each of `at` (times increasing, at
/// least two of them; points outside the range take the end values): how an ngspice
/// transient's own time points are brought onto an experiment's sample times.
inline std::vector<double> resample(const std::vector<double>& times, const std::vector<double>& values,
                                    const std::vector<double>& at) {
  std::vector<double> result;
  result.reserve(at.size());
  std::size_t k = 0;
  for (const double t : at) {
    while (k + 2 < times.size() && times[k + 1] < t) ++k;
    const double t0 = times[k], t1 = times[k + 1];
    const double weight = t1 > t0 ? std::clamp((t - t0) / (t1 - t0), 0.0, 1.0) : 0.0;
    result.push_back(values[k] + weight * (values[k + 1] - values[k]));
  }
  return result;
}

}  // namespace memcosim::devices
