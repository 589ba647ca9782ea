// Backpropagation through time on a spiking network of memristive neurons (MEMprop;
// circuits/spiking_network.h): the gradient estimator the `memprop` training method gives the
// trainer. Each sample runs forward natively through the discretised device dynamics, the
// loss is taken on the outputs (mean output membrane voltages), and the exact adjoint of the
// same discretisation gives ∂C/∂G for every synapse conductance; no surrogate gradient.
//
// The weights are the bank's conductances as they are: ideal ones, or the conductances the
// bank's devices reached under their programming pulses, so device behaviour acts on learning.
#pragma once

#include <vector>

#include "circuits/spiking_network.h"
#include "learning/gradient_estimator.h"
#include "learning/loss.h"
#include "learning/weights.h"

namespace memcosim::learning {

class SpikingBptt : public GradientEstimator {
 public:
  /// `network` and `bank` outlive the estimator; the bank holds network.weightCount() weights.
  SpikingBptt(const circuits::SpikingNetwork& network, WeightBank& bank, Loss loss);

  [[nodiscard]] int inputCount() const override { return network_.inputCount(); }
  [[nodiscard]] int outputCount() const override { return network_.outputCount(); }
  [[nodiscard]] WeightBank& weights() override { return bank_; }
  BatchEstimate estimate(const Samples& samples, std::span<const std::size_t> batch) override;
  Eigen::VectorXd predict(const Eigen::VectorXd& inputs) override;
  void writeWeight(std::size_t w) override;

 private:
  /// W_l = G⁺ − G⁻ of the bank's present conductances (rebuilt after a write).
  const std::vector<Eigen::MatrixXd>& signedWeights();

  const circuits::SpikingNetwork& network_;
  WeightBank& bank_;
  Loss loss_;
  std::vector<Eigen::MatrixXd> weights_;
  bool stale_ = true;
};

}  // namespace memcosim::learning
