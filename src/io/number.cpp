// Shortest round-trip number formatting and the one parser of plain and SPICE numbers.
#include "io/number.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <utility>

#include "io/text.h"

namespace memcosim::io {
namespace {

/// Scale suffixes, longest first where one is the start of another ("meg", "mil" before "m").
constexpr std::array<std::pair<std::string_view, double>, 10> kScales{{{"meg", 1e6},
                                                                       {"mil", 25.4e-6},
                                                                       {"f", 1e-15},
                                                                       {"p", 1e-12},
                                                                       {"n", 1e-9},
                                                                       {"u", 1e-6},
                                                                       {"m", 1e-3},
                                                                       {"k", 1e3},
                                                                       {"g", 1e9},
                                                                       {"t", 1e12}}};

constexpr std::string_view kScaleList = "f p n u m mil k meg g t";

bool allLetters(std::string_view text) {
  for (const unsigned char c : text)
    if (std::isalpha(c) == 0) return false;
  return true;
}

enum class Problem { None, NotANumber, NotFinite, UnknownSuffix };

struct Reading {
  double value = 0.0;
  Problem problem = Problem::None;
  std::string_view rest;  // what follows the literal
};

/// The literal at the start of `text` (after an optional '+') and what follows it.
Reading literal(std::string_view text) {
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return {0.0, Problem::NotANumber, {}};  // "+-5"
  }
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) return {0.0, Problem::NotFinite, {}};
  if (error != std::errc{}) return {0.0, Problem::NotANumber, {}};
  if (!std::isfinite(value)) return {0.0, Problem::NotFinite, {}};  // "inf", "nan"
  return {value, Problem::None, text.substr(static_cast<std::size_t>(end - text.data()))};
}

Reading read(std::string_view text, NumberSyntax syntax) {
  Reading reading = literal(text);
  if (reading.problem != Problem::None || reading.rest.empty()) return reading;
  if (syntax == NumberSyntax::Plain || !allLetters(reading.rest)) return {0.0, Problem::NotANumber, reading.rest};
  const std::string suffix = lowerCase(std::string(reading.rest));
  for (const auto& [name, scale] : kScales) {
    const bool matches = syntax == NumberSyntax::SpiceUnit ? suffix.rfind(name, 0) == 0 : suffix == name;
    if (matches) return {reading.value * scale, Problem::None, reading.rest};
  }
  if (syntax == NumberSyntax::SpiceUnit) return reading;  // a unit alone: "5v", "1s"
  return {0.0, Problem::UnknownSuffix, reading.rest};
}

}  // namespace

std::string formatNumber(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (result.ec != std::errc()) throw std::runtime_error("formatNumber: cannot format value");
  return {buffer.data(), result.ptr};
}

std::optional<double> readNumber(std::string_view text, NumberSyntax syntax) {
  const Reading reading = read(text, syntax);
  if (reading.problem != Problem::None) return std::nullopt;
  return reading.value;
}

double parseNumber(std::string_view text, NumberSyntax syntax, std::string_view what) {
  const Reading reading = read(text, syntax);
  const std::string prefix = std::string(what) + ": '" + std::string(text) + "'";
  switch (reading.problem) {
    case Problem::None:
      return reading.value;
    case Problem::NotANumber:
      throw NumberError(prefix + " is not a number" +
                        (syntax == NumberSyntax::Plain ? std::string() : " (e.g. 2.5, 1e-3, 10k)"));
    case Problem::NotFinite:
      throw NumberError(prefix + " is not a finite number");
    case Problem::UnknownSuffix:
      break;
  }
  throw NumberError(prefix + " has an unknown suffix '" + std::string(reading.rest) + "' (use " +
                    std::string(kScaleList) + ", or an exponent like 1e3)");
}

}  // namespace memcosim::io
