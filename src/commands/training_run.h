// One training run assembled from a config: data split and scaled into volts, the method's
// circuit, its weight bank (ideal or a device), the operating-point solver in the process's
// one ngspice session, the method's gradient estimator and the trainer over it.
// `memcosim train` writes its files around it; `memcosim sweep` runs many in worker processes.
#pragma once

#include <memory>
#include <string>

#include "circuits/weight_sites.h"
#include "commands/train_config.h"
#include "learning/gradient_estimator.h"
#include "learning/trainer.h"
#include "learning/weights.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

namespace memcosim::commands {

/// The config's weight bank for `count` weights, initialised from `rng`.
std::unique_ptr<learning::WeightBank> makeWeightBank(const WeightConfig& config, std::size_t count,
                                                     std::mt19937_64& rng, spice::Session& session);

class TrainingRun {
 public:
  /// Builds everything and loads the circuit into `session` (the process's one session).
  TrainingRun(const TrainConfig& config, spice::Session& session);

  [[nodiscard]] const TrainConfig& config() const { return config_; }
  /// The method's circuit: its weight sites, inputs and outputs.
  [[nodiscard]] const circuits::WeightSites& circuit() const { return *circuit_; }
  [[nodiscard]] learning::WeightBank& weights() { return *weights_; }
  /// The operating-point solver the circuit is loaded in (ngspice or native).
  [[nodiscard]] solver::DcSolver& solver() { return *solver_; }
  [[nodiscard]] learning::GradientEstimator& estimator() { return *estimator_; }
  [[nodiscard]] learning::Trainer& trainer() { return *trainer_; }
  /// The process's ngspice session the run was built with.
  [[nodiscard]] spice::Session& session() { return *session_; }

 private:
  TrainConfig config_;
  spice::Session* session_;
  std::unique_ptr<circuits::WeightSites> circuit_;
  std::unique_ptr<learning::WeightBank> weights_;
  std::unique_ptr<solver::DcSolver> solver_;
  std::unique_ptr<learning::GradientEstimator> estimator_;
  std::unique_ptr<learning::Trainer> trainer_;
};

}  // namespace memcosim::commands
