// `memcosim train`: EqProp training from a config, with checkpoints, resume and export.
//
// DIR/config.toml      the config as given (what --resume reads)
// DIR/checkpoint.json  after every epoch: history, optimiser state, conductances and device
//                      states, pulse counts, seconds so far (replaced atomically), and its
//                      binding: every config field but training.epochs, and a digest of the
//                      data split. --resume refuses a checkpoint whose binding, history,
//                      epoch or weights do not fit the run folder's config, naming the field.
// DIR/history.csv      epoch,train_loss,train_accuracy,test_accuracy (rewritten every epoch)
// DIR/summary.json     at the end: test_accuracy, train_accuracy, epochs, seconds, pulses
// DIR/learning_curves.png, DIR/network.cir (the trained network for `ngspice -b`, the first
//                      test sample on its inputs), DIR/network_inputs.csv (every test sample
//                      in volts, with its label, to put on the deck's input sources)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "commands/train_config.h"
#include "learning/trainer.h"
#include "spice/netlist.h"

namespace memcosim::learning {
class WeightBank;
}

namespace memcosim::commands {

class TrainingRun;

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

/// Every field of `config`'s text as "section.key" → TOML value, except training.epochs (a run
/// may be extended); the data set as resolved. What a checkpoint is bound to.
std::map<std::string, std::string> normalisedConfig(const TrainConfig& config);
/// A digest of the split's samples (inputs in volts, labels, order): changes with the seed,
/// test fraction, input range or data file.
std::string splitDigest(const learning::Samples& train, const learning::Samples& test);
/// What a checkpoint of `run` records about its config and split.
nlohmann::json binding(TrainingRun& run);
/// Throws naming every config field that differs from `stored` (a checkpoint's binding), or
/// the split if it differs.
void checkBinding(const nlohmann::json& stored, TrainingRun& run, const std::filesystem::path& configFile);

/// The trained network as a standalone deck for `ngspice -b`: `inputs` (volts) on the input
/// sources, an operating point, and a `.print` of every output node at full precision.
spice::Netlist exportNetwork(const circuits::EqPropNetwork& network, const learning::WeightBank& weights,
                             const std::vector<double>& inputs);

}  // namespace memcosim::commands
