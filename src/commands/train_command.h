// `memcosim train`: EqProp training from a config, with checkpoints, resume and export.
//
// DIR/config.toml      the config as given (what --resume reads)
// DIR/checkpoint.json  after every epoch: history, optimiser state, conductances and device
//                      states, pulse counts, seconds so far (replaced atomically)
// DIR/history.csv      epoch,train_loss,train_accuracy,test_accuracy (rewritten every epoch)
// DIR/summary.json     at the end: test_accuracy, train_accuracy, epochs, seconds, pulses
// DIR/learning_curves.png, DIR/network.cir (the trained network for `ngspice -b`, the first
//                      test sample on its inputs), DIR/network_inputs.csv (every test sample
//                      in volts, with its label, to put on the deck's input sources)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "commands/train_config.h"
#include "learning/trainer.h"
#include "spice/netlist.h"

namespace memcosim::learning {
class WeightBank;
}

namespace memcosim::commands {

struct TrainSummary {
  double testAccuracy = 0.0;
  double trainAccuracy = 0.0;
  int epochs = 0;
  double seconds = 0.0;
  std::int64_t pulses = 0;
};

using EpochCallback = std::function<void(const learning::EpochRecord&, double seconds)>;

/// A fresh run into `out` (refused if `out` already holds a run's checkpoint).
TrainSummary train(const TrainConfig& config, const std::filesystem::path& out, bool verbose,
                   const EpochCallback& onEpoch = {});
/// Carries on the run in `out` from its last checkpoint up to its config's epoch count.
TrainSummary resume(const std::filesystem::path& out, bool verbose, const EpochCallback& onEpoch = {});

/// The trained network as a standalone deck for `ngspice -b`: `inputs` (volts) on the input
/// sources, an operating point, and a `.print` of every output node at full precision.
spice::Netlist exportNetwork(const circuits::EqPropNetwork& network, const learning::WeightBank& weights,
                             const std::vector<double>& inputs);

}  // namespace memcosim::commands
