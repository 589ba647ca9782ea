// Tiny I-V loop metrics shared by the device tests (to move into a metrics library later).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace memcosim::devices::testing {

/// Largest |i| at the zero crossings of v (i interpolated linearly between samples).
inline double pinchCurrent(const std::vector<double>& v, const std::vector<double>& i) {
  double worst = 0.0;
  for (std::size_t k = 0; k + 1 < v.size(); ++k) {
    if (v[k] == 0.0) {
      worst = std::max(worst, std::abs(i[k]));
    } else if ((v[k] < 0.0) != (v[k + 1] < 0.0) && v[k + 1] != 0.0) {
      const double w = v[k] / (v[k] - v[k + 1]);
      worst = std::max(worst, std::abs(i[k] + w * (i[k + 1] - i[k])));
    }
  }
  return worst;
}

inline double peakMagnitude(const std::vector<double>& values) {
  double peak = 0.0;
  for (const double value : values) peak = std::max(peak, std::abs(value));
  return peak;
}

/// Area enclosed by the pinched loop over samples [first, end): the shoelace area of the
/// v ≥ 0 lobe plus that of the v < 0 lobe (their orientations are opposite, so a single
/// signed ∮ i dv would cancel them).
inline double lobeArea(const std::vector<double>& v, const std::vector<double>& i, std::size_t first) {
  double positive = 0.0, negative = 0.0;
  std::size_t lastPositive = v.size(), lastNegative = v.size();
  for (std::size_t k = first; k < v.size(); ++k) {
    std::size_t& last = v[k] >= 0.0 ? lastPositive : lastNegative;
    double& sum = v[k] >= 0.0 ? positive : negative;
    if (last != v.size()) sum += v[last] * i[k] - v[k] * i[last];
    last = k;
  }
  return 0.5 * (std::abs(positive) + std::abs(negative));
}

/// ‖a − b‖₂ / ‖b‖₂.
inline double normalisedRmsDifference(const std::vector<double>& a, const std::vector<double>& b) {
  double difference = 0.0, reference = 0.0;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
    difference += (a[k] - b[k]) * (a[k] - b[k]);
    reference += b[k] * b[k];
  }
  return std::sqrt(difference / reference);
}

}  // namespace memcosim::devices::testing
