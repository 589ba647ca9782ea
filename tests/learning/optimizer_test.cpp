// Optimiser steps against their update equations, and their checkpoints.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "learning/optimizer.h"

using namespace memcosim;

namespace {

Eigen::VectorXd vector3(double a, double b, double c) {
  Eigen::VectorXd v(3);
  v << a, b, c;
  return v;
}

learning::OptimizerSettings settingsOf(learning::OptimizerSettings::Kind kind, double rate) {
  learning::OptimizerSettings s;
  s.kind = kind;
  s.learningRate = rate;
  return s;
}

}  // namespace

TEST_CASE("optimizer: SGD steps by −η g", "[learning]") {
  learning::Optimizer sgd(settingsOf(learning::OptimizerSettings::Kind::Sgd, 0.1), 3);
  const Eigen::VectorXd step = sgd.step(vector3(1.0, -2.0, 0.5));
  CHECK(step(0) == Approx(-0.1));
  CHECK(step(1) == Approx(0.2));
  CHECK(step(2) == Approx(-0.05));
  sgd.setLearningRate(0.01);
  CHECK(sgd.step(vector3(1.0, 0.0, 0.0))(0) == Approx(-0.01));
}

TEST_CASE("optimizer: momentum accumulates v ← μv + g", "[learning]") {
  auto settings = settingsOf(learning::OptimizerSettings::Kind::Momentum, 0.1);
  settings.momentum = 0.5;
  learning::Optimizer momentum(settings, 3);
  const Eigen::VectorXd g = vector3(1.0, -1.0, 2.0);
  CHECK(momentum.step(g)(0) == Approx(-0.1));
  // v = 0.5·1 + 1 = 1.5, then 0.5·1.5 + 1 = 1.75
  CHECK(momentum.step(g)(0) == Approx(-0.15));
  CHECK(momentum.step(g)(2) == Approx(-0.35));
}

TEST_CASE("optimizer: RMSprop divides by the running root mean square s ← ρs + (1−ρ)g²", "[learning]") {
  auto settings = settingsOf(learning::OptimizerSettings::Kind::RmsProp, 0.01);
  settings.decay = 0.5;
  learning::Optimizer rmsprop(settings, 3);
  // s = 0.5·4 = 2: Δθ = −0.01·2/√2; then s = 0.5·2 + 0.5·4 = 3: Δθ = −0.01·2/√3.
  CHECK(rmsprop.step(vector3(2.0, 0.0, -1.0))(0) == Approx(-0.02 / std::sqrt(2.0)));
  const Eigen::VectorXd second = rmsprop.step(vector3(2.0, 0.0, -1.0));
  CHECK(second(0) == Approx(-0.02 / std::sqrt(3.0)));
  CHECK(second(1) == 0.0);
  CHECK(second(2) == Approx(0.01 / std::sqrt(0.75)));
  CHECK(learning::parseOptimizerKind("rmsprop") == learning::OptimizerSettings::Kind::RmsProp);
}

TEST_CASE("optimizer: Adam's first step is −η sign(g) and its bias correction holds later steps", "[learning]") {
  learning::Optimizer adam(settingsOf(learning::OptimizerSettings::Kind::Adam, 0.01), 3);
  const Eigen::VectorXd first = adam.step(vector3(3.0, -1e-3, 0.0));
  CHECK(first(0) == Approx(-0.01).epsilon(1e-6));
  CHECK(first(1) == Approx(0.01).epsilon(1e-4));
  CHECK(first(2) == 0.0);
  // A constant gradient keeps m̂/√v̂ = sign(g): every step is −η sign(g).
  Eigen::VectorXd step;
  for (int k = 0; k < 20; ++k) step = adam.step(vector3(3.0, -1e-3, 0.0));
  CHECK(step(0) == Approx(-0.01).epsilon(1e-6));
}

TEST_CASE("optimizer: a restored save steps exactly as the original", "[learning]") {
  for (const auto kind : {learning::OptimizerSettings::Kind::Sgd, learning::OptimizerSettings::Kind::Momentum,
                          learning::OptimizerSettings::Kind::Adam}) {
    learning::Optimizer original(settingsOf(kind, 0.05), 3);
    original.step(vector3(0.3, -0.2, 0.1));
    original.step(vector3(-0.1, 0.4, 0.2));
    learning::Optimizer copy(settingsOf(kind, 0.05), 3);
    copy.restore(original.save());
    const Eigen::VectorXd g = vector3(0.7, 0.1, -0.6);
    CHECK(copy.step(g) == original.step(g));
  }
}

TEST_CASE("optimizer: bad settings and checkpoints are refused", "[learning]") {
  CHECK_THROWS_AS(learning::Optimizer(settingsOf(learning::OptimizerSettings::Kind::Sgd, 0.0), 3),
                  std::invalid_argument);
  CHECK_THROWS_AS(learning::parseOptimizerKind("adagrad"), std::invalid_argument);
  CHECK(learning::parseOptimizerKind("adam") == learning::OptimizerSettings::Kind::Adam);
  learning::Optimizer adam(settingsOf(learning::OptimizerSettings::Kind::Adam, 0.05), 3);
  learning::Optimizer bigger(settingsOf(learning::OptimizerSettings::Kind::Adam, 0.05), 4);
  CHECK_THROWS_AS(bigger.restore(adam.save()), std::runtime_error);
  auto saved = adam.save();
  saved["second"][1] = -1.0;
  CHECK_THROWS_AS(adam.restore(saved), std::runtime_error);
  saved = adam.save();
  saved["steps"] = -3;
  CHECK_THROWS_AS(adam.restore(saved), std::runtime_error);
}
