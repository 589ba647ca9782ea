// NeuroSim-style nonlinearity fit, asymmetry and state count of LTP/LTD conductance sequences.
#include "characterise/pulse_metrics.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace memcosim::characterise {
namespace {

constexpr double kNeurosimScale = 10.1;  // NL = 10.1·D(c), read off NeuroSim's NL–A table
constexpr double kCurvatureLimit = 500.0;

std::vector<double> normalise(const std::vector<double>& branch) {
  if (branch.size() < 3)
    throw std::invalid_argument("pulse metrics: a branch needs at least 3 samples, got " +
                                std::to_string(branch.size()));
  const double start = branch.front();
  const double swing = branch.back() - start;
  if (swing == 0.0 || !std::isfinite(swing))
    throw std::invalid_argument("pulse metrics: a branch's first and last conductance must differ");
  std::vector<double> y(branch.size());
  for (std::size_t k = 0; k < branch.size(); ++k) y[k] = (branch[k] - start) / swing;
  return y;
}

double squaredError(const std::vector<double>& y, double c) {
  const double last = static_cast<double>(y.size() - 1);
  double sum = 0.0;
  for (std::size_t k = 0; k < y.size(); ++k) {
    const double r = y[k] - normalisedBranch(static_cast<double>(k) / last, c);
    sum += r * r;
  }
  return sum;
}

}  // namespace

double normalisedBranch(double x, double c) {
  if (std::abs(c) < 1e-9) return x;
  return std::expm1(-c * x) / std::expm1(-c);
}

double maximumDeviation(double c) {
  c = std::abs(c);
  if (c < 1e-4) return c / 8.0;  // series: D = c/8 + O(c³)
  const double one_minus = -std::expm1(-c);
  return 1.0 / one_minus - 1.0 / c - std::log(c / one_minus) / c;
}

double neurosimNonlinearity(double c) {
  const double label = kNeurosimScale * maximumDeviation(c);
  return c < 0.0 ? -label : label;
}

double neurosimCurvature(double nl) {
  const double magnitude = std::abs(nl);
  if (!(magnitude < neurosimNonlinearity(kCurvatureLimit)))
    throw std::invalid_argument("NeuroSim nonlinearity " + std::to_string(nl) + " is out of range (|NL| < " +
                                std::to_string(neurosimNonlinearity(kCurvatureLimit)) + ")");
  double low = 0.0;
  double high = kCurvatureLimit;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double middle = 0.5 * (low + high);
    (neurosimNonlinearity(middle) < magnitude ? low : high) = middle;
  }
  const double c = 0.5 * (low + high);
  return nl < 0.0 ? -c : c;
}

double fitCurvature(const std::vector<double>& branch_siemens) {
  const std::vector<double> y = normalise(branch_siemens);
  // Coarse scan on an asinh-spaced grid, then golden-section refinement around the best point.
  constexpr int kGrid = 400;
  auto gridValue = [](int k) { return std::sinh(std::asinh(kCurvatureLimit) * (2.0 * k / kGrid - 1.0)); };
  int best = 0;
  double best_error = squaredError(y, gridValue(0));
  for (int k = 1; k <= kGrid; ++k) {
    const double error = squaredError(y, gridValue(k));
    if (error < best_error) {
      best_error = error;
      best = k;
    }
  }
  double a = gridValue(std::max(best - 1, 0));
  double b = gridValue(std::min(best + 1, kGrid));
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int iteration = 0; iteration < 200 && b - a > 1e-12 * (1.0 + std::abs(a)); ++iteration) {
    const double left = b - ratio * (b - a);
    const double right = a + ratio * (b - a);
    if (squaredError(y, left) < squaredError(y, right))
      b = right;
    else
      a = left;
  }
  return 0.5 * (a + b);
}

int distinguishableStates(std::vector<double> conductances_siemens, double resolution_siemens) {
  if (conductances_siemens.empty()) return 0;
  std::sort(conductances_siemens.begin(), conductances_siemens.end());
  int states = 1;
  double level = conductances_siemens.front();
  for (double g : conductances_siemens) {
    if (g - level > resolution_siemens) {
      ++states;
      level = g;
    }
  }
  return states;
}

PulseMetrics pulseMetrics(const std::vector<double>& ltp_siemens, const std::vector<double>& ltd_siemens,
                          double resolution_siemens) {
  PulseMetrics metrics;
  std::vector<double> all = ltp_siemens;
  all.insert(all.end(), ltd_siemens.begin(), ltd_siemens.end());
  if (all.empty()) throw std::invalid_argument("pulse metrics: no conductance samples");
  const auto [low, high] = std::minmax_element(all.begin(), all.end());
  metrics.gMin_siemens = *low;
  metrics.gMax_siemens = *high;
  metrics.cLtp = fitCurvature(ltp_siemens);
  metrics.cLtd = fitCurvature(ltd_siemens);
  metrics.nlLtp = neurosimNonlinearity(metrics.cLtp);
  metrics.nlLtd = neurosimNonlinearity(metrics.cLtd);
  metrics.asymmetry = std::abs(metrics.nlLtp - metrics.nlLtd);
  metrics.resolution_siemens =
      resolution_siemens > 0.0 ? resolution_siemens : 0.005 * (metrics.gMax_siemens - metrics.gMin_siemens);
  metrics.states = distinguishableStates(all, metrics.resolution_siemens);
  return metrics;
}

}  // namespace memcosim::characterise
