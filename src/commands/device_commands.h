// `memcosim models`, `memcosim iv` and `memcosim pulses`: device listing and characterisation.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "characterise/iv_sweep.h"
#include "characterise/pulse_train.h"

namespace memcosim::commands {

/// One line per model: physical models (ngspice/Verilog-A/native) and pulse-level devices.
std::string listModels();

/// Title, citation, equations and the parameter table (name, default, unit, range,
/// description) of a model; throws std::invalid_argument listing the names if unknown.
std::string describeModel(const std::string& name);

/// Writes <models>/<model>.lib and .va and the test benches <netlists>/iv_<model>.cir for
/// every physical model; returns the files written.
std::vector<std::filesystem::path> generateModels(const std::filesystem::path& models,
                                                  const std::filesystem::path& netlists);

/// Builds a physical model's parameter set from "key=value" assignments.
devices::ParameterSet parameterSet(const std::string& model, const std::vector<std::string>& assignments);

/// Runs an I-V sweep and writes its files into `out`; returns the summaries. An amplitude of 0
/// and an empty frequency list mean the model's characterisation stimulus (at f, 10f, 100f).
std::vector<characterise::IvSummary> runIv(const std::string& model, const std::vector<std::string>& assignments,
                                           const characterise::IvSweepOptions& options,
                                           const std::filesystem::path& out, bool verbose);

/// Runs a pulse train (physical model or pulse-level device) and writes its files into `out`.
characterise::PulseTrainResult runPulses(const std::string& model, const std::vector<std::string>& assignments,
                                         const characterise::PulseTrainOptions& options, std::uint64_t seed,
                                         const std::filesystem::path& out, bool verbose);

}  // namespace memcosim::commands
