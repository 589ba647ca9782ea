// Portable uniform and normal draws and shuffles (formulas in io/random.h).
#include "io/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace memcosim::io {
namespace {

/// Fisher–Yates: position i − 1 takes the element at indexBelow(i) ∈ [0, i), for i = n … 2.
template <class IndexBelow>
void fisherYates(std::vector<std::size_t>& items, IndexBelow indexBelow) {
  for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[indexBelow(i)]);
}

}  // namespace

double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double standardNormal(std::mt19937_64& rng) {
  const double u1 = 1.0 - uniform01(rng);  // (0, 1]: log is finite
  const double u2 = uniform01(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double normal(std::mt19937_64& rng, double mean, double sigma) { return mean + sigma * standardNormal(rng); }

std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound) {
  if (bound == 0) throw std::invalid_argument("uniformBelow: the bound must be at least 1");
  const std::uint64_t threshold = (0 - bound) % bound;  // (2^64 - bound) mod bound = 2^64 mod bound
  while (true) {
    const std::uint64_t draw = rng();
    if (draw >= threshold) return draw % bound;
  }
}

void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng) {
  fisherYates(items, [&rng](std::size_t i) { return static_cast<std::size_t>(uniformBelow(rng, i)); });
}

std::vector<std::size_t> shuffledOrder(std::size_t n, std::uint64_t seed, std::uint64_t stream) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::seed_seq sequence{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                         static_cast<std::uint32_t>(stream), static_cast<std::uint32_t>(stream >> 32)};
  std::mt19937_64 rng(sequence);
  fisherYates(order, [&rng](std::size_t i) {
    return std::min(static_cast<std::size_t>(uniform01(rng) * static_cast<double>(i)), i - 1);
  });
  return order;
}

}  // namespace memcosim::io
