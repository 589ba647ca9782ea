// The spiking network: BPTT against finite differences, the native forward run against the
// ngspice transient of the same deck, encodings and refusals.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "circuits/spiking_network.h"
#include "devices/trace.h"
#include "io/random.h"
#include "spice/session.h"

using namespace memcosim;
using circuits::SpikingNetwork;
using circuits::SpikingNetworkSpec;

namespace {

SpikingNetworkSpec smallSpec(circuits::SpikeEncoding encoding) {
  SpikingNetworkSpec spec;
  spec.inputs = 3;
  spec.hidden = {4};
  spec.outputs = 2;
  spec.grid = {15, 1e-6, 10};
  spec.encoding = encoding;
  return spec;
}

std::vector<double> randomConductances(std::size_t count, unsigned seed, double low = 1e-5, double high = 2e-4) {
  std::mt19937_64 random(seed);
  std::vector<double> g;
  for (std::size_t w = 0; w < count; ++w) g.push_back(low + (high - low) * io::uniform01(random));
  return g;
}

/// L = Σ_j c_j y_j: any smooth loss of the outputs tests the same chain below the outputs.
double linearLoss(const SpikingNetwork& network, const std::vector<double>& g, const Eigen::VectorXd& features,
                  const Eigen::VectorXd& c) {
  return c.dot(network.forward(network.signedWeights(g), features).outputs);
}

void checkGradient(circuits::SpikeEncoding encoding) {
  const SpikingNetwork network(smallSpec(encoding));
  const std::vector<double> g = randomConductances(network.weightCount(), 11);
  const Eigen::VectorXd features = Eigen::Vector3d(0.45, 0.1, 0.3);
  const Eigen::VectorXd c = Eigen::Vector2d(1.0, -0.7);
  const auto weights = network.signedWeights(g);
  const circuits::NetworkRun run = network.forward(weights, features);
  const Eigen::VectorXd bptt = network.backward(weights, features, run, c);
  Eigen::VectorXd numeric(bptt.size());
  for (std::size_t w = 0; w < g.size(); ++w) {
    const double step = 1e-3 * g[w];
    std::vector<double> up = g, down = g;
    up[w] += step;
    down[w] -= step;
    numeric(static_cast<Eigen::Index>(w)) =
        (linearLoss(network, up, features, c) - linearLoss(network, down, features, c)) / (2 * step);
  }
  const double cosine = bptt.dot(numeric) / (bptt.norm() * numeric.norm());
  const double relative = (bptt - numeric).norm() / numeric.norm();
  WARN("BPTT vs finite differences: cosine " << cosine << ", relative error " << relative << ", output spikes "
                                             << run.outputSpikes[0].size() << "+" << run.outputSpikes[1].size());
  CHECK(numeric.norm() > 0.0);
  CHECK(cosine >= 0.99);
  CHECK(relative <= 0.05);
}

}  // namespace

TEST_CASE("spiking network: BPTT matches finite differences, direct encoding", "[circuits]") {
  checkGradient(circuits::SpikeEncoding::Direct);
}

TEST_CASE("spiking network: BPTT matches finite differences, latency encoding", "[circuits]") {
  checkGradient(circuits::SpikeEncoding::Latency);
}

TEST_CASE("spiking network: the native forward run matches the ngspice transient of its deck", "[circuits]") {
  const SpikingNetwork network(smallSpec(circuits::SpikeEncoding::Latency));
  const std::vector<double> g = randomConductances(network.weightCount(), 5);
  const Eigen::VectorXd features = Eigen::Vector3d(0.5, 0.2, 0.35);
  const circuits::NetworkRun native = network.forward(network.signedWeights(g), features);

  spice::Session session;
  session.load(network.netlist({g, std::nullopt, {}, 2e-4}, {0.5, 0.2, 0.35}));
  const auto& grid = network.spec().grid;
  const spice::Plot plot = session.transient(grid.substep(), grid.steps * grid.dt_s, 0.0, grid.substep(), true);
  std::vector<double> sampleTimes;
  for (int k = 0; k <= grid.steps; ++k) sampleTimes.push_back(k * grid.dt_s);
  const auto nodes = network.outputNodes();
  double difference = 0.0, norm = 0.0;
  for (std::size_t j = 0; j < nodes.size(); ++j) {
    const std::vector<double> v = devices::resample(plot.vector("time").real, plot.vector(nodes[j]).real, sampleTimes);
    const double y = SpikingNetwork::readout(v);
    difference +=
        (y - native.outputs(static_cast<Eigen::Index>(j))) * (y - native.outputs(static_cast<Eigen::Index>(j)));
    norm += y * y;
  }
  const double relative = std::sqrt(difference / norm);
  WARN("outputs, native vs ngspice: relative difference " << relative << "; native outputs "
                                                          << native.outputs.transpose());
  CHECK(native.outputs.cwiseAbs().maxCoeff() > 0.01);  // the outputs are driven, not resting
  CHECK(relative <= 0.01);
}

TEST_CASE("spiking network: encodings and bad specs", "[circuits]") {
  SpikingNetworkSpec spec = smallSpec(circuits::SpikeEncoding::Latency);
  spec.grid = {10, 1e-6, 10};
  const SpikingNetwork network(spec);
  const Eigen::MatrixXd rows = network.encode(Eigen::Vector3d(0.5, 0.0, 0.25));
  CHECK(rows(0, 0) == 0.5);  // the largest feature fires first
  CHECK(rows(1, 0) == 0.5);
  CHECK(rows(2, 0) == 0.0);
  CHECK(rows(8, 1) == 0.5);  // the smallest last
  CHECK(rows(9, 1) == 0.5);
  CHECK(rows(4, 2) == 0.5);
  CHECK(rows.sum() == Approx(3 * 2 * 0.5));
  CHECK(network.weightCount() == 2u * (4 * 4 + 5 * 2));
  CHECK_THROWS_WITH(network.encode(Eigen::Vector2d(0.1, 0.2)), Catch::Contains("2 features for 3 inputs"));
  SpikingNetworkSpec unstable = spec;
  unstable.grid.substeps = 2;
  CHECK_THROWS_WITH(SpikingNetwork(unstable), Catch::Contains("raise substeps"));
  SpikingNetworkSpec wide = spec;
  wide.latencyWidth = 11;
  CHECK_THROWS_WITH(SpikingNetwork(wide), Catch::Contains("latency_width"));
  CHECK_THROWS_WITH(circuits::parseSpikeEncoding("poisson"), Catch::Contains("direct, latency or rate"));
  SpikingNetworkSpec rate = spec;
  rate.encoding = circuits::SpikeEncoding::Rate;
  rate.grid = {400, 1e-6, 10};
  const SpikingNetwork rated(rate);
  const Eigen::MatrixXd trains = rated.encode(Eigen::Vector3d(0.5, 0.0, 0.125));
  CHECK(trains.col(0).sum() == Approx(400 * 0.5));                  // level 1: a spike every step
  CHECK(trains.col(1).sum() == 0.0);                                // level 0: none
  CHECK(trains.col(2).sum() / 0.5 == Approx(100).margin(30));       // level 1/4: about 100 of 400
  CHECK(rated.encode(Eigen::Vector3d(0.5, 0.0, 0.125)) == trains);  // the same sample, the same train
  CHECK(rated.encode(Eigen::Vector3d(0.5, 0.0, 0.126)).col(2) != trains.col(2));
}

TEST_CASE("spiking network: BPTT matches finite differences, rate encoding", "[circuits]") {
  checkGradient(circuits::SpikeEncoding::Rate);
}
