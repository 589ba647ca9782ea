// `memcosim train`: training from a config (any method), with checkpoints, resume and export.
//
// DIR/config.toml      the config as given (what --resume reads)
// DIR/checkpoint.json  after every epoch: history, optimiser state, conductances and device
//                      states, pulse counts, seconds so far (replaced atomically), and its
//                      binding: every config field but training.epochs, and a digest of the
//                      data split. --resume refuses a checkpoint whose binding, history,
//                      epoch or weights do not fit the run folder's config, naming the field.
// DIR/history.csv      epoch,train_loss,train_accuracy,test_accuracy (rewritten every epoch)
// DIR/summary.json     at the end: test_accuracy, train_accuracy, epochs, seconds, pulses,
//                      dataset, device, seed, weights, method
// DIR/learning_curves.png, DIR/network.cir (the trained network for `ngspice -b`, the first
//                      test sample on its inputs), DIR/network_frozen.cir (the same with each
//                      weight frozen into a resistor, printed for gnucap, which ngspice -b runs
//                      too), DIR/network_inputs.csv (every test sample in volts, with its
//                      label, to put on the deck's input sources)
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands/train_config.h"
#include "learning/trainer.h"
#include "programming/programmable_device.h"
#include "spice/netlist.h"

namespace memcosim::learning {
class WeightBank;
}
namespace memcosim::spice {
class Session;
}

namespace memcosim::commands {

class TrainingRun;

struct TrainSummary {
  double testAccuracy = 0.0;
  double trainAccuracy = 0.0;
  int epochs = 0;
  double seconds = 0.0;
  std::int64_t pulses = 0;
  std::optional<programming::WriteAccount> writes;  // device weights: pulses, writes, energy, time
  int epochsToTarget = 0;       // the first epoch at [training] target_accuracy; 0: none, or not reached
  bool frozenDeck = true;       // network_frozen.cir written: gnucap can express the circuit
  nlohmann::json ngspiceCheck;  // a spiking network: native vs ngspice on test samples (summary.json)
  nlohmann::json programmed;    // a spiking network: test accuracy before and after writing devices
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

/// The trained network as a standalone deck: `inputs` (volts) on the input sources, an
/// operating point, and a `.print` of every output node at full precision. As trained, device
/// weights are their read views (ngspice, Xyce); `frozen`, every weight is the resistor
/// 1/G it is at its programmed state, which any SPICE engine runs (gnucap too). For devices
/// whose read current is linear in the voltage the two are the same circuit; for the others G
/// is the conductance the trainer reads (programming/device_programmer.h).
spice::Netlist exportNetwork(const circuits::WeightSites& network, const learning::WeightBank& weights,
                             const std::vector<double>& inputs, bool frozen = false);

struct RestoredRun {
  std::unique_ptr<TrainingRun> run;
  double seconds = 0.0;      // training time of the epochs already done
  std::string configFolder;  // where the original config was (data files named relative to it)
};
/// The run in `out` (config.toml and checkpoint.json) rebuilt in `session` and restored to its
/// last checkpoint, after checking that the checkpoint is bound to this config and split and
/// holds valid values. Throws naming the file and field when anything is missing or invalid.
RestoredRun restoreRun(const std::filesystem::path& out, spice::Session& session);

}  // namespace memcosim::commands
