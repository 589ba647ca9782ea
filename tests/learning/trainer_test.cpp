// learning::Trainer over an estimator that needs no circuit: mini-batches, optimiser steps,
// writes of moved weights only, and exact resume. The estimator is a second implementation
// of GradientEstimator beside EqProp, written as one class.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <vector>

#include "learning/trainer.h"
#include "learning/weights.h"

using namespace memcosim;

namespace {

/// A loss C_n = ½ Σ_w ((G_w − t_w)/G_max)² per sample, whatever the sample: ∂C_n/∂G_w =
/// (G_w − t_w)/G_max². Outputs: one-hot on the sample's label while the mean distance to the
/// targets is above 1% of G_max, else on label 0, so accuracy depends on what was learnt.
class QuadraticEstimator : public learning::GradientEstimator {
 public:
  QuadraticEstimator(learning::WeightBank& bank, std::vector<double> targets)
      : bank_(bank), targets_(std::move(targets)) {}
  [[nodiscard]] int inputCount() const override { return 1; }
  [[nodiscard]] int outputCount() const override { return 2; }
  [[nodiscard]] learning::WeightBank& weights() override { return bank_; }
  learning::BatchEstimate estimate(const learning::Samples& samples, std::span<const std::size_t> batch) override {
    batchSizes.push_back(batch.size());
    learning::BatchEstimate e;
    e.gradientSum = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(bank_.size()));
    for (const std::size_t index : batch) {
      double loss = 0.0;
      for (std::size_t w = 0; w < bank_.size(); ++w) {
        const double d = (bank_.conductance(w) - targets_[w]) / bank_.gMax();
        e.gradientSum(static_cast<Eigen::Index>(w)) += d / bank_.gMax();
        loss += 0.5 * d * d;
      }
      e.losses.push_back(loss);
      e.outputs.push_back(predictFor(samples.labels[index]));
    }
    return e;
  }
  Eigen::VectorXd predict(const Eigen::VectorXd& inputs) override { return predictFor(inputs(0) > 0.5 ? 1 : 0); }
  void writeWeight(std::size_t w) override { written.push_back(w); }

  std::vector<std::size_t> batchSizes;
  std::vector<std::size_t> written;

 private:
  Eigen::VectorXd predictFor(int label) const {
    double distance = 0.0;
    for (std::size_t w = 0; w < bank_.size(); ++w) distance += std::abs(bank_.conductance(w) - targets_[w]);
    Eigen::VectorXd y = Eigen::VectorXd::Zero(2);
    y(distance / static_cast<double>(bank_.size()) > 0.01 * bank_.gMax() ? label : 0) = 1.0;
    return y;
  }
  learning::WeightBank& bank_;
  std::vector<double> targets_;
};

learning::Samples samples(int n) {
  learning::Samples s{Eigen::MatrixXd(n, 1), {}};
  for (int k = 0; k < n; ++k) {
    s.inputs(k, 0) = k % 2;
    s.labels.push_back(k % 2);
  }
  return s;
}

learning::TrainingSettings settings() {
  learning::TrainingSettings t;
  t.batchSize = 3;
  t.optimizer.kind = learning::OptimizerSettings::Kind::Momentum;
  t.optimizer.learningRate = 0.2;
  t.optimizer.momentum = 0.5;
  t.learningRateDecay = 0.9;
  t.seed = 4;
  return t;
}

const std::vector<double> kTargets{2e-6, 5e-6, 8e-6, 1e-5};

}  // namespace

TEST_CASE("trainer: mini-batches cover the epoch, the loss falls and the weights reach their targets", "[learning]") {
  std::mt19937_64 rng(2);
  learning::IdealWeights bank(4, 1e-7, 1e-5, rng);
  QuadraticEstimator estimator(bank, kTargets);
  learning::Trainer trainer(estimator, settings(), samples(7), samples(4));
  const auto first = trainer.runEpoch();
  CHECK(estimator.batchSizes == std::vector<std::size_t>{3, 3, 1});
  CHECK(first.epoch == 1);
  for (int e = 0; e < 30; ++e) trainer.runEpoch();
  CHECK(trainer.history().back().trainLoss < 1e-3 * first.trainLoss);
  for (std::size_t w = 0; w < bank.size(); ++w) CHECK(bank.conductance(w) == Approx(kTargets[w]).epsilon(1e-2));
  // Near the targets every sample is predicted as class 0: half of them are right.
  CHECK(trainer.history().back().testAccuracy == 0.5);
  CHECK(trainer.epoch() == 31);
}

TEST_CASE("trainer: only weights whose conductance moved are written", "[learning]") {
  std::mt19937_64 rng(2);
  learning::IdealWeights bank(4, 1e-7, 1e-5, rng);
  bank.set(3, 1e-5);  // at G_max, and its target is G_max: the gradient is zero
  QuadraticEstimator estimator(bank, kTargets);
  learning::Trainer trainer(estimator, settings(), samples(6), samples(2));
  trainer.runEpoch();
  CHECK(estimator.written.size() == 2 * 3);  // two batches, three moving weights
  CHECK(std::count(estimator.written.begin(), estimator.written.end(), std::size_t{3}) == 0);
}

TEST_CASE("trainer: a run restored from its save carries on exactly", "[learning]") {
  std::mt19937_64 rngA(2), rngB(99);
  learning::IdealWeights bankA(4, 1e-7, 1e-5, rngA), bankB(4, 1e-7, 1e-5, rngB);
  QuadraticEstimator estimatorA(bankA, kTargets), estimatorB(bankB, kTargets);
  learning::Trainer a(estimatorA, settings(), samples(7), samples(4));
  learning::Trainer b(estimatorB, settings(), samples(7), samples(4));
  a.runEpoch();
  a.runEpoch();
  b.restore(a.save());
  CHECK(b.epoch() == 2);
  CHECK(estimatorB.written.size() == 4);  // every weight differed from b's own start
  for (int e = 0; e < 3; ++e) {
    const auto ra = a.runEpoch(), rb = b.runEpoch();
    CHECK(ra.trainLoss == rb.trainLoss);
    CHECK(ra.testAccuracy == rb.testAccuracy);
  }
  CHECK(bankA.conductances() == bankB.conductances());
  CHECK(a.save() == b.save());
}

TEST_CASE("trainer: an estimator whose answer does not fit its batch is refused", "[learning]") {
  class Short : public QuadraticEstimator {
   public:
    using QuadraticEstimator::QuadraticEstimator;
    learning::BatchEstimate estimate(const learning::Samples& s, std::span<const std::size_t> batch) override {
      auto e = QuadraticEstimator::estimate(s, batch);
      e.losses.pop_back();
      return e;
    }
  };
  std::mt19937_64 rng(2);
  learning::IdealWeights bank(4, 1e-7, 1e-5, rng);
  Short estimator(bank, kTargets);
  learning::Trainer trainer(estimator, settings(), samples(4), samples(2));
  CHECK_THROWS_AS(trainer.runEpoch(), std::logic_error);
  CHECK_THROWS_AS(learning::Trainer(estimator, settings(), samples(4), {Eigen::MatrixXd(1, 2), {0}}),
                  std::invalid_argument);
}

TEST_CASE("trainer: epochs to a target accuracy count to the first epoch that reaches it", "[learning]") {
  using memcosim::learning::EpochRecord;
  using memcosim::learning::epochsToTarget;
  const std::vector<EpochRecord> history = {
      {1, 0.9, 0.5, 0.50}, {2, 0.6, 0.7, 0.80}, {3, 0.5, 0.8, 0.79}, {4, 0.4, 0.9, 0.95}};
  CHECK(epochsToTarget(history, 0.8) == 2);   // reached at 2; the dip at 3 does not undo it
  CHECK(epochsToTarget(history, 0.95) == 4);  // equal counts as reached
  CHECK(epochsToTarget(history, 0.96) == 0);  // never reached
  CHECK(epochsToTarget(history, 0.0) == 0);   // no target
  CHECK(epochsToTarget({}, 0.5) == 0);
}
