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

TEST_CASE("config: getters return values, fallbacks for missing keys, and refuse wrong types", "[io]") {
  auto t = ConfigTable::parse(
      "rate = 0.5\nepochs = 12\nverbose = true\nname = \"iris\"\nsizes = [4, 8]\nwords = [\"a\", \"b\"]\n"
      "ratios = [1.5, 2]\n",
      "c.toml");
  CHECK(t.has("rate"));
  CHECK_FALSE(t.has("missing"));
  CHECK(t.number("rate", 1.0, 0.0, 1.0) == 0.5);
  CHECK(t.number("missing", 0.25, 0.0, 1.0) == 0.25);
  CHECK_FALSE(t.optionalNumber("absent", 0.0, 1.0).has_value());
  CHECK(t.integer("epochs", 1, 1, 100) == 12);
  CHECK(t.flag("verbose", false));
  CHECK(t.text("name", "", {"iris", "wisconsin"}) == "iris");
  CHECK(t.integers("sizes", {}, 1, 100) == std::vector<long>{4, 8});
  CHECK(t.texts("words", {}) == std::vector<std::string>{"a", "b"});
  CHECK(t.numbers("ratios", {}, 0.0, 10.0) == std::vector<double>{1.5, 2.0});
  CHECK(t.texts("none", {"x"}) == std::vector<std::string>{"x"});
  CHECK_NOTHROW(t.finish());

  CHECK(errorOf([](ConfigTable& c) { c.integer("epochs", 1, 1, 100); }, "epochs = 1.5\n") ==
        "c.toml:1: epochs: expected an integer");
  CHECK(errorOf([](ConfigTable& c) { c.number("rate", 1, 0, 1); }, "rate = \"fast\"\n") ==
        "c.toml:1: rate: expected a number");
  CHECK(errorOf([](ConfigTable& c) { c.flag("verbose", false); }, "verbose = 1\n") ==
        "c.toml:1: verbose: expected true or false");
  CHECK(errorOf(
            [](ConfigTable& c) {
              c.text("name", "", {"iris", "wisconsin"});
            },
            "name = \"digits\"\n") == "c.toml:1: name: \"digits\" is not one of: iris, wisconsin");
  CHECK(errorOf([](ConfigTable& c) { c.integers("sizes", {}, 1, 100); }, "sizes = [4, 0.5]\n") ==
        "c.toml:1: sizes: expected an array of integers");
  CHECK(errorOf([](ConfigTable& c) { c.texts("words", {}); }, "words = \"a\"\n") ==
        "c.toml:1: words: expected an array of strings");
}

TEST_CASE("config: sub-tables name their section and line, finish() rejects unknown keys", "[io]") {
  const std::string text = "seed = 1\n\n[training]\nepochs = 5\nlearnig_rate = 0.1\n";
  auto root = ConfigTable::parse(text, "run.toml");
  CHECK(root.integer("seed", 0, 0, 10) == 1);
  auto training = root.table("training");
  CHECK(training.integer("epochs", 1, 1, 100) == 5);
  CHECK_THROWS_WITH(training.finish(), "run.toml:5: training.learnig_rate: unknown option");
  CHECK_NOTHROW(root.finish());
  auto missing = root.table("absent");
  CHECK(missing.number("x", 3.0, 0.0, 10.0) == 3.0);
  CHECK_NOTHROW(missing.finish());
  CHECK(errorOf([](ConfigTable& c) { c.table("training").integer("epochs", 1, 1, 3); }, text) ==
        "c.toml:4: training.epochs: 5 is outside the allowed range: must be ≥ 1 and ≤ 3");
  CHECK(errorOf([](ConfigTable& c) { c.table("seed"); }, text) == "c.toml:1: seed: expected a table ([seed])");
  CHECK(errorOf([](ConfigTable& c) { c.finish(); }, "typo = 1\n") == "c.toml:1: typo: unknown option");
}

TEST_CASE("config: syntax errors and unreadable files name the file and line", "[io]") {
  CHECK_THROWS_WITH(ConfigTable::parse("a = 1\nb = = 2\n", "bad.toml"), Catch::StartsWith("bad.toml:2: "));
  CHECK_THROWS_AS(ConfigTable::parse("a = [1,\n", "bad.toml"), ConfigError);
  CHECK_THROWS_WITH(ConfigTable::load("/nonexistent/folder/c.toml"),
                    "/nonexistent/folder/c.toml: cannot read the config file");
}
