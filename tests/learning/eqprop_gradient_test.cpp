// The EqProp estimate against finite differences of the free-phase loss (docs/design.md, "EqProp").
#include <catch2/catch.hpp>

#include <random>

#include "io/random.h"
#include "learning/device_weights.h"
#include "learning/eqprop.h"
#include "test_session.h"

using namespace memcosim;

namespace {

struct Check {
  double cosine = 0.0;
  double normRatio = 0.0;  // |EqProp| / |finite differences|
};

Check compare(const circuits::EqPropNetworkSpec& spec, learning::Loss loss, double beta, bool correction,
              std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const circuits::EqPropNetwork network(spec);
  learning::IdealWeights weights(network.weightCount(), 1e-7, 1e-5, rng);
  learning::EqProp solver(testCircuit(), network, weights, {beta, loss, correction});
  Eigen::VectorXd x(spec.inputs);
  for (int i = 0; i < spec.inputs; ++i) x(i) = 1.2 * memcosim::io::uniform01(rng);
  const int label = 1;
  const auto estimate = solver.estimateSample(x, label);

  Eigen::VectorXd fd(static_cast<Eigen::Index>(network.weightCount()));
  for (std::size_t w = 0; w < network.weightCount(); ++w) {
    const double g = weights.conductance(w), step = 1e-4 * g;
    weights.set(w, g + step);
    solver.writeWeight(w);
    const double up = loss.value(solver.predict(x), label);
    weights.set(w, g - step);
    solver.writeWeight(w);
    const double down = loss.value(solver.predict(x), label);
    weights.set(w, g);
    solver.writeWeight(w);
    fd(static_cast<Eigen::Index>(w)) = (up - down) / (2.0 * step);
  }
  return {estimate.gradient.dot(fd) / (estimate.gradient.norm() * fd.norm()), estimate.gradient.norm() / fd.norm()};
}

}  // namespace

TEST_CASE("EqProp gradient matches finite differences of the free-phase loss") {
  circuits::EqPropNetworkSpec spec;
  spec.inputs = 3;
  spec.hidden = {4};
  spec.outputs = 2;
  learning::Loss loss;
  SECTION("cross-entropy, one hidden layer") {
    loss.kind = learning::Loss::Kind::CrossEntropy;
    const auto c = compare(spec, loss, 1e-9, true, 3);
    INFO("cosine " << c.cosine << ", norm ratio " << c.normRatio);
    CHECK(c.cosine >= 0.99);
    CHECK(c.normRatio == Approx(1.0).epsilon(0.1));
  }
  SECTION("squared error, two hidden layers") {
    loss.kind = learning::Loss::Kind::SquaredError;
    spec.hidden = {4, 3};
    const auto c = compare(spec, loss, 1e-9, true, 5);
    INFO("cosine " << c.cosine << ", norm ratio " << c.normRatio);
    CHECK(c.cosine >= 0.99);
    CHECK(c.normRatio == Approx(1.0).epsilon(0.1));
  }
  SECTION("without the amplifier correction the estimate points elsewhere") {
    loss.kind = learning::Loss::Kind::CrossEntropy;
    const auto corrected = compare(spec, loss, 1e-9, true, 3);
    const auto raw = compare(spec, loss, 1e-9, false, 3);
    INFO("corrected " << corrected.cosine << ", raw " << raw.cosine);
    CHECK(raw.cosine < corrected.cosine);
  }
}

TEST_CASE("EqProp gradient of memristor weights with a nonlinear read matches finite differences") {
  // Stanford–PKU conducts I = G·V0·sinh(ΔV/V0) with V0 = 0.25 V: at the drops of this network
  // the quadratic estimate would be off by sinh(ΔV/V0)/(ΔV/V0), several times over.
  circuits::EqPropNetworkSpec spec;
  spec.inputs = 3;
  spec.hidden = {4};
  spec.outputs = 2;
  learning::Loss loss;
  loss.kind = learning::Loss::Kind::CrossEntropy;
  const circuits::EqPropNetwork network(spec);
  std::mt19937_64 rng(11);
  learning::DeviceWeightSettings settings;
  settings.model = "stanford-pku";
  settings.ratio = 10.0;
  learning::DeviceWeights weights(settings, network.weightCount(), rng, testSession());
  REQUIRE_FALSE(weights.linearRead());
  learning::EqProp solver(testCircuit(), network, weights, {1e-9, loss, true});
  Eigen::VectorXd x(spec.inputs);
  for (int i = 0; i < spec.inputs; ++i) x(i) = 1.2 * io::uniform01(rng);
  const int label = 0;
  const auto estimate = solver.estimateSample(x, label);
  const auto drops = solver.freePhase().drops;
  INFO("largest drop " << drops.cwiseAbs().maxCoeff() << " V");
  CHECK(drops.cwiseAbs().maxCoeff() > 0.25);  // the read is nonlinear where the network works

  Eigen::VectorXd fd(static_cast<Eigen::Index>(network.weightCount()));
  const auto& programmer = weights.programmer();
  for (std::size_t w = 0; w < network.weightCount(); ++w) {
    const double x0 = weights.state(w), g = weights.conductance(w), step = 1e-4 * g;
    const auto lossAt = [&](double conductance) {
      weights.setState(w, programmer.stateForConductance(conductance));
      solver.writeWeight(w);
      return loss.value(solver.predict(x), label);
    };
    const double gUp = std::min(g + step, programmer.gMax()), gDown = std::max(g - step, programmer.gMin());
    const double up = lossAt(gUp), down = lossAt(gDown);
    weights.setState(w, x0);
    solver.writeWeight(w);
    fd(static_cast<Eigen::Index>(w)) = (up - down) / (gUp - gDown);
  }
  const double cosine = estimate.gradient.dot(fd) / (estimate.gradient.norm() * fd.norm());
  const double ratio = estimate.gradient.norm() / fd.norm();
  INFO("cosine " << cosine << ", norm ratio " << ratio);
  CHECK(cosine >= 0.99);
  CHECK(ratio == Approx(1.0).epsilon(0.1));
}
