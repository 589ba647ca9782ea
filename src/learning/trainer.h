// Mini-batch training of a circuit's weights over any gradient estimator.
//
// Per epoch e (from 0): the training samples in the order io::shuffledOrder(n, seed, e), cut into
// mini-batches of batchSize (the last one may be shorter). Per mini-batch: the estimator's
// gradient sum (learning/gradient_estimator.h; EqProp solves both phases per sample), its
// mean, an optimiser step on θ = G/G_max at the rate η·decay^e, and the bank applies
// ΔG = G_max·Δθ (clipped, or as programming pulses); only then are the weights that moved
// written into the circuit. Training loss and accuracy of an epoch come from the outputs seen
// while training (before each batch's update), as is usual for online metrics; test accuracy
// is a prediction over the held-out split after the epoch.
//
// Everything the next epoch depends on is in save(): history (hence the epoch, hence the
// sample order and the learning rate), optimiser moments, the bank's state and the estimator's own (a
// transfer schedule), so a run restored from it carries on exactly as if it had not stopped.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <vector>

#include "learning/gradient_estimator.h"
#include "learning/optimizer.h"

namespace memcosim::learning {

struct TrainingSettings {
  int batchSize = 10;
  OptimizerSettings optimizer;
  std::uint64_t seed = 1;          // sample order of each epoch: seed and epoch number
  double learningRateDecay = 1.0;  // epoch e (from 0) trains at learningRate · decay^e
};

/// A checkpoint that cannot be restored; the message starts with the offending field.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EpochRecord {
  int epoch = 0;
  double trainLoss = 0.0;
  double trainAccuracy = 0.0;
  double testAccuracy = 0.0;
};

/// The predicted class of a network's outputs: the index of the largest.
int argmax(const Eigen::VectorXd& outputs);

/// The first epoch (from 1) whose held-out accuracy reaches `target`; 0 if none does or
/// `target` is 0.
int epochsToTarget(const std::vector<EpochRecord>& history, double target);

class Trainer {
 public:
  Trainer(GradientEstimator& estimator, TrainingSettings settings, Samples train, Samples test);

  /// Trains one more epoch and returns its record (also appended to history()).
  EpochRecord runEpoch();
  /// Fraction of `samples` whose largest output is the label (predictions only).
  double accuracy(const Samples& samples);
  /// Predicted class per sample.
  std::vector<int> predict(const Samples& samples);

  [[nodiscard]] int epoch() const { return static_cast<int>(history_.size()); }
  [[nodiscard]] const std::vector<EpochRecord>& history() const { return history_; }
  [[nodiscard]] const Samples& train() const { return train_; }
  [[nodiscard]] const Samples& test() const { return test_; }

  /// Everything needed to carry on exactly: history, optimiser and weight-bank state.
  [[nodiscard]] nlohmann::json save() const;
  /// Restores a save() and writes the weights that moved into the circuit. Throws naming the
  /// field if the save is inconsistent (CheckpointError for history and epoch: length ≠ epoch,
  /// epochs out of order, non-finite or out-of-range values; std::runtime_error from the weight
  /// bank and optimiser: conductances or states outside the window, non-finite moments).
  void restore(const nlohmann::json& saved);

 private:
  void applyBatch(const Eigen::VectorXd& gradientSum, int count);

  GradientEstimator& estimator_;
  TrainingSettings settings_;
  Samples train_, test_;
  Optimizer optimizer_;
  std::vector<EpochRecord> history_;
};

}  // namespace memcosim::learning
