// One EqProp training run assembled from a config: data split and scaled into volts, the
// network, its weight bank (ideal or a device), one ngspice session, solver and trainer.
// `memcosim train` writes its files around it; `memcosim sweep` runs many in worker processes.
#pragma once

#include <memory>
#include <string>

#include "commands/train_config.h"
#include "data/dataset.h"
#include "learning/eqprop.h"
#include "learning/trainer.h"
#include "spice/session.h"

namespace memcosim::commands {

/// The config's weight bank for `count` weights, initialised from `rng`.
std::unique_ptr<learning::WeightBank> makeWeightBank(const WeightConfig& config, std::size_t count,
                                                     std::mt19937_64& rng, spice::Session& session);

class TrainingRun {
 public:
  /// Builds everything and loads the network into `session` (the process's one session).
  TrainingRun(const TrainConfig& config, spice::Session& session);

  [[nodiscard]] const TrainConfig& config() const { return config_; }
  [[nodiscard]] const data::Dataset& dataset() const { return dataset_; }
  [[nodiscard]] const circuits::EqPropNetwork& network() const { return *network_; }
  [[nodiscard]] learning::WeightBank& weights() { return *weights_; }
  [[nodiscard]] learning::EqPropSolver& solver() { return *solver_; }
  [[nodiscard]] learning::EqPropTrainer& trainer() { return *trainer_; }
  [[nodiscard]] solver::DcSolver& circuit() { return *circuit_; }

 private:
  TrainConfig config_;
  data::Dataset dataset_;
  std::unique_ptr<circuits::EqPropNetwork> network_;
  std::unique_ptr<learning::WeightBank> weights_;
  std::unique_ptr<solver::DcSolver> circuit_;
  std::unique_ptr<learning::EqPropSolver> solver_;
  std::unique_ptr<learning::EqPropTrainer> trainer_;
};

}  // namespace memcosim::commands
