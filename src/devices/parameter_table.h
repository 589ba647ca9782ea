// Parameter tables: the one declaration of a device's parameters, for physical models and pulse-level devices alike.
//
// A table is a list of ParameterSpec (name, default, unit, allowed range, description, Xyce
// style). The same table drives
//   lookup      findParameter(table, name)                       → the spec or nullptr
//   checking    checkedParameter(spec, value, context)           → value, or ParameterError
//   parsing     parseParameter(spec, text, syntax, context)      → value, or ParameterError
//   documenting describeParameters(table)                        → the table as text
// devices::ModelDefinition::parameters (model.h) and the pulse-level devices' key tables
// (pulsed/factory.cpp) are both such tables.
#pragma once

#include <span>
#include <stdexcept>
#include <string>

#include "io/number.h"

namespace memcosim::devices {

/// A parameter of a device, as in Xyce's parameter tables.
struct ParameterSpec {
  std::string name;     // identifier as the user types it, e.g. "ron", "dw_min"
  double defaultValue;  // SI units
  std::string unit;     // "Ohm", "V", "m", "m^2/(V*s)"; "1" for dimensionless, "w" for weight units
  double minimum;       // allowed range, inclusive
  double maximum;
  std::string description;
  bool integer = false;  // only whole numbers allowed
};

/// A bad parameter: the message names it and its allowed range.
class ParameterError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The spec called `name` (exact match), or nullptr.
const ParameterSpec* findParameter(std::span<const ParameterSpec> table, const std::string& name);
/// "a, b, c": the names of the table, for error messages.
std::string parameterNames(std::span<const ParameterSpec> table);
/// `value` if finite, inside [minimum, maximum] and whole where the spec asks for it; else
/// ParameterError "<context>: parameter 'name' = v is outside its allowed range [a, b] unit"
/// (no "<context>: " when context is empty).
double checkedParameter(const ParameterSpec& spec, double value, const std::string& context = {});
/// Parses `text` by `syntax` and checks it; ParameterError naming the parameter otherwise.
double parseParameter(const ParameterSpec& spec, const std::string& text, io::NumberSyntax syntax,
                      const std::string& context = {});
/// One line per parameter: name, default, unit, range, description, under a header line.
std::string describeParameters(std::span<const ParameterSpec> table);
/// Shortest round-trip form with a plain exponent: 1e9, 1e-5 (not 1e+09, 1e-05).
std::string parameterNumber(double value);

}  // namespace memcosim::devices
