// Tests for the portable random draws: fixed streams, the moments they should have, shuffles.
#include "io/random.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

using namespace memcosim::io;

TEST_CASE("random: uniform01 is the engine's top 53 bits scaled by 2^-53", "[io]") {
  // The C++ standard fixes the 10000th output of a default-seeded mt19937_64.
  std::mt19937_64 rng;
  rng.discard(9999);
  CHECK(uniform01(rng) == static_cast<double>(9981545732273789042ULL >> 11) * 0x1.0p-53);
}

TEST_CASE("random: the streams are the same on every standard library", "[io]") {
  // Recorded values: a change here changes every training run's initial weights and orders.
  std::mt19937_64 uniform(42);
  CHECK(uniform01(uniform) == 0.75515553295453897);
  CHECK(uniform01(uniform) == 0.63903139385469743);
  std::mt19937_64 gaussian(42);
  CHECK(standardNormal(gaussian) == -1.0771745442782885);
  CHECK(standardNormal(gaussian) == 1.0945198485006107);
  CHECK(shuffledOrder(10, 1, 0) == std::vector<std::size_t>{9, 5, 3, 8, 6, 0, 7, 1, 2, 4});
  CHECK(shuffledOrder(10, 1, 1) == std::vector<std::size_t>{9, 4, 0, 3, 5, 7, 6, 8, 1, 2});
  std::vector<std::size_t> items{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::mt19937_64 shuffling(5);
  shuffle(items, shuffling);
  CHECK(items == std::vector<std::size_t>{8, 7, 1, 3, 5, 9, 6, 0, 4, 2});
  std::mt19937_64 below(9);
  CHECK(uniformBelow(below, 6) == 1);
  CHECK(uniformBelow(below, 6) == 0);
  CHECK(uniformBelow(below, 1000000007) == 626197767);
}

TEST_CASE("random: uniform and normal draws have the right moments", "[io]") {
  std::mt19937_64 rng(11);
  constexpr int n = 200000;
  double sum = 0.0, sumSquares = 0.0, minimum = 1.0, maximum = 0.0;
  for (int k = 0; k < n; ++k) {
    const double u = uniform01(rng);
    sum += u;
    sumSquares += u * u;
    minimum = std::min(minimum, u);
    maximum = std::max(maximum, u);
  }
  CHECK(minimum >= 0.0);
  CHECK(maximum < 1.0);
  CHECK(sum / n == Approx(0.5).margin(0.005));
  CHECK(sumSquares / n - (sum / n) * (sum / n) == Approx(1.0 / 12.0).margin(0.002));

  double z = 0.0, zz = 0.0, beyondTwo = 0.0;
  for (int k = 0; k < n; ++k) {
    const double x = normal(rng, 3.0, 0.5);
    REQUIRE(std::isfinite(x));
    z += x;
    zz += x * x;
    if (std::abs(x - 3.0) > 1.0) beyondTwo += 1.0;
  }
  const double mean = z / n;
  CHECK(mean == Approx(3.0).margin(0.005));
  CHECK(std::sqrt(zz / n - mean * mean) == Approx(0.5).margin(0.005));
  CHECK(beyondTwo / n == Approx(0.0455).margin(0.003));  // P(|Z| > 2)
}

TEST_CASE("random: normal(mean, sigma) is mean + sigma times the same standard draw", "[io]") {
  std::mt19937_64 a(3), b(3);
  for (int k = 0; k < 10; ++k) CHECK(normal(a, -2.0, 0.25) == -2.0 + 0.25 * standardNormal(b));
  std::mt19937_64 c(3), d(3);
  CHECK(normal(c, 1.5, 0.0) == 1.5);
  (void)standardNormal(d);
  CHECK(c() == d());  // a zero spread still uses the engine: streams do not depend on it
}

TEST_CASE("random: uniformBelow stays below its bound and reaches every value", "[io]") {
  std::mt19937_64 rng(1);
  std::vector<int> counts(7, 0);
  for (int k = 0; k < 70000; ++k) {
    const auto v = uniformBelow(rng, 7);
    REQUIRE(v < 7);
    ++counts[v];
  }
  for (const int count : counts) CHECK(count == Approx(10000).margin(400));
  CHECK(uniformBelow(rng, 1) == 0);
  CHECK_THROWS_AS(uniformBelow(rng, 0), std::invalid_argument);
}

TEST_CASE("random: shuffles are permutations, every position reachable", "[io]") {
  std::mt19937_64 rng(2);
  std::vector<std::vector<int>> where(5, std::vector<int>(5, 0));  // where[item][position]
  for (int trial = 0; trial < 5000; ++trial) {
    std::vector<std::size_t> items{0, 1, 2, 3, 4};
    shuffle(items, rng);
    for (std::size_t p = 0; p < items.size(); ++p) ++where[items[p]][p];
    const auto order = shuffledOrder(5, 99, static_cast<std::uint64_t>(trial));
    REQUIRE(std::set<std::size_t>(order.begin(), order.end()) == std::set<std::size_t>{0, 1, 2, 3, 4});
  }
  for (const auto& positions : where)
    for (const int count : positions) CHECK(count == Approx(1000).margin(150));
  CHECK(shuffledOrder(0, 1, 0).empty());
  CHECK(shuffledOrder(1, 1, 0) == std::vector<std::size_t>{0});
  CHECK(shuffledOrder(20, 7, 3) == shuffledOrder(20, 7, 3));
  CHECK(shuffledOrder(20, 7, 3) != shuffledOrder(20, 7, 4));
  CHECK(shuffledOrder(20, 7, 3) != shuffledOrder(20, 8, 3));
}
