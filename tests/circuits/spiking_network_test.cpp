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

SpikingNetworkSpec smallSpec(circuits::SpikeEncoding encoding,
                             circuits::SpikeReadout readout = circuits::SpikeReadout::Membrane) {
  SpikingNetworkSpec spec;
  spec.readout = readout;
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

/// Mostly excitatory synapses (G⁺ above G⁻), so that spikes reach the outputs.
std::vector<double> excitatoryConductances(const SpikingNetwork& network, unsigned seed) {
  std::vector<double> g = randomConductances(network.weightCount(), seed, 1e-5, 5e-5);
  std::mt19937_64 random(seed + 1);
  for (int l = 1; l <= network.layers(); ++l)
    for (int r = 0; r <= network.layerInputs(l); ++r)
      for (int j = 0; j < network.layerOutputs(l); ++j) g[network.weight(l, r, 2 * j)] += 6e-5 * io::uniform01(random);
  return g;
}

/// A spec whose output neurons spike under rate-coded input (the spike-count readout's tests).
SpikingNetworkSpec countingSpec() {
  SpikingNetworkSpec spec = smallSpec(circuits::SpikeEncoding::Rate, circuits::SpikeReadout::SpikeCount);
  spec.grid = {40, 1e-6, 10};
  spec.spikeVoltage_volt = 1.0;
  return spec;
}

void checkGradient(const SpikingNetworkSpec& spec, bool excitatory = false) {
  const SpikingNetwork network(spec);
  const std::vector<double> g =
      excitatory ? excitatoryConductances(network, 11) : randomConductances(network.weightCount(), 11);
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
  checkGradient(smallSpec(circuits::SpikeEncoding::Direct));
}

TEST_CASE("spiking network: BPTT matches finite differences, latency encoding", "[circuits]") {
  checkGradient(smallSpec(circuits::SpikeEncoding::Latency));
}

TEST_CASE("spiking network: the native forward run matches the ngspice transient of its deck", "[circuits]") {
  const auto readout = GENERATE(circuits::SpikeReadout::Membrane, circuits::SpikeReadout::SpikeCount);
  const bool counting = readout == circuits::SpikeReadout::SpikeCount;
  const SpikingNetwork network(counting ? countingSpec() : smallSpec(circuits::SpikeEncoding::Latency));
  const std::vector<double> g =
      counting ? excitatoryConductances(network, 5) : randomConductances(network.weightCount(), 5);
  const Eigen::VectorXd features = Eigen::Vector3d(0.5, 0.2, 0.35);
  const circuits::NetworkRun native = network.forward(network.signedWeights(g), features);

  spice::Session session;
  const Eigen::VectorXd ngspice = network.ngspiceOutputs(session, {g, std::nullopt, {}, 2e-4}, features);
  const double relative = (ngspice - native.outputs).norm() / ngspice.norm();
  WARN("outputs, native vs ngspice: relative difference "
       << relative << "; native outputs " << native.outputs.transpose() << "; output spikes "
       << native.outputSpikes[0].size() << "+" << native.outputSpikes[1].size());
  CHECK(native.outputs.cwiseAbs().maxCoeff() > (counting ? 0.5 : 0.01));  // driven outputs, not resting
  CHECK(relative <= 0.01);
}

TEST_CASE("spiking network: BPTT matches finite differences, spike-count readout", "[circuits]") {
  checkGradient(countingSpec(), true);
}

TEST_CASE("spiking network: the spike-count readout counts full spikes", "[circuits]") {
  // One input row straight into two output neurons, driven by rate-coded spikes: each output
  // spike sets the firing device from near 0 to near 1 and it relaxes before the next, so the
  // total rise of its state follows the number of spikes.
  SpikingNetworkSpec spec = smallSpec(circuits::SpikeEncoding::Rate, circuits::SpikeReadout::SpikeCount);
  spec.inputs = 1;
  spec.hidden = {};
  spec.grid = {200, 1e-6, 10};
  spec.spikeVoltage_volt = 1.0;
  spec.biasVoltage_volt = 0.0;
  const SpikingNetwork network(spec);
  std::vector<double> g(network.weightCount(), 1e-6);
  g[network.weight(1, 0, 0)] = 6e-5;  // G⁺ of output 0
  g[network.weight(1, 0, 2)] = 4e-5;  // G⁺ of output 1
  const circuits::NetworkRun run = network.forward(network.signedWeights(g), Eigen::VectorXd::Constant(1, 0.2));
  for (int j = 0; j < 2; ++j) {
    const auto spikes = static_cast<double>(run.outputSpikes[static_cast<std::size_t>(j)].size());
    WARN("output " << j << ": readout " << run.outputs(j) << ", spikes " << spikes);
    CHECK(spikes >= 3);
    CHECK(std::abs(run.outputs(j) - spikes) <= std::max(1.5, 0.2 * spikes));
  }
  CHECK(run.outputs(0) > run.outputs(1));  // the stronger synapse fires more
  CHECK_THROWS_WITH(circuits::parseSpikeReadout("count"), Catch::Contains("membrane or spike_count"));
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
  checkGradient(smallSpec(circuits::SpikeEncoding::Rate));
}
