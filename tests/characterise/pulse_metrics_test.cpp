// Tests for the NeuroSim-style nonlinearity fit, asymmetry and state count.
#include "characterise/pulse_metrics.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace memcosim::characterise;

namespace {

std::vector<double> neurosimBranch(double g_start, double g_end, int pulses, double c) {
  std::vector<double> g;
  for (int p = 0; p <= pulses; ++p)
    g.push_back(g_start + (g_end - g_start) * normalisedBranch(static_cast<double>(p) / pulses, c));
  return g;
}

}  // namespace

TEST_CASE("pulse metrics: NL label reproduces NeuroSim's NL–normalised-A table", "[characterise]") {
  // (NL, A/P_max) pairs from neurosim/MLP_NeuroSim_V3.0 documents/Nonlinearity-NormA.htm
  const std::vector<std::pair<double, double>> table = {{0.01, 126.269}, {0.1, 12.6258}, {1.51, 0.8195}, {3.01, 0.3853},
                                                        {4.51, 0.2266},  {6.01, 0.1351}, {7.51, 0.0702}};
  for (const auto& [nl, normalised_a] : table) {
    CHECK(neurosimNonlinearity(1.0 / normalised_a) == Approx(nl).epsilon(2e-3));
    CHECK(1.0 / neurosimCurvature(nl) == Approx(normalised_a).epsilon(3e-3));
  }
  CHECK(neurosimNonlinearity(-2.0) == Approx(-neurosimNonlinearity(2.0)));
  CHECK(maximumDeviation(1e-6) == Approx(1.25e-7));
  CHECK_THROWS_AS(neurosimCurvature(10.0), std::invalid_argument);
}

TEST_CASE("pulse metrics: the fit recovers c of synthetic NeuroSim curves", "[characterise]") {
  for (double c : {-3.0, 0.0, 0.5, 2.0, 8.0}) {
    CHECK(fitCurvature(neurosimBranch(1e-6, 1e-4, 64, c)) == Approx(c).margin(1e-6));
  }
  CHECK_THROWS_AS(fitCurvature({1.0, 1.0, 1.0}), std::invalid_argument);
}

TEST_CASE("pulse metrics: LTP then LTD give range, NL, asymmetry, states", "[characterise]") {
  const double cLtp = neurosimCurvature(2.4);
  const double cLtd = neurosimCurvature(4.88);
  const auto ltp = neurosimBranch(1e-6, 1e-4, 100, cLtp);
  const auto ltd = neurosimBranch(1e-4, 1e-6, 100, cLtd);
  const PulseMetrics metrics = pulseMetrics(ltp, ltd);
  CHECK(metrics.gMin_siemens == Approx(1e-6));
  CHECK(metrics.gMax_siemens == Approx(1e-4));
  CHECK(metrics.nlLtp == Approx(2.4).epsilon(1e-5));
  CHECK(metrics.nlLtd == Approx(4.88).epsilon(1e-5));
  CHECK(metrics.asymmetry == Approx(2.48).epsilon(1e-4));
  CHECK(metrics.resolution_siemens == Approx(0.005 * 99e-6));
  CHECK(metrics.states > 10);
  CHECK(metrics.states <= 201);
}

TEST_CASE("pulse metrics: states count levels farther apart than the resolution", "[characterise]") {
  CHECK(distinguishableStates({1.0, 1.05, 2.0, 2.01, 3.0, 0.99}, 0.1) == 3);
  CHECK(distinguishableStates({1.0, 2.0, 3.0, 4.0}, 0.5) == 4);
  CHECK(distinguishableStates({}, 0.5) == 0);
}
