// Mean-squared-error and softmax cross-entropy losses on the network outputs, with their gradients.
#include "learning/loss.h"

#include <cmath>
#include <stdexcept>

namespace memcosim::learning {

namespace {

Eigen::VectorXd softmax(const Eigen::VectorXd& logits) {
  const Eigen::VectorXd shifted = (logits.array() - logits.maxCoeff()).exp();
  return shifted / shifted.sum();
}

Eigen::VectorXd targets(const Loss& loss, Eigen::Index size, int label) {
  Eigen::VectorXd t = Eigen::VectorXd::Constant(size, loss.targetLow_volt);
  t(label) = loss.targetHigh_volt;
  return t;
}

}  // namespace

double Loss::value(const Eigen::VectorXd& outputs, int label) const {
  if (kind == Kind::SquaredError) return 0.5 * (outputs - targets(*this, outputs.size(), label)).squaredNorm();
  const Eigen::VectorXd logits = outputs / temperature_volt;
  const double largest = logits.maxCoeff();
  return -(logits(label) - largest - std::log((logits.array() - largest).exp().sum()));
}

Eigen::VectorXd Loss::gradient(const Eigen::VectorXd& outputs, int label) const {
  if (kind == Kind::SquaredError) return outputs - targets(*this, outputs.size(), label);
  Eigen::VectorXd g = softmax(outputs / temperature_volt);
  g(label) -= 1.0;
  return g / temperature_volt;
}

Loss::Kind parseLossKind(const std::string& name) {
  if (name == "squared-error") return Loss::Kind::SquaredError;
  if (name == "cross-entropy") return Loss::Kind::CrossEntropy;
  throw std::invalid_argument("unknown loss \"" + name + "\" (known: squared-error, cross-entropy)");
}

}  // namespace memcosim::learning
