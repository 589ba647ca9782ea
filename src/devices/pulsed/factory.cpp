// Pulsed devices by name, with key=value parameters checked against a parameter table.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "devices/pulsed/pulsed_device.h"
#include "devices/pulsed/table_device.h"
#include "io/number.h"
#include "io/text.h"

namespace memcosim::devices::pulsed {
namespace {

struct ParameterSpec {
  std::string name;
  double fallback;
  double minimum;
  double maximum;
  bool integer;
  std::string description;
};

const std::vector<ParameterSpec>& stepKeys() {
  static const std::vector<ParameterSpec> keys = {
      {"w_min", -1.0, -1e12, 1e12, false, "lower weight bound b_min"},
      {"w_max", 1.0, -1e12, 1e12, false, "upper weight bound b_max"},
      {"dw_min", 0.01, 0.0, 1e12, false, "nominal step size"},
      {"up_down", 0.0, -1.0, 1.0, false, "up/down bias: alpha± = dw_min (1 ± up_down)"},
      {"w_init", 0.0, -1e12, 1e12, false, "initial weight"},
      {"dw_min_dtod", 0.0, 0.0, 10.0, false, "device-to-device sigma of the step, relative"},
      {"w_bound_dtod", 0.0, 0.0, 1.0, false, "device-to-device sigma of the bounds, relative"},
  };
  return keys;
}

const std::vector<ParameterSpec>& commonKeys() {
  static const std::vector<ParameterSpec> keys = {
      {"dw_min_std", 0.0, 0.0, 10.0, false, "cycle-to-cycle sigma of each step, relative"},
      {"read_noise", 0.0, 0.0, 1e12, false, "sigma added on read, weight units"},
      {"p_stuck", 0.0, 0.0, 1.0, false, "probability that a device is stuck"},
      {"stuck_at_max", 0.5, 0.0, 1.0, false, "share of stuck devices stuck at the upper bound"},
      {"states", 0.0, 0.0, 1e9, true, "finite states N (0 = continuous, else >= 2)"},
  };
  return keys;
}

using Values = std::map<std::string, double>;
using Strings = std::map<std::string, std::string>;
using Builder = std::function<std::unique_ptr<PulsedDevice>(const Values&, const Strings&, std::uint64_t)>;

struct Entry {
  std::vector<ParameterSpec> keys;       // numeric keys, all of them
  std::vector<std::string> string_keys;  // keys whose value is text
  Builder build;
};

std::vector<ParameterSpec> withStepKeys(std::vector<ParameterSpec> own) {
  std::vector<ParameterSpec> keys = stepKeys();
  keys.insert(keys.end(), own.begin(), own.end());
  keys.insert(keys.end(), commonKeys().begin(), commonKeys().end());
  return keys;
}

StepParameters stepParameters(const Values& v) {
  return {v.at("w_min"), v.at("w_max"), v.at("dw_min"), v.at("up_down"), v.at("w_init")};
}

Variation variation(const Values& v) {
  Variation result;
  result.step_dtod = v.count("dw_min_dtod") ? v.at("dw_min_dtod") : 0.0;
  result.bound_dtod = v.count("w_bound_dtod") ? v.at("w_bound_dtod") : 0.0;
  result.step_ctoc = v.at("dw_min_std");
  result.read_noise = v.at("read_noise");
  result.stuck_probability = v.at("p_stuck");
  result.stuck_at_max = v.at("stuck_at_max");
  result.states = static_cast<int>(v.at("states"));
  return result;
}

void requireSignedBounds(const std::string& device, const Values& v) {
  if (!(v.at("w_min") < 0.0 && v.at("w_max") > 0.0))
    throw std::invalid_argument(device + ": needs w_min < 0 < w_max (the step vanishes at each bound), got w_min=" +
                                io::formatNumber(v.at("w_min")) + ", w_max=" + io::formatNumber(v.at("w_max")));
}

const std::map<std::string, Entry>& registry() {
  static const std::map<std::string, Entry> entries = {
      {"constant-step",
       {withStepKeys({}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          return std::make_unique<ConstantStepDevice>(stepParameters(v), variation(v), seed);
        }}},
      {"linear-step",
       {withStepKeys({{"gamma_up", 0.0, -100.0, 100.0, false, "slope of the up step in units of 1/w_max"},
                      {"gamma_down", 0.0, -100.0, 100.0, false, "slope of the down step in units of 1/w_min"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          requireSignedBounds("linear-step", v);
          return std::make_unique<LinearStepDevice>(stepParameters(v), variation(v), seed, v.at("gamma_up"),
                                                    v.at("gamma_down"));
        }}},
      {"soft-bounds",
       {withStepKeys({}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          requireSignedBounds("soft-bounds", v);
          return std::make_unique<SoftBoundsDevice>(stepParameters(v), variation(v), seed);
        }}},
      {"exp-step",
       {withStepKeys({{"A_up", 0.00081, 0.0, 1e6, false, "factor A of the up direction"},
                      {"A_down", 0.36833, 0.0, 1e6, false, "factor A of the down direction"},
                      {"gamma_up", 12.44625, -100.0, 100.0, false, "exponent of the up direction"},
                      {"gamma_down", 12.78785, -100.0, 100.0, false, "exponent of the down direction"},
                      {"a", 0.244, -100.0, 100.0, false, "global slope"},
                      {"b", 0.2425, -100.0, 100.0, false, "global offset"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          const ExpStepShape shape{v.at("A_up"),       v.at("A_down"), v.at("gamma_up"),
                                   v.at("gamma_down"), v.at("a"),      v.at("b")};
          return std::make_unique<ExpStepDevice>(stepParameters(v), variation(v), seed, shape);
        }}},
      {"pow-step",
       {withStepKeys({{"gamma_up", 1.0, 0.0, 100.0, false, "exponent of the up step"},
                      {"gamma_down", 1.0, 0.0, 100.0, false, "exponent of the down step"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          return std::make_unique<PowStepDevice>(stepParameters(v), variation(v), seed, v.at("gamma_up"),
                                                 v.at("gamma_down"));
        }}},
      {"table",
       {commonKeys(),
        {"file", "start"},
        [](const Values& v, const Strings& s, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          if (!s.count("file")) throw std::invalid_argument("table: key 'file' (the conductance CSV) is required");
          const std::string start = s.count("start") ? s.at("start") : "min";
          if (start != "min" && start != "max")
            throw std::invalid_argument("table: key 'start' must be 'min' or 'max', got '" + start + "'");
          return std::make_unique<TableDevice>(readConductanceTable(s.at("file")), variation(v), seed, start == "max");
        }}},
  };
  return entries;
}

double parseValue(const std::string& device, const ParameterSpec& spec, const std::string& text) {
  const std::string range = " (allowed range [" + io::formatNumber(spec.minimum) + ", " +
                            io::formatNumber(spec.maximum) + "]" + (spec.integer ? ", integer" : "") + ": " +
                            spec.description + ")";
  double value = 0.0;
  try {
    value = io::parseNumber(text, io::NumberSyntax::Plain, device + ": key '" + spec.name + "'");
  } catch (const io::NumberError& e) {
    throw io::NumberError(e.what() + range);
  }
  if (value < spec.minimum || value > spec.maximum || (spec.integer && value != std::floor(value)))
    throw std::invalid_argument(device + ": key '" + spec.name + "' = " + text + " is out of range" + range);
  return value;
}

}  // namespace

std::map<std::string, std::string> parseKeyValues(const std::string& text) {
  std::map<std::string, std::string> result;
  for (const std::string& item : io::splitTrimmed(text, ',')) {
    if (item.empty()) continue;
    const auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0)
      throw std::invalid_argument("device parameters: '" + item + "' is not key=value");
    result[io::trimmed(item.substr(0, equals))] = io::trimmed(item.substr(equals + 1));
  }
  return result;
}

std::vector<std::string> pulsedDeviceNames() {
  std::vector<std::string> names;
  for (const auto& [name, entry] : registry()) names.push_back(name);
  return names;
}

namespace {

const Entry& findEntry(const std::string& name) {
  const auto found = registry().find(name);
  if (found == registry().end()) {
    std::string known;
    for (const auto& each : pulsedDeviceNames()) known += (known.empty() ? "" : ", ") + each;
    throw std::invalid_argument("unknown pulsed device '" + name + "' (known: " + known + ")");
  }
  return found->second;
}

}  // namespace

std::string describePulsedDevice(const std::string& name) {
  const Entry& entry = findEntry(name);
  std::ostringstream out;
  out << name << ": pulse-level device (update rules in src/devices/pulsed/pulsed_device.h)\n\n";
  out << "key            default        range                      description\n";
  for (const auto& spec : entry.keys) {
    const std::string range = "[" + io::formatNumber(spec.minimum) + ", " + io::formatNumber(spec.maximum) + "]";
    char line[256];
    std::snprintf(line, sizeof line, "%-14s %-14s %-26s %s\n", spec.name.c_str(),
                  io::formatNumber(spec.fallback).c_str(), range.c_str(), spec.description.c_str());
    out << line;
  }
  for (const auto& key : entry.string_keys) out << key << " (text)\n";
  return out.str();
}

std::unique_ptr<PulsedDevice> makePulsedDevice(const std::string& name,
                                               const std::map<std::string, std::string>& parameters,
                                               std::uint64_t seed) {
  const Entry& entry = findEntry(name);
  Values values;
  for (const auto& spec : entry.keys) values[spec.name] = spec.fallback;
  Strings strings;
  for (const auto& [key, text] : parameters) {
    const auto spec = std::find_if(entry.keys.begin(), entry.keys.end(), [&](const auto& s) { return s.name == key; });
    if (spec != entry.keys.end()) {
      values[key] = parseValue(name, *spec, text);
    } else if (std::find(entry.string_keys.begin(), entry.string_keys.end(), key) != entry.string_keys.end()) {
      strings[key] = text;
    } else {
      std::string known;
      for (const auto& s : entry.keys) known += (known.empty() ? "" : ", ") + s.name;
      for (const auto& s : entry.string_keys) known += ", " + s;
      throw std::invalid_argument(name + ": unknown key '" + key + "' (known keys: " + known + ")");
    }
  }
  if (values.count("w_min") && !(values.at("w_min") < values.at("w_max")))
    throw std::invalid_argument(name + ": keys 'w_min' and 'w_max' must satisfy w_min < w_max");
  if (values.at("states") == 1.0)
    throw std::invalid_argument(name + ": key 'states' must be 0 (continuous) or >= 2, got 1");
  return entry.build(values, strings, seed);
}

std::unique_ptr<PulsedDevice> makePulsedDevice(const std::string& name, const std::string& parameters,
                                               std::uint64_t seed) {
  return makePulsedDevice(name, parseKeyValues(parameters), seed);
}

}  // namespace memcosim::devices::pulsed
