// SGD, momentum, RMSprop and Adam steps on normalised weights, and their checkpoint state.
#include "learning/optimizer.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace memcosim::learning {

OptimizerSettings::Kind parseOptimizerKind(const std::string& name) {
  if (name == "sgd") return OptimizerSettings::Kind::Sgd;
  if (name == "momentum") return OptimizerSettings::Kind::Momentum;
  if (name == "rmsprop") return OptimizerSettings::Kind::RmsProp;
  if (name == "adam") return OptimizerSettings::Kind::Adam;
  throw std::invalid_argument("unknown optimizer \"" + name + "\" (known: sgd, momentum, rmsprop, adam)");
}

Optimizer::Optimizer(OptimizerSettings settings, Eigen::Index size)
    : settings_(settings), first_(Eigen::VectorXd::Zero(size)), second_(Eigen::VectorXd::Zero(size)) {
  if (!(settings_.learningRate > 0.0)) throw std::invalid_argument("optimizer: learning rate must be > 0");
}

Eigen::VectorXd Optimizer::step(const Eigen::VectorXd& gradient) {
  ++steps_;
  switch (settings_.kind) {
    case OptimizerSettings::Kind::Sgd:
      return -settings_.learningRate * gradient;
    case OptimizerSettings::Kind::Momentum:
      first_ = settings_.momentum * first_ + gradient;
      return -settings_.learningRate * first_;
    case OptimizerSettings::Kind::RmsProp:
      second_ = settings_.decay * second_ + (1.0 - settings_.decay) * gradient.cwiseProduct(gradient);
      return -settings_.learningRate * gradient.array() / (second_.array().sqrt() + settings_.epsilon);
    case OptimizerSettings::Kind::Adam: {
      first_ = settings_.beta1 * first_ + (1.0 - settings_.beta1) * gradient;
      second_ = settings_.beta2 * second_ + (1.0 - settings_.beta2) * gradient.cwiseProduct(gradient);
      const double c1 = 1.0 - std::pow(settings_.beta1, static_cast<double>(steps_));
      const double c2 = 1.0 - std::pow(settings_.beta2, static_cast<double>(steps_));
      return -settings_.learningRate * (first_ / c1).array() / ((second_ / c2).array().sqrt() + settings_.epsilon);
    }
  }
  return Eigen::VectorXd::Zero(gradient.size());
}

nlohmann::json Optimizer::save() const {
  return {{"steps", steps_},
          {"first", std::vector<double>(first_.data(), first_.data() + first_.size())},
          {"second", std::vector<double>(second_.data(), second_.data() + second_.size())}};
}

void Optimizer::restore(const nlohmann::json& saved) {
  const auto first = saved.at("first").get<std::vector<double>>();
  const auto second = saved.at("second").get<std::vector<double>>();
  if (first.size() != static_cast<std::size_t>(first_.size()) || second.size() != first.size())
    throw std::runtime_error("checkpoint: optimizer state does not match the network's weight count");
  first_ = Eigen::Map<const Eigen::VectorXd>(first.data(), static_cast<Eigen::Index>(first.size()));
  second_ = Eigen::Map<const Eigen::VectorXd>(second.data(), static_cast<Eigen::Index>(second.size()));
  for (std::size_t k = 0; k < first.size(); ++k)
    if (!std::isfinite(first[k]) || !std::isfinite(second[k]) || second[k] < 0.0)
      throw std::runtime_error("checkpoint: optimizer moments are not finite (entry " + std::to_string(k) + ")");
  const long steps = saved.at("steps").get<long>();
  if (steps < 0) throw std::runtime_error("checkpoint: optimizer.steps is negative");
  steps_ = steps;
}

}  // namespace memcosim::learning
