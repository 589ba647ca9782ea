// `memcosim neuron`: one memristive integrate-and-fire neuron (circuits/memristive_neuron.h)
// under a step, a noisy or a spike-train input current, run natively and in ngspice, with the
// fidelity figures between the two and plots of the membrane voltage, device states and spikes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "circuits/memristive_neuron.h"

namespace memcosim::commands {

struct NeuronCommandOptions {
  std::string input = "step";  ///< step | noise | spikes
  double amplitude_A = 6e-5;   ///< step height, noise mean, or the current of one input spike
  double sigma_A = 4e-5;       ///< noise: standard deviation per step
  double rate = 0.3;           ///< spikes: probability of an input spike per step
  int onset = 10;              ///< step: the first step at the amplitude
  circuits::TimeGrid grid{200, 1e-6, 10};
  std::uint64_t seed = 1;
  std::vector<std::string> deviceParameters;  ///< key=value for the threshold switches
  double capacitance_F = 1e-9;
  double reversal1_V = 0.0;
  double reversal2_V = 0.05;
  std::string engine = "both";  ///< native | ngspice | both
};

struct NeuronCommandResult {
  std::vector<int> nativeSpikes, ngspiceSpikes;
  bool compared = false;
  circuits::TraceAgreement agreement;
};

/// The input currents of `options` (one per step), drawn from `seed` where random.
std::vector<double> neuronInput(const NeuronCommandOptions& options);

/// Runs the neuron and writes into `out`: neuron.csv (per step: time, input current, v, x1,
/// x2 per engine), neuron.cir (the deck for `ngspice -b`), summary.json (spike steps per engine
/// and, with both engines, their agreement), membrane.png, states.png and raster.png. Throws
/// std::invalid_argument naming the option for bad options, before anything is written.
NeuronCommandResult runNeuron(const NeuronCommandOptions& options, const std::filesystem::path& out);

}  // namespace memcosim::commands
