// Tests for reading and writing numbers: round trips, plain and SPICE syntax, error texts.
#include "io/number.h"

#include <catch2/catch.hpp>

#include <clocale>
#include <cmath>
#include <limits>

using namespace memcosim::io;
using Catch::Contains;

TEST_CASE("number: formatNumber writes the shortest text that reads back exactly", "[io]") {
  CHECK(formatNumber(0.1) == "0.1");
  CHECK(formatNumber(1e-15) == "1e-15");
  CHECK(formatNumber(-2.5) == "-2.5");
  CHECK(formatNumber(100.0) == "100");
  for (const double value : {0.1 + 0.2, 1.0 / 3.0, 6.02214076e23, -1e-300, std::numeric_limits<double>::max()})
    CHECK(readNumber(formatNumber(value), NumberSyntax::Plain) == value);
}

TEST_CASE("number: plain numbers are decimal literals and nothing else", "[io]") {
  CHECK(readNumber("2.5", NumberSyntax::Plain) == 2.5);
  CHECK(readNumber("+4", NumberSyntax::Plain) == 4.0);
  CHECK(readNumber("-1e-3", NumberSyntax::Plain) == -1e-3);
  CHECK(readNumber(".5", NumberSyntax::Plain) == 0.5);
  CHECK(readNumber("1E3", NumberSyntax::Plain) == 1000.0);
  for (const char* bad :
       {"", "+", "-", "1k", "1 ", " 1", "1,5", "+-5", "--5", "0x10", "abc", "1.2.3", "inf", "nan", "-inf", "1e999"})
    CHECK_FALSE(readNumber(bad, NumberSyntax::Plain).has_value());
}

TEST_CASE("number: reading does not depend on the C locale", "[io]") {
  const char* previous = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = previous ? previous : "C";
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8") == nullptr) std::setlocale(LC_NUMERIC, "C");
  CHECK(readNumber("1.5", NumberSyntax::Plain) == 1.5);
  CHECK_FALSE(readNumber("1,5", NumberSyntax::Plain).has_value());
  CHECK(formatNumber(1.5) == "1.5");
  std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST_CASE("number: SPICE scale suffixes, case-insensitive", "[io]") {
  const auto scaled = [](const char* text) { return readNumber(text, NumberSyntax::SpiceScale).value(); };
  CHECK(scaled("1f") == 1e-15);
  CHECK(scaled("2p") == 2 * 1e-12);
  CHECK(scaled("3n") == 3 * 1e-9);
  CHECK(scaled("3u") == 3 * 1e-6);
  CHECK(scaled("5m") == 5 * 1e-3);
  CHECK(scaled("5M") == 5 * 1e-3);  // M is milli in SPICE, not mega
  CHECK(scaled("2mil") == 2 * 25.4e-6);
  CHECK(scaled("1k") == 1e3);
  CHECK(scaled("1K") == 1e3);
  CHECK(scaled("2.5meg") == 2.5 * 1e6);
  CHECK(scaled("2.5MEG") == 2.5 * 1e6);
  CHECK(scaled("4g") == 4 * 1e9);
  CHECK(scaled("1t") == 1e12);
  CHECK(scaled("1e3k") == 1e6);
  CHECK(scaled("-7") == -7.0);
  CHECK(scaled("+7u") == 7 * 1e-6);
  CHECK_FALSE(readNumber("10uF", NumberSyntax::SpiceScale).has_value());
  CHECK_FALSE(readNumber("10q", NumberSyntax::SpiceScale).has_value());
  CHECK_FALSE(readNumber("k", NumberSyntax::SpiceScale).has_value());
  CHECK_FALSE(readNumber("1k5", NumberSyntax::SpiceScale).has_value());
}

TEST_CASE("number: SPICE cards may follow the scale with a unit", "[io]") {
  const auto card = [](const char* text) { return readNumber(text, NumberSyntax::SpiceUnit); };
  CHECK(card("10uF") == 10 * 1e-6);
  CHECK(card("5ns") == 5 * 1e-9);
  CHECK(card("1megohm") == 1e6);
  CHECK(card("2.5e-3V") == 2.5e-3);  // a unit alone scales nothing
  CHECK(card("1s") == 1.0);
  CHECK(card("5ms") == 5e-3);
  CHECK(card("3mils") == 3 * 25.4e-6);
  CHECK_FALSE(card("1u5").has_value());
  CHECK_FALSE(card("{tstep}").has_value());
  CHECK_FALSE(card("v(out)").has_value());
}

TEST_CASE("number: parseNumber errors say what, the text and the problem", "[io]") {
  CHECK(parseNumber("3u", NumberSyntax::SpiceScale, "r") == 3e-6);
  CHECK_THROWS_AS(parseNumber("x", NumberSyntax::Plain, "cell"), NumberError);
  CHECK_THROWS_AS(parseNumber("x", NumberSyntax::Plain, "cell"), std::invalid_argument);
  CHECK_THROWS_WITH(parseNumber("abc", NumberSyntax::Plain, "table.csv:3: field 'g'"),
                    "table.csv:3: field 'g': 'abc' is not a number");
  CHECK_THROWS_WITH(parseNumber("abc", NumberSyntax::SpiceScale, "parameter 'ron'"),
                    "parameter 'ron': 'abc' is not a number (e.g. 2.5, 1e-3, 10k)");
  CHECK_THROWS_WITH(parseNumber("10q", NumberSyntax::SpiceScale, "parameter 'ron'"),
                    "parameter 'ron': '10q' has an unknown suffix 'q' (use f p n u m mil k meg g t, or an exponent "
                    "like 1e3)");
  CHECK_THROWS_WITH(parseNumber("inf", NumberSyntax::Plain, "a"), "a: 'inf' is not a finite number");
  CHECK_THROWS_WITH(parseNumber("1e999", NumberSyntax::SpiceUnit, "a"), Contains("not a finite number"));
  CHECK_THROWS_WITH(parseNumber("1k", NumberSyntax::Plain, "a"), "a: '1k' is not a number");
}
