// What a training method supplies to the trainer: the gradient of the loss with respect to
// every weight's conductance, one mini-batch at a time, and the outputs it predicts.
//
// Life cycle (learning/trainer.h drives it; the estimator holds the circuit and its solver):
//   construct (loads the circuit with the bank's present weights, once)
//   → per mini-batch: estimate(samples, batch)
//       → the trainer steps the optimiser, the bank applies ΔG (learning/weights.h)
//       → writeWeight(w) for every weight whose conductance moved
//       → afterUpdate(): what the update did beyond the weights it wrote (a crossbar's
//         parallel write disturbs half-selected devices)
//   → after an epoch: predict(inputs) per held-out sample
//   → on resume: writeWeight(w) for every weight the checkpoint moved.
//
// The estimate is Σ_{n ∈ batch} ∂C_n/∂G_w in the units of the loss per siemens; the trainer
// divides by the batch size. EqProp's two-phase estimate (learning/eqprop.h) is the first
// implementation: a method that estimates per batch rather than per sample (backpropagation
// through a crossbar) returns the batch's sum just the same.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <stdexcept>
#include <vector>

namespace memcosim::learning {

class WeightBank;

/// Samples (rows, already in volts) with integer class labels.
struct Samples {
  Eigen::MatrixXd inputs;
  std::vector<int> labels;
};

/// One mini-batch's estimate; per-sample entries in the order of the batch's indices.
struct BatchEstimate {
  Eigen::VectorXd gradientSum;           // Σ_n ∂C_n/∂G per weight
  std::vector<double> losses;            // C_n before the batch's update
  std::vector<Eigen::VectorXd> outputs;  // the outputs C_n was computed from
};

/// A batch's estimate from per-sample ones: `perSample(inputs, label)` returns an estimate with
/// `gradient` (`size` entries), `outputs` and `loss`; the gradients are summed in the batch's order.
template <class PerSample>
BatchEstimate sumOverBatch(const Samples& samples, std::span<const std::size_t> batch, Eigen::Index size,
                           PerSample&& perSample) {
  BatchEstimate b;
  b.gradientSum = Eigen::VectorXd::Zero(size);
  for (const std::size_t index : batch) {
    const auto e = perSample(samples.inputs.row(static_cast<Eigen::Index>(index)).transpose(), samples.labels[index]);
    b.gradientSum += e.gradient;
    b.losses.push_back(e.loss);
    b.outputs.push_back(e.outputs);
  }
  return b;
}

class GradientEstimator {
 public:
  GradientEstimator() = default;
  GradientEstimator(const GradientEstimator&) = delete;
  GradientEstimator& operator=(const GradientEstimator&) = delete;
  virtual ~GradientEstimator() = default;

  [[nodiscard]] virtual int inputCount() const = 0;
  [[nodiscard]] virtual int outputCount() const = 0;
  /// The bank whose weights the estimate is for.
  [[nodiscard]] virtual WeightBank& weights() = 0;

  /// The estimate over `samples` rows listed in `batch`.
  virtual BatchEstimate estimate(const Samples& samples, std::span<const std::size_t> batch) = 0;
  /// The outputs for one sample's inputs (volts), without learning.
  virtual Eigen::VectorXd predict(const Eigen::VectorXd& inputs) = 0;
  /// Puts the bank's present value of weight w into the circuit.
  virtual void writeWeight(std::size_t w) = 0;
  /// Called once after every mini-batch update, when writeWeight has been called for each
  /// weight it moved.
  virtual void afterUpdate() {}
  /// Its own state that later batches depend on (a transfer schedule), for checkpoints; null
  /// when it keeps none.
  [[nodiscard]] virtual nlohmann::json save() const { return nullptr; }
  /// Restores save() (null for a checkpoint without one); throws std::runtime_error naming the
  /// field when it does not fit.
  virtual void restore(const nlohmann::json& saved) {
    if (!saved.is_null()) throw std::runtime_error("estimator: this training method keeps no state of its own");
  }
};

}  // namespace memcosim::learning
