// The EqProp network's weight sites, its deck for ideal and device weights, and its solution
// against the weighted mean a single-layer network must give.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <variant>

#include "circuits/eqprop_network.h"
#include "devices/model.h"
#include "solver/mna_solver.h"

using namespace memcosim;

namespace {

circuits::EqPropNetworkSpec smallSpec() {
  circuits::EqPropNetworkSpec spec;
  spec.inputs = 2;
  spec.hidden = {3};
  spec.outputs = 2;
  return spec;
}

template <class Kind>
std::size_t countOf(const spice::Netlist& netlist) {
  return static_cast<std::size_t>(std::count_if(netlist.elements().begin(), netlist.elements().end(),
                                                [](const auto& e) { return std::holds_alternative<Kind>(e); }));
}

}  // namespace

TEST_CASE("EqProp network: weight count and sites follow the layers", "[circuits]") {
  const circuits::EqPropNetwork network(smallSpec());
  // Layer 1: (2 inputs × ±) + bias pair = 6 sources to 3 hidden nodes; layer 2: 3 amplified
  // nodes + bias pair = 5 sources to 2 × 2 output nodes.
  REQUIRE(network.weightCount() == 6 * 3 + 5 * 4);
  CHECK(network.layerOf(0) == 1);
  CHECK(network.layerOf(17) == 1);
  CHECK(network.layerOf(18) == 2);
  CHECK(network.sourceNode(0) == "in0p");
  CHECK(network.targetNode(0) == "h1_0");
  CHECK(network.targetNode(network.weightCount() - 1) == "o1n");
  CHECK(network.resistor(5) == "R5");
  CHECK(network.deviceInstance(5) == "X5");
  CHECK(network.stateSource(5) == "v.x5.vstate");
  CHECK(network.inputCount() == 2);
  CHECK(network.outputCount() == 2);
  CHECK(network.outputNodes() == std::vector<std::string>{"o0p", "o0n", "o1p", "o1n"});
  CHECK(network.fixedSource().name == "Vb1p");
  CHECK(network.fixedSource().value == 1.0);
}

TEST_CASE("EqProp network: ideal weights are resistors of 1/G, device weights read views in their states",
          "[circuits]") {
  const circuits::EqPropNetwork network(smallSpec());
  const std::size_t n = network.weightCount();
  std::vector<double> g(n);
  for (std::size_t w = 0; w < n; ++w) g[w] = 1e-6 * static_cast<double>(w + 1);
  const spice::Netlist ideal = network.netlist({g}, {0.2, 0.7});
  CHECK(countOf<spice::Resistor>(ideal) == n);
  CHECK(countOf<spice::SubcircuitInstance>(ideal) == 0);
  for (const auto& element : ideal.elements())
    if (const auto* r = std::get_if<spice::Resistor>(&element); r && r->name == "R4")
      CHECK(r->resistance.number() == Approx(1.0 / 5e-6).epsilon(1e-15));

  const devices::ParameterSet device(devices::ModelRegistry::instance().find("linear-ion-drift"));
  const std::vector<double> states(n, 0.4);
  const spice::Netlist read = network.netlist({{}, circuits::DeviceReadView{&device}, states});
  CHECK(countOf<spice::SubcircuitInstance>(read) == n);
  CHECK(countOf<spice::Resistor>(read) == 0);

  CHECK_THROWS_AS(network.netlist({std::vector<double>(n - 1, 1e-6)}), std::invalid_argument);
  CHECK_THROWS_AS(network.netlist({{}, circuits::DeviceReadView{&device}, std::vector<double>(3, 0.4)}),
                  std::invalid_argument);
  CHECK_THROWS_AS(network.netlist({g}, {0.1}), std::invalid_argument);
  g[7] = 0.0;
  CHECK_THROWS_AS(network.netlist({g}), std::invalid_argument);
}

TEST_CASE("EqProp network: without hidden layers each output node is the conductance-weighted mean of its sources",
          "[circuits]") {
  circuits::EqPropNetworkSpec spec;
  spec.inputs = 2;
  spec.hidden = {};
  spec.outputs = 1;
  const circuits::EqPropNetwork network(spec);
  REQUIRE(network.weightCount() == 6 * 2);
  std::vector<double> g(network.weightCount());
  for (std::size_t w = 0; w < g.size(); ++w) g[w] = 1e-6 * static_cast<double>(1 + (3 * w) % 7);
  const std::vector<double> inputs{0.3, 0.8};
  solver::MnaSolver solver(network.netlist({g}, inputs));
  solver.operatingPoint();
  // Source node voltages: ±x_i and ±V_bias; with the nudge sources at zero, Kirchhoff's
  // current law at an output node gives V = Σ G_s V_s / Σ G_s over the weights into it.
  const auto sourceVoltage = [&](const std::string& node) {
    if (node == "in0p") return inputs[0];
    if (node == "in0n") return -inputs[0];
    if (node == "in1p") return inputs[1];
    if (node == "in1n") return -inputs[1];
    return node == "b1p" ? spec.biasVoltage_volt : -spec.biasVoltage_volt;
  };
  for (const auto& output : network.outputNodes()) {
    double weighted = 0.0, total = 0.0;
    for (std::size_t w = 0; w < g.size(); ++w)
      if (network.targetNode(w) == output) {
        weighted += g[w] * sourceVoltage(network.sourceNode(w));
        total += g[w];
      }
    INFO(output);
    CHECK(solver.voltage(output) == Approx(weighted / total).epsilon(1e-9));
  }
}
