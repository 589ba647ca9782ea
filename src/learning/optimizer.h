// Steps on normalised weights θ = G / G_max from gradients ∂C/∂θ: plain SGD, momentum, RMSprop, Adam.
//
// Normalising makes the learning rate independent of the conductance scale: with G in
// [1e-7, 1e-5] S a rate of 0.05 means 5% of the range per unit gradient, whatever G_max is.
#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <string>

namespace memcosim::learning {

struct OptimizerSettings {
  enum class Kind { Sgd, Momentum, RmsProp, Adam };
  Kind kind = Kind::Sgd;
  double learningRate = 0.05;
  double momentum = 0.9;  // Momentum: v ← μv + g, Δθ = −ηv
  double decay = 0.9;     // RMSprop (Tieleman & Hinton 2012): s ← ρs + (1−ρ)g², Δθ = −ηg/(√s + ε)
  double beta1 = 0.9;     // Adam (Kingma & Ba 2015)
  double beta2 = 0.999;
  double epsilon = 1e-8;
};

/// "sgd", "momentum", "rmsprop" or "adam"; throws std::invalid_argument otherwise.
OptimizerSettings::Kind parseOptimizerKind(const std::string& name);

class Optimizer {
 public:
  Optimizer(OptimizerSettings settings, Eigen::Index size);
  /// Δθ for the gradient ∂C/∂θ of one mini-batch.
  Eigen::VectorXd step(const Eigen::VectorXd& gradient);
  /// The learning rate of later steps (schedules set it per epoch).
  void setLearningRate(double rate) { settings_.learningRate = rate; }
  [[nodiscard]] nlohmann::json save() const;
  void restore(const nlohmann::json& saved);

 private:
  OptimizerSettings settings_;
  Eigen::VectorXd first_, second_;
  long steps_ = 0;
};

}  // namespace memcosim::learning
