// Lookup, checking, parsing and documentation of parameter tables, shared by every device kind.
#include "devices/parameter_table.h"

#include <fmt/format.h>

#include <cmath>
#include <sstream>

namespace memcosim::devices {
namespace {

std::string prefixed(const std::string& context, const std::string& message) {
  return context.empty() ? message : context + ": " + message;
}

std::string range(const ParameterSpec& spec, std::string (*print)(double) = parameterNumber) {
  return "[" + print(spec.minimum) + ", " + print(spec.maximum) + "]";
}

std::string plainNumber(double value) { return io::formatNumber(value); }

}  // namespace

std::string parameterNumber(double value) {
  std::string text = io::formatNumber(value);
  const auto e = text.find('e');
  if (e == std::string::npos) return text;
  std::string exponent = text.substr(e + 1);
  std::string sign;
  if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
    if (exponent[0] == '-') sign = "-";
    exponent.erase(0, 1);
  }
  while (exponent.size() > 1 && exponent[0] == '0') exponent.erase(0, 1);
  return text.substr(0, e + 1) + sign + exponent;
}

const ParameterSpec* findParameter(std::span<const ParameterSpec> table, const std::string& name) {
  for (const auto& spec : table)
    if (spec.name == name) return &spec;
  return nullptr;
}

std::string parameterNames(std::span<const ParameterSpec> table) {
  std::string list;
  for (const auto& spec : table) list += (list.empty() ? "" : ", ") + spec.name;
  return list;
}

double checkedParameter(const ParameterSpec& spec, double value, const std::string& context) {
  if (!std::isfinite(value) || value < spec.minimum || value > spec.maximum)
    throw ParameterError(prefixed(context, "parameter '" + spec.name + "' = " + parameterNumber(value) +
                                               " is outside its allowed range " + range(spec) + " " + spec.unit));
  if (spec.integer && value != std::floor(value))
    throw ParameterError(prefixed(context, "parameter '" + spec.name + "' = " + parameterNumber(value) +
                                               " must be a whole number in " + range(spec) + " (" + spec.description +
                                               ")"));
  return value;
}

double parseParameter(const ParameterSpec& spec, const std::string& text, io::NumberSyntax syntax,
                      const std::string& context) {
  double value = 0.0;
  try {
    value = io::parseNumber(text, syntax, prefixed(context, "parameter '" + spec.name + "'"));
  } catch (const io::NumberError& e) {
    throw ParameterError(std::string(e.what()) + " (allowed range " + range(spec) + " " + spec.unit + ": " +
                         spec.description + ")");
  }
  return checkedParameter(spec, value, context);
}

std::string describeParameters(std::span<const ParameterSpec> table) {
  std::ostringstream out;
  out << fmt::format("{:<12} {:>12} {:<12} {:<26} {}\n", "parameter", "default", "unit", "range", "description");
  for (const auto& p : table)
    out << fmt::format("{:<12} {:>12} {:<12} {:<26} {}\n", p.name, io::formatNumber(p.defaultValue), p.unit,
                       range(p, plainNumber) + (p.integer ? " whole" : ""), p.description);
  return out.str();
}

}  // namespace memcosim::devices
