// Random draws that give the same stream on every standard library (part of the io utility
// kit, io/text.h).
//
// The engine, std::mt19937_64, and std::seed_seq are specified to the bit by the C++ standard;
// the distributions (std::uniform_real_distribution, std::normal_distribution, std::shuffle,
// std::uniform_int_distribution) are not, so libstdc++ and libc++ draw different numbers from
// the same seed. Every draw in memcosim goes through these functions instead:
//   uniform01(r)       = ⌊r() / 2^11⌋ · 2^−53                      in [0, 1), 53 random bits
//   standardNormal(r)  = √(−2 ln u₁) · cos(2π u₂),  u₁ = 1 − uniform01, u₂ = uniform01
//                        (Box–Muller, Box & Muller 1958; u₁ ∈ (0, 1] keeps the log finite;
//                        each call uses two engine outputs and keeps no state between calls)
//   normal(r, μ, σ)    = μ + σ · standardNormal(r)
//   uniformBelow(r, n) = r() mod n after rejecting the 2^64 mod n lowest outputs (unbiased)
//   shuffle            = Fisher–Yates: for i = n … 2, swap positions i−1 and j, j uniform in [0, i)
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

namespace memcosim::io {

/// A draw in [0, 1) with 53 random bits.
double uniform01(std::mt19937_64& rng);

/// A standard normal draw (Box–Muller on two uniform01 draws).
double standardNormal(std::mt19937_64& rng);

/// A normal draw with mean `mean` and standard deviation `sigma` (σ = 0 returns the mean but
/// still uses the engine, so streams do not depend on whether a spread is zero).
double normal(std::mt19937_64& rng, double mean, double sigma);

/// A uniform integer in [0, bound), without modulo bias; bound must be at least 1.
std::uint64_t uniformBelow(std::mt19937_64& rng, std::uint64_t bound);

/// Shuffles `items` in place (Fisher–Yates, j drawn by uniformBelow: every order equally likely).
void shuffle(std::vector<std::size_t>& items, std::mt19937_64& rng);

/// The engine of stream `stream` of a run's seed: std::mt19937_64 seeded with
/// seed · 0x9E3779B97F4A7C15 + stream (mod 2^64). Each use of randomness in a run has its own
/// stream, so adding one leaves the others' draws as they were.
inline std::mt19937_64 seedStream(std::uint64_t seed, std::uint64_t stream) {
  return std::mt19937_64(seed * 0x9E3779B97F4A7C15ULL + stream);
}

/// A permutation of 0..n−1 from (seed, stream): Fisher–Yates on an engine seeded with
/// std::seed_seq{seed low, seed high, stream low, stream high}, j = min(⌊uniform01 · i⌋, i − 1).
/// Separate streams (e.g. one per epoch) are independent orders from one seed. (j is drawn by
/// scaling, not by uniformBelow, so that existing training runs replay their mini-batch orders;
/// its bias is below i · 2^−53.)
std::vector<std::size_t> shuffledOrder(std::size_t n, std::uint64_t seed, std::uint64_t stream);

}  // namespace memcosim::io
