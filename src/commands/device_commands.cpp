// Device listing and characterisation commands.
#include "commands/device_commands.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "devices/model_views.h"
#include "devices/pulsed/pulsed_device.h"
#include "devices/test_bench.h"
#include "io/number.h"
#include "spice/session.h"

namespace memcosim::commands {
namespace {

void requireKnown(const std::string& name) {
  const auto physical = devices::ModelRegistry::instance().names();
  if (devices::pulsed::isPulsedDevice(name) || std::find(physical.begin(), physical.end(), name) != physical.end())
    return;
  std::string known;
  for (const auto& n : physical) known += " " + n;
  for (const auto& n : devices::pulsed::pulsedDeviceNames()) known += " " + n;
  throw std::invalid_argument("unknown model '" + name + "'; known models:" + known);
}

/// A session only when the ngspice engine is asked for (one per process).
std::unique_ptr<spice::Session> sessionFor(devices::Engine engine, bool verbose) {
  if (engine != devices::Engine::Ngspice) return nullptr;
  return std::make_unique<spice::Session>(spice::Session::Options{verbose});
}

}  // namespace

std::string listModels() {
  std::ostringstream out;
  out << "Physical models (ngspice subcircuit, Verilog-A, native):\n";
  for (const auto& name : devices::ModelRegistry::instance().names())
    out << fmt::format("  {:<22} {}\n", name, devices::ModelRegistry::instance().find(name).title);
  out << "Pulse-level devices (algorithm studies, after aihwkit):\n";
  for (const auto& name : devices::pulsed::pulsedDeviceNames()) out << "  " << name << "\n";
  out << "Show one with: memcosim models show NAME\n";
  return out.str();
}

std::string describeModel(const std::string& name) {
  requireKnown(name);
  if (devices::pulsed::isPulsedDevice(name)) return devices::pulsed::describePulsedDevice(name);
  const devices::ModelDefinition& model = devices::ModelRegistry::instance().find(name);
  std::ostringstream out;
  out << model.name << ": " << model.title << "\n" << model.citation << "\n\nEquations:\n";
  for (const auto& line : model.equations) out << "  " << line << "\n";
  const auto bound = [](const std::string& parameter, double value) {
    return parameter.empty() ? io::formatNumber(value) : parameter + " = " + io::formatNumber(value);
  };
  out << fmt::format("\nState: {} [{}] in [{}, {}], initial {}: {}\n", model.state.name, model.state.unit,
                     bound(model.state.minimumParameter, model.state.minimum),
                     bound(model.state.maximumParameter, model.state.maximum), io::formatNumber(model.state.initial),
                     model.state.description);
  out << "\n" << devices::describeParameters(model.parameters);
  return out.str();
}

std::vector<std::filesystem::path> generateModels(const std::filesystem::path& models,
                                                  const std::filesystem::path& netlists) {
  devices::writeModelFiles(models);
  std::vector<std::filesystem::path> files;
  for (const auto& name : devices::ModelRegistry::instance().names()) {
    files.push_back(models / (name + ".lib"));
    files.push_back(models / (name + ".va"));
  }
  for (auto& bench : devices::writeTestBenches(netlists, models)) files.push_back(std::move(bench));
  return files;
}

devices::ParameterSet parameterSet(const std::string& model, const std::vector<std::string>& assignments) {
  devices::ParameterSet parameters(devices::ModelRegistry::instance().find(model));
  for (const auto& assignment : assignments) parameters.setFromText(assignment);
  return parameters;
}

std::vector<characterise::IvSummary> runIv(const std::string& model, const std::vector<std::string>& assignments,
                                           const characterise::IvSweepOptions& options,
                                           const std::filesystem::path& out, bool verbose) {
  requireKnown(model);
  if (devices::pulsed::isPulsedDevice(model))
    throw std::invalid_argument("'" + model +
                                "' is a pulse-level device with no I-V characteristic; use `memcosim pulses`");
  const devices::ParameterSet parameters = parameterSet(model, assignments);
  characterise::IvSweepOptions withDefaults = options;
  const devices::Stimulus& stimulus = parameters.model().characterisation;
  if (withDefaults.amplitude_volt == 0.0) withDefaults.amplitude_volt = stimulus.amplitude_volt;
  if (withDefaults.frequencies_hertz.empty())
    withDefaults.frequencies_hertz = {stimulus.frequency_hertz, 10 * stimulus.frequency_hertz,
                                      100 * stimulus.frequency_hertz};
  const auto session = sessionFor(options.engine, verbose);
  const characterise::IvSweepResult result = characterise::runIvSweep(parameters, withDefaults, session.get());
  characterise::writeIvSweep(result, out);
  return result.summaries;
}

characterise::PulseTrainResult runPulses(const std::string& model, const std::vector<std::string>& assignments,
                                         const characterise::PulseTrainOptions& options, std::uint64_t seed,
                                         const std::filesystem::path& out, bool verbose) {
  requireKnown(model);
  characterise::PulseTrainResult result;
  if (devices::pulsed::isPulsedDevice(model)) {
    std::map<std::string, std::string> keyValues;
    for (const auto& assignment : assignments) {
      const auto parsed = devices::pulsed::parseKeyValues(assignment);
      keyValues.insert(parsed.begin(), parsed.end());
    }
    const auto device = devices::pulsed::makePulsedDevice(model, keyValues, seed);
    result = characterise::runPulseTrain(model, *device, options.count, seed);
  } else {
    const devices::ParameterSet parameters = parameterSet(model, assignments);
    const auto session = sessionFor(options.engine, verbose);
    result = characterise::runPulseTrain(parameters, options, session.get());
  }
  characterise::writePulseTrain(result, out);
  return result;
}

}  // namespace memcosim::commands
