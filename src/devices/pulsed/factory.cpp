// Pulsed devices by name, with key=value parameters checked against a parameter table.
#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "devices/parameter_table.h"
#include "devices/pulsed/pulsed_device.h"
#include "devices/pulsed/table_device.h"
#include "io/number.h"
#include "io/text.h"

namespace memcosim::devices::pulsed {
namespace {

// Keys of the step models and of every pulsed device, as parameter tables (parameter_table.h).
// Unit "w": weight units (siemens for a table device).
const std::vector<ParameterSpec>& stepKeys() {
  static const std::vector<ParameterSpec> keys = {
      {"w_min", -1.0, "w", -1e12, 1e12, "lower weight bound b_min"},
      {"w_max", 1.0, "w", -1e12, 1e12, "upper weight bound b_max"},
      {"dw_min", 0.01, "w", 0.0, 1e12, "nominal step size"},
      {"up_down", 0.0, "1", -1.0, 1.0, "up/down bias: alpha± = dw_min (1 ± up_down)"},
      {"w_init", 0.0, "w", -1e12, 1e12, "initial weight"},
      {"dw_min_dtod", 0.0, "1", 0.0, 10.0, "device-to-device sigma of the step, relative"},
      {"w_bound_dtod", 0.0, "1", 0.0, 1.0, "device-to-device sigma of the bounds, relative"},
  };
  return keys;
}

const std::vector<ParameterSpec>& commonKeys() {
  static const std::vector<ParameterSpec> keys = {
      {"dw_min_std", 0.0, "1", 0.0, 10.0, "cycle-to-cycle sigma of each step, relative"},
      {"read_noise", 0.0, "w", 0.0, 1e12, "sigma added on read"},
      {"p_stuck", 0.0, "1", 0.0, 1.0, "probability that a device is stuck"},
      {"stuck_at_max", 0.5, "1", 0.0, 1.0, "share of stuck devices stuck at the upper bound"},
      {"states", 0.0, "1", 0.0, 1e9, "finite states N (0 = continuous, else >= 2)", true},
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

/// The keys' devices::Variation; `range` is the device's nominal span (read_noise is in weight
/// units, Variation::readNoise relative to the span).
Variation variation(const Values& v, double range) {
  Variation result;
  result.deviceToDevice = v.count("dw_min_dtod") ? v.at("dw_min_dtod") : 0.0;
  result.boundDeviceToDevice = v.count("w_bound_dtod") ? v.at("w_bound_dtod") : 0.0;
  result.cycleToCycle = v.at("dw_min_std");
  result.readNoise = v.at("read_noise") / range;
  result.stuckProbability = v.at("p_stuck");
  result.stuckAtMax = v.at("stuck_at_max");
  result.states = static_cast<int>(v.at("states"));
  return result;
}

Variation stepVariation(const Values& v) { return variation(v, v.at("w_max") - v.at("w_min")); }

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
          return std::make_unique<ConstantStepDevice>(stepParameters(v), stepVariation(v), seed);
        }}},
      {"linear-step",
       {withStepKeys({{"gamma_up", 0.0, "1", -100.0, 100.0, "slope of the up step in units of 1/w_max"},
                      {"gamma_down", 0.0, "1", -100.0, 100.0, "slope of the down step in units of 1/w_min"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          requireSignedBounds("linear-step", v);
          return std::make_unique<LinearStepDevice>(stepParameters(v), stepVariation(v), seed, v.at("gamma_up"),
                                                    v.at("gamma_down"));
        }}},
      {"soft-bounds",
       {withStepKeys({}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          requireSignedBounds("soft-bounds", v);
          return std::make_unique<SoftBoundsDevice>(stepParameters(v), stepVariation(v), seed);
        }}},
      {"exp-step",
       {withStepKeys({{"A_up", 0.00081, "1", 0.0, 1e6, "factor A of the up direction"},
                      {"A_down", 0.36833, "1", 0.0, 1e6, "factor A of the down direction"},
                      {"gamma_up", 12.44625, "1", -100.0, 100.0, "exponent of the up direction"},
                      {"gamma_down", 12.78785, "1", -100.0, 100.0, "exponent of the down direction"},
                      {"a", 0.244, "1", -100.0, 100.0, "global slope"},
                      {"b", 0.2425, "1", -100.0, 100.0, "global offset"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          const ExpStepShape shape{v.at("A_up"),       v.at("A_down"), v.at("gamma_up"),
                                   v.at("gamma_down"), v.at("a"),      v.at("b")};
          return std::make_unique<ExpStepDevice>(stepParameters(v), stepVariation(v), seed, shape);
        }}},
      {"pow-step",
       {withStepKeys({{"gamma_up", 1.0, "1", 0.0, 100.0, "exponent of the up step"},
                      {"gamma_down", 1.0, "1", 0.0, 100.0, "exponent of the down step"}}),
        {},
        [](const Values& v, const Strings&, std::uint64_t seed) -> std::unique_ptr<PulsedDevice> {
          return std::make_unique<PowStepDevice>(stepParameters(v), stepVariation(v), seed, v.at("gamma_up"),
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
          ConductanceTable table = readConductanceTable(s.at("file"));
          const bool levels = !table.upLevels.empty() && !table.downLevels.empty();  // else TableDevice throws
          const double range = levels ? std::max(table.upLevels.back(), table.downLevels.back()) -
                                            std::min(table.upLevels.front(), table.downLevels.front())
                                      : 1.0;
          return std::make_unique<TableDevice>(std::move(table), variation(v, range), seed, start == "max");
        }}},
  };
  return entries;
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

/// A numeric key's checked value, or nullopt for a text key; throws naming an unknown key.
std::optional<double> parsedKey(const Entry& entry, const std::string& name, const std::string& key,
                                const std::string& text) {
  if (const ParameterSpec* spec = findParameter(entry.keys, key))
    return parseParameter(*spec, text, io::NumberSyntax::Plain, name);
  if (std::find(entry.string_keys.begin(), entry.string_keys.end(), key) != entry.string_keys.end())
    return std::nullopt;
  std::string known = parameterNames(entry.keys);
  for (const auto& s : entry.string_keys) known += ", " + s;
  throw std::invalid_argument(name + ": unknown key '" + key + "' (known keys: " + known + ")");
}

}  // namespace

bool isPulsedDevice(const std::string& name) { return registry().count(name) > 0; }

void checkPulsedKey(const std::string& name, const std::string& key, const std::string& text) {
  parsedKey(findEntry(name), name, key, text);
}

std::string describePulsedDevice(const std::string& name) {
  const Entry& entry = findEntry(name);
  std::ostringstream out;
  out << name << ": pulse-level device (update rules in src/devices/pulsed/pulsed_device.h)\n\n";
  out << describeParameters(entry.keys);
  for (const auto& key : entry.string_keys) out << key << " (text)\n";
  return out.str();
}

std::unique_ptr<PulsedDevice> makePulsedDevice(const std::string& name,
                                               const std::map<std::string, std::string>& parameters,
                                               std::uint64_t seed) {
  const Entry& entry = findEntry(name);
  Values values;
  for (const auto& spec : entry.keys) values[spec.name] = spec.defaultValue;
  Strings strings;
  for (const auto& [key, text] : parameters) {
    if (const auto value = parsedKey(entry, name, key, text))
      values[key] = *value;
    else
      strings[key] = text;
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
