// MEMprop: BPTT training samples per second (native) and ngspice transient seconds per evaluated
// sample for the same spiking network, measured in one run.
//
// The network of examples/memprop_digits.toml (64 inputs, 32 hidden and 10 output memristive
// neurons, 25 steps of 1 µs with 5 Heun substeps, direct encoding) with conductances drawn
// uniformly in [1 µS, 100 µS], on synthetic features in [0, 0.5] V:
//   (native forward)   one sample's forward run (what prediction costs);
//   (native BPTT)      forward run plus the adjoint (one training sample's gradient);
//   (ngspice)          the exported deck's transient in in-process ngspice, per sample.
//
// Usage: memprop_bench [--samples N] [--hidden H] [--steps T] [--substeps S]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>

#include "circuits/spiking_network.h"
#include "io/random.h"
#include "spice/session.h"

using namespace memcosim;
using Clock = std::chrono::steady_clock;

namespace {

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

}  // namespace

int main(int argc, char** argv) {
  int samples = 40, hidden = 32, substeps = 5, steps = 25;
  for (int a = 1; a + 1 < argc; a += 2) {
    if (std::strcmp(argv[a], "--samples") == 0) samples = std::stoi(argv[a + 1]);
    if (std::strcmp(argv[a], "--hidden") == 0) hidden = std::stoi(argv[a + 1]);
    if (std::strcmp(argv[a], "--substeps") == 0) substeps = std::stoi(argv[a + 1]);
    if (std::strcmp(argv[a], "--steps") == 0) steps = std::stoi(argv[a + 1]);
  }
  circuits::SpikingNetworkSpec spec;
  spec.inputs = 64;
  spec.hidden = {hidden};
  spec.outputs = 10;
  spec.grid = {steps, 1e-6, substeps};
  const circuits::SpikingNetwork network(spec);
  std::mt19937_64 random(1);
  std::vector<double> g;
  for (std::size_t w = 0; w < network.weightCount(); ++w) g.push_back(1e-6 + 99e-6 * io::uniform01(random));
  const auto weights = network.signedWeights(g);
  std::vector<Eigen::VectorXd> features;
  for (int n = 0; n < samples; ++n) {
    Eigen::VectorXd x(spec.inputs);
    for (int i = 0; i < spec.inputs; ++i) x(i) = 0.5 * io::uniform01(random);
    features.push_back(x);
  }

  auto start = Clock::now();
  double sink = 0.0;
  for (const auto& x : features) sink += network.forward(weights, x).outputs.sum();
  const double forward = seconds(start) / samples;

  start = Clock::now();
  for (const auto& x : features) {
    const circuits::NetworkRun run = network.forward(weights, x);
    sink += network.backward(weights, x, run, Eigen::VectorXd::Ones(spec.outputs)).sum();
  }
  const double bptt = seconds(start) / samples;

  spice::Session session;
  const int spiceSamples = std::max(1, samples / 4);
  start = Clock::now();
  double difference = 0.0;
  for (int n = 0; n < spiceSamples; ++n) {
    const Eigen::VectorXd outputs = network.ngspiceOutputs(session, {g, std::nullopt, {}, 1e-4}, features[n]);
    difference = std::max(difference, (outputs - network.forward(weights, features[n]).outputs).cwiseAbs().maxCoeff());
  }
  const double ngspice = seconds(start) / spiceSamples;

  fmt::print("memprop network 64-{}-10, {} steps x {} substeps ({} weights)\n", hidden, spec.grid.steps,
             spec.grid.substeps, network.weightCount());
  fmt::print("native forward     {:9.3f} ms/sample  {:8.1f} samples/s\n", forward * 1e3, 1.0 / forward);
  fmt::print("native BPTT        {:9.3f} ms/sample  {:8.1f} training samples/s\n", bptt * 1e3, 1.0 / bptt);
  fmt::print("ngspice transient  {:9.3f} ms/sample  ({} samples; forward minus native forward, largest {:.2e} V)\n",
             ngspice * 1e3, spiceSamples, difference);
  fmt::print("ratios: BPTT / native forward = {:.2f}; ngspice transient / native forward = {:.1f}\n", bptt / forward,
             ngspice / forward);
  return sink == 12345.678 ? 1 : 0;  // keep the runs from being optimised away
}
