// Tests for config reading: range errors in words, exclusive bounds.
#include "io/config.h"

#include <catch2/catch.hpp>

#include <functional>
#include <limits>

using namespace memcosim::io;

namespace {

std::string errorOf(const std::function<void(ConfigTable&)>& read, const std::string& text) {
  auto table = ConfigTable::parse(text, "c.toml");
  try {
    read(table);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

constexpr double kHuge = std::numeric_limits<double>::max();

}  // namespace

TEST_CASE("config: range errors state the bounds in words, never DBL_MAX's digits", "[io]") {
  const auto open = errorOf([](ConfigTable& t) { t.number("beta", 1.0, 1e-18, kHuge); }, "beta = -1\n");
  CHECK(open == "c.toml:1: beta: -1 is outside the allowed range: must be ≥ 1e-18 (no upper bound)");
  const auto closed = errorOf([](ConfigTable& t) { t.number("f", 0.2, 0.01, 0.99); }, "f = 1.5\n");
  CHECK(closed == "c.toml:1: f: 1.5 is outside the allowed range: must be ≥ 0.01 and ≤ 0.99");
  const auto list = errorOf([](ConfigTable& t) { t.numbers("r", {}, 0.0, kHuge); }, "r = [1, -2]\n");
  CHECK_THAT(list, Catch::Contains("-2 is outside") && Catch::Contains("no upper bound"));
  const auto integer =
      errorOf([](ConfigTable& t) { t.integer("seed", 1, 0, std::numeric_limits<long>::max()); }, "seed = -3\n");
  CHECK(integer == "c.toml:1: seed: -3 is outside the allowed range: must be ≥ 0 (no upper bound)");
  for (const auto& message : {open, closed, list, integer}) CHECK(message.size() < 120);
}

TEST_CASE("config: an exclusive lower bound says so", "[io]") {
  const auto one = errorOf([](ConfigTable& t) { t.numberAbove("ratio", 10.0, 1.0, 1e9); }, "ratio = 1\n");
  CHECK(one == "c.toml:1: ratio: 1 is outside the allowed range: must be > 1 and ≤ 1e+09");
  const auto list = errorOf([](ConfigTable& t) { t.numbersAbove("ratios", {}, 1.0, 1e9); }, "ratios = [2, 1]\n");
  CHECK(list == "c.toml:1: ratios: 1 is outside the allowed range: must be > 1 and ≤ 1e+09");
  auto table = ConfigTable::parse("ratio = 1.0000001\n", "c.toml");
  CHECK(table.numberAbove("ratio", 10.0, 1.0, 1e9) == 1.0000001);
}
