// Losses against their definitions, and their gradients against finite differences.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "learning/loss.h"

using namespace memcosim;

namespace {

Eigen::VectorXd outputs() {
  Eigen::VectorXd y(3);
  y << 0.12, -0.05, 0.31;
  return y;
}

Eigen::VectorXd finiteDifferences(const learning::Loss& loss, const Eigen::VectorXd& y, int label) {
  Eigen::VectorXd g(y.size());
  for (Eigen::Index k = 0; k < y.size(); ++k) {
    const double h = 1e-6;
    Eigen::VectorXd up = y, down = y;
    up(k) += h;
    down(k) -= h;
    g(k) = (loss.value(up, label) - loss.value(down, label)) / (2.0 * h);
  }
  return g;
}

}  // namespace

TEST_CASE("loss: squared error is ½ Σ (y − t)² with t high for the label", "[learning]") {
  learning::Loss loss;
  loss.kind = learning::Loss::Kind::SquaredError;
  loss.targetHigh_volt = 0.5;
  loss.targetLow_volt = -0.5;
  const Eigen::VectorXd y = outputs();
  const double expected = 0.5 * (std::pow(0.12 + 0.5, 2) + std::pow(-0.05 - 0.5, 2) + std::pow(0.31 + 0.5, 2));
  CHECK(loss.value(y, 1) == Approx(expected).epsilon(1e-14));
  const Eigen::VectorXd g = loss.gradient(y, 1);
  CHECK(g(1) == Approx(-0.55).epsilon(1e-14));
  CHECK((g - finiteDifferences(loss, y, 1)).cwiseAbs().maxCoeff() < 1e-8);
}

TEST_CASE("loss: cross-entropy is −log softmax(y/T) of the label", "[learning]") {
  learning::Loss loss;
  loss.kind = learning::Loss::Kind::CrossEntropy;
  loss.temperature_volt = 0.1;
  const Eigen::VectorXd y = outputs();
  const Eigen::VectorXd e = (y / 0.1).array().exp();
  CHECK(loss.value(y, 2) == Approx(-std::log(e(2) / e.sum())).epsilon(1e-12));
  const Eigen::VectorXd g = loss.gradient(y, 2);
  CHECK(std::abs(g.sum()) < 1e-12);  // softmax − one-hot sums to zero
  CHECK(g(2) < 0.0);
  CHECK((g - finiteDifferences(loss, y, 2)).cwiseAbs().maxCoeff() < 1e-6);
  // Stable for outputs far beyond the temperature (a naive exp would overflow).
  Eigen::VectorXd large(2);
  large << 200.0, -200.0;
  CHECK(std::isfinite(loss.value(large, 1)));
  CHECK(loss.value(large, 1) == Approx(4000.0).epsilon(1e-12));
}

TEST_CASE("loss: names parse, unknown ones are refused", "[learning]") {
  CHECK(learning::parseLossKind("squared-error") == learning::Loss::Kind::SquaredError);
  CHECK(learning::parseLossKind("cross-entropy") == learning::Loss::Kind::CrossEntropy);
  CHECK_THROWS_AS(learning::parseLossKind("hinge"), std::invalid_argument);
}
