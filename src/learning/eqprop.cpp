// EqProp phases on a DC solver: free and nudged operating points and the two-phase gradient estimate.
#include "learning/eqprop.h"

#include <cmath>
#include <map>

namespace memcosim::learning {

EqProp::EqProp(solver::DcSolver& circuit, const circuits::EqPropNetwork& network, WeightBank& weights,
               EqPropSettings settings)
    : circuit_(circuit), network_(network), weights_(weights), settings_(std::move(settings)) {
  if (!(settings_.beta_siemens > 0.0)) throw std::invalid_argument("eqprop: beta must be > 0");
  if (weights_.size() != network_.weightCount())
    throw std::invalid_argument("eqprop: the weight bank holds " + std::to_string(weights_.size()) +
                                " weights, the network " + std::to_string(network_.weightCount()));
  const auto& nodes = network_.nodes();
  std::map<std::string, std::size_t> nodeIndex;
  for (std::size_t i = 0; i < nodes.size(); ++i) nodeIndex[nodes[i]] = i;
  const int layers = static_cast<int>(network_.spec().hidden.size()) + 1;
  layerFactor_.resize(static_cast<Eigen::Index>(network_.weightCount()));
  for (std::size_t w = 0; w < network_.weightCount(); ++w) {
    sourceIndex_.push_back(nodeIndex.at(network_.sourceNode(w)));
    targetIndex_.push_back(nodeIndex.at(network_.targetNode(w)));
    const int stages = layers - network_.layerOf(w);
    layerFactor_(static_cast<Eigen::Index>(w)) =
        settings_.amplifierCorrection ? std::pow(network_.spec().amplifierGain, 2.0 * stages) : 1.0;
  }
  for (int k = 0; k < network_.spec().outputs; ++k) {
    outputIndex_.push_back(nodeIndex.at(network_.outputNode(k, true)));
    outputIndex_.push_back(nodeIndex.at(network_.outputNode(k, false)));
  }
  circuit_.load(network_.netlist(weights_.values()));
  // Only the node voltages the rule reads: fewer vectors to build, copy and destroy per solve.
  circuit_.save(nodes);
  for (std::size_t w = 0; w < network_.weightCount(); ++w)
    siteHandles_.push_back(circuit_.handle(weights_.site(network_, w)));
  for (int i = 0; i < network_.spec().inputs; ++i)
    for (const bool positive : {true, false})
      inputHandles_.push_back(circuit_.handle(network_.inputSource(i, positive)));
  for (int k = 0; k < network_.spec().outputs; ++k)
    for (const bool positive : {true, false})
      nudgeHandles_.push_back(circuit_.handle(network_.nudgeSource(k, positive)));
}

void EqProp::setInputs(const Eigen::VectorXd& inputs) {
  if (inputs.size() != network_.spec().inputs)
    throw std::invalid_argument("eqprop: " + std::to_string(inputs.size()) + " input values for " +
                                std::to_string(network_.spec().inputs) + " inputs");
  for (int i = 0; i < network_.spec().inputs; ++i) {
    circuit_.alter(inputHandles_[2 * static_cast<std::size_t>(i)], inputs(i));
    circuit_.alter(inputHandles_[2 * static_cast<std::size_t>(i) + 1], -inputs(i));
  }
}

PhaseSolution EqProp::solve(bool warmStart) {
  const std::vector<double>& v = circuit_.solveNodes(warmStart);
  PhaseSolution s;
  s.drops.resize(static_cast<Eigen::Index>(sourceIndex_.size()));
  for (std::size_t w = 0; w < sourceIndex_.size(); ++w)
    s.drops(static_cast<Eigen::Index>(w)) = v[sourceIndex_[w]] - v[targetIndex_[w]];
  const int outputs = network_.spec().outputs;
  s.outputs.resize(outputs);
  for (int k = 0; k < outputs; ++k) s.outputs(k) = v[outputIndex_[2 * k]] - v[outputIndex_[2 * k + 1]];
  return s;
}

PhaseSolution EqProp::freePhase() { return solve(/*warmStart=*/false); }

void EqProp::setNudges(const Eigen::VectorXd& currents) {
  for (int k = 0; k < network_.spec().outputs; ++k) {
    circuit_.alter(nudgeHandles_[2 * static_cast<std::size_t>(k)], currents(k));
    circuit_.alter(nudgeHandles_[2 * static_cast<std::size_t>(k) + 1], -currents(k));
  }
}

PhaseSolution EqProp::nudgedPhase(const Eigen::VectorXd& currents) {
  setNudges(currents);
  const Eigen::VectorXd none = Eigen::VectorXd::Zero(network_.spec().outputs);
  PhaseSolution s;
  try {
    s = solve(/*warmStart=*/true);
  } catch (...) {
    setNudges(none);
    throw;
  }
  setNudges(none);
  return s;
}

EqProp::Estimate EqProp::estimateSample(const Eigen::VectorXd& inputs, int label) {
  setInputs(inputs);
  const PhaseSolution free = freePhase();
  const Eigen::VectorXd dC = settings_.loss.gradient(free.outputs, label);
  const PhaseSolution nudged = nudgedPhase(-settings_.beta_siemens * dC);
  Estimate e;
  if (weights_.linearRead()) {
    e.gradient =
        layerFactor_.cwiseProduct(nudged.drops.array().square().matrix() - free.drops.array().square().matrix()) /
        (2.0 * settings_.beta_siemens);
  } else {
    e.gradient.resize(free.drops.size());
    for (Eigen::Index w = 0; w < free.drops.size(); ++w)
      e.gradient(w) = layerFactor_(w) *
                      weights_.readCoContent(static_cast<std::size_t>(w), free.drops(w), nudged.drops(w)) /
                      settings_.beta_siemens;
  }
  e.outputs = free.outputs;
  e.loss = settings_.loss.value(free.outputs, label);
  return e;
}

BatchEstimate EqProp::estimate(const Samples& samples, std::span<const std::size_t> batch) {
  return sumOverBatch(samples, batch, static_cast<Eigen::Index>(network_.weightCount()),
                      [this](const Eigen::VectorXd& inputs, int label) { return estimateSample(inputs, label); });
}

Eigen::VectorXd EqProp::predict(const Eigen::VectorXd& inputs) {
  setInputs(inputs);
  return freePhase().outputs;
}

}  // namespace memcosim::learning
