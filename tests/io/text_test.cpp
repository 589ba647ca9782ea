// Tests for the shared text helpers: case folding, trimming, first words, splitting.
#include "io/text.h"

#include <catch2/catch.hpp>

using namespace memcosim::io;
using Pieces = std::vector<std::string>;

TEST_CASE("text: lowerCase folds ASCII letters only", "[io]") {
  CHECK(lowerCase("V(OUT) .TRAN 1Meg") == "v(out) .tran 1meg");
  CHECK(lowerCase("") == "");
  CHECK(lowerCase("\xC3\x84x") == "\xC3\x84x");  // UTF-8 bytes pass through unchanged
}

TEST_CASE("text: trimmed drops blanks and tabs at both ends, or what it is told", "[io]") {
  CHECK(trimmed("  \ta b\t ") == "a b");
  CHECK(trimmed(" \t ") == "");
  CHECK(trimmed("") == "");
  CHECK(trimmed("x\r") == "x\r");
  CHECK(trimmed("x \r", " \t\r") == "x");
  CHECK(trimmed("--x-y--", "-") == "x-y");
}

TEST_CASE("text: firstWord is the first blank-separated word in lower case", "[io]") {
  CHECK(firstWord("  .INCLUDE \"a b.lib\"") == ".include");
  CHECK(firstWord("\tR1 a b 1k") == "r1");
  CHECK(firstWord("word") == "word");
  CHECK(firstWord("   ") == "");
}

TEST_CASE("text: splitTrimmed keeps empty pieces and trims each", "[io]") {
  CHECK(splitTrimmed("a, b ,c", ',') == Pieces{"a", "b", "c"});
  CHECK(splitTrimmed("a,,b,", ',') == Pieces{"a", "", "b", ""});
  CHECK(splitTrimmed("", ',') == Pieces{""});
  CHECK(splitTrimmed(" k = v ", '=') == Pieces{"k", "v"});
  CHECK(splitTrimmed("\"a,b\"", ',') == Pieces{"\"a", "b\""});  // no quoting: that is splitCsvLine
}
