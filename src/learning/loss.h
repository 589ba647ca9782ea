// Losses on the differential outputs y_k = V(o_k+) − V(o_k−) of an EqProp network.
#pragma once

#include <Eigen/Dense>
#include <string>

namespace memcosim::learning {

struct Loss {
  enum class Kind { SquaredError, CrossEntropy };
  Kind kind = Kind::CrossEntropy;
  // Squared error C = ½ Σ_k (y_k − t_k)², t_k = targetHigh for the label, targetLow otherwise.
  double targetHigh_volt = 0.5;
  double targetLow_volt = -0.5;
  // Cross-entropy C = −log softmax(y / T)_label; T in volts sets how far apart outputs must be.
  double temperature_volt = 0.1;

  [[nodiscard]] double value(const Eigen::VectorXd& outputs, int label) const;
  /// ∂C/∂y_k.
  [[nodiscard]] Eigen::VectorXd gradient(const Eigen::VectorXd& outputs, int label) const;
};

/// "squared-error" or "cross-entropy"; throws std::invalid_argument otherwise.
Loss::Kind parseLossKind(const std::string& name);

}  // namespace memcosim::learning
