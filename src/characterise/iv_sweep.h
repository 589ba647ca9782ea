// I-V characterisation: a device driven through a sine or triangle at several frequencies.
//
// Life cycle: IvSweepOptions → runIvSweep(parameters, options, session) → IvSweepResult
// (one trace and summary per frequency) → writeIvSweep(result, dir): iv.csv, summary.json,
// iv.png. The summary of each frequency is taken over the last cycle (the first cycles let
// the state settle into its periodic orbit).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "characterise/iv_metrics.h"
#include "devices/engine.h"
#include "devices/model.h"
#include "devices/trace.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::characterise {

enum class Wave { Sine, Triangle };

Wave parseWave(const std::string& name);  // "sine" | "triangle"

struct IvSweepOptions {
  Wave wave = Wave::Sine;
  double amplitude_volt = 1.0;
  std::vector<double> frequencies_hertz{1.0};
  int cycles = 2;
  int pointsPerCycle = 1000;
  double seriesResistance_ohm = 0.0;
  devices::Engine engine = devices::Engine::Native;
  std::optional<double> initialState;         // default: the model's initial state
  double reltol = devices::kTestBenchReltol;  // ngspice transient tolerance (devices/test_bench.h)
  double maxPoints = 1e7;                     // output budget: samples over all frequencies and cycles
};

/// Figures of one frequency, over its last cycle.
struct IvSummary {
  double frequency_hertz = 0.0;
  double rMin_ohm = 0.0, rMax_ohm = 0.0, ratio = 0.0;
  double lobeArea = 0.0;             // sum of the two lobes' |areas| (V·A), see iv_metrics.h
  double pinchCurrent_ampere = 0.0;  // largest |i| where v crosses zero
  double peakCurrent_ampere = 0.0;
  std::optional<double> setVoltage_volt, resetVoltage_volt;
};

struct IvSweepResult {
  std::string model;
  IvSweepOptions options;
  std::vector<devices::Trace> traces;  // one per frequency, all cycles
  std::vector<IvSummary> summaries;
};

/// Runs the sweep; `session` is needed for devices::Engine::Ngspice (may be null for Native).
/// Throws std::invalid_argument on bad options and std::runtime_error on a failed solve.
IvSweepResult runIvSweep(const devices::ParameterSet& parameters, const IvSweepOptions& options,
                         spice::Session* session);

/// The last cycle of a trace sampled with `pointsPerCycle` points per cycle.
IvTrace lastCycle(const devices::Trace& trace, int pointsPerCycle);

/// Writes DIR/iv.csv (frequency,time,voltage,current,state,resistance), DIR/summary.json and
/// DIR/iv.png (one colour per frequency). Each file is written atomically.
void writeIvSweep(const IvSweepResult& result, const std::filesystem::path& dir);

}  // namespace memcosim::characterise
