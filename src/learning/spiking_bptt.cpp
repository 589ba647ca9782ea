// BPTT on a spiking network of memristive neurons (see spiking_bptt.h).
#include "learning/spiking_bptt.h"

#include <stdexcept>

namespace memcosim::learning {

SpikingBptt::SpikingBptt(const circuits::SpikingNetwork& network, WeightBank& bank, Loss loss)
    : network_(network), bank_(bank), loss_(loss) {
  if (bank_.size() != network_.weightCount())
    throw std::invalid_argument("memprop: the bank holds " + std::to_string(bank_.size()) + " weights, the network " +
                                std::to_string(network_.weightCount()));
}

const std::vector<Eigen::MatrixXd>& SpikingBptt::signedWeights() {
  if (stale_) {
    weights_ = network_.signedWeights(bank_.conductances());
    stale_ = false;
  }
  return weights_;
}

BatchEstimate SpikingBptt::estimate(const Samples& samples, std::span<const std::size_t> batch) {
  const auto& weights = signedWeights();
  struct PerSample {
    Eigen::VectorXd gradient;
    Eigen::VectorXd outputs;
    double loss;
  };
  return sumOverBatch(samples, batch, static_cast<Eigen::Index>(network_.weightCount()),
                      [&](const Eigen::VectorXd& inputs, int label) {
                        const circuits::NetworkRun run = network_.forward(weights, inputs);
                        const Eigen::VectorXd outputGradient = loss_.gradient(run.outputs, label);
                        return PerSample{network_.backward(weights, inputs, run, outputGradient), run.outputs,
                                         loss_.value(run.outputs, label)};
                      });
}

Eigen::VectorXd SpikingBptt::predict(const Eigen::VectorXd& inputs) {
  return network_.forward(signedWeights(), inputs).outputs;
}

void SpikingBptt::writeWeight(std::size_t /*w*/) { stale_ = true; }

}  // namespace memcosim::learning
