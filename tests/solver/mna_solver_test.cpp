// The native MNA solver against ngspice: every supported element alone, randomised networks,
// the EqProp networks; in-place changes, warm starts, and refusals that name the element.
#include "solver/mna_solver.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "circuits/eqprop_network.h"
#include "io/random.h"
#include "spice/session.h"

using namespace memcosim;
using spice::Netlist;

namespace {

spice::Session& session() {
  static spice::Session instance;
  return instance;
}

/// Every vector of ngspice's operating point equals the native one: within 1e-9 V (or A), or
/// 1e-7 relative.
void checkAgainstNgspice(const Netlist& netlist) {
  solver::MnaSolver native(netlist);
  const spice::Plot mine = native.operatingPoint();
  session().load(netlist);
  const spice::Plot reference = session().operatingPoint();
  for (const auto& v : mine.vectors) {
    INFO(v.name);
    const double expected = reference.value(v.name);
    CHECK(std::abs(v.real.front() - expected) <= std::max(1e-9, 1e-7 * std::abs(expected)));
  }
}

Netlist withTolerances(Netlist n) {
  n.setOption("reltol", 1e-9);
  n.setOption("vntol", 1e-12);
  n.setOption("abstol", 1e-15);
  return n;
}

}  // namespace

TEST_CASE("native solver: resistors, sources, capacitors and inductors match ngspice", "[solver]") {
  Netlist n("linear");
  n.add(spice::VoltageSource{{"V1", "a", "0", 2.0}});
  n.add(spice::Resistor{"R1", "a", "b", 1e3});
  n.add(spice::Resistor{"R2", "b", "0", 3e3});
  n.add(spice::CurrentSource{{"I1", "b", "0", 1e-4}});
  n.add(spice::Inductor{"L1", "b", "c", 1e-3});
  n.add(spice::Resistor{"R3", "c", "0", 5e3});
  n.add(spice::Capacitor{"C1", "c", "0", 1e-6});
  checkAgainstNgspice(withTolerances(n));
}

TEST_CASE("native solver: controlled sources E, F, G, H match ngspice", "[solver]") {
  Netlist n("controlled");
  n.add(spice::VoltageSource{{"V1", "in", "0", 0.7}});
  n.add(spice::Resistor{"R1", "in", "m", 2e3});
  n.add(spice::VoltageSource{{"Vsense", "m", "k", 0.0}});
  n.add(spice::Resistor{"R2", "k", "0", 1e3});
  n.add(spice::Vcvs{"E1", "e", "0", "in", "k", 3.0});
  n.add(spice::Resistor{"R3", "e", "0", 1e3});
  n.add(spice::Cccs{"F1", "0", "f", "Vsense", 5.0});
  n.add(spice::Resistor{"R4", "f", "0", 1e3});
  n.add(spice::Vccs{"G1", "0", "g", "e", "0", 2e-3});
  n.add(spice::Resistor{"R5", "g", "0", 1e3});
  n.add(spice::Ccvs{"H1", "h", "0", "Vsense", 250.0});
  n.add(spice::Resistor{"R6", "h", "0", 1e3});
  checkAgainstNgspice(withTolerances(n));
}

TEST_CASE("native solver: diodes forward, reverse, with series resistance and area match ngspice", "[solver]") {
  for (double volts : {-2.0, -0.05, 0.3, 0.75, 5.0}) {
    INFO("source " << volts << " V");
    Netlist n("diodes");
    n.add(spice::VoltageSource{{"V1", "a", "0", volts}});
    n.add(spice::Resistor{"R1", "a", "b", 1e3});
    n.add(spice::Diode{"D1", "b", "0", "dplain", std::nullopt});
    n.add(spice::Resistor{"R2", "a", "c", 100.0});
    n.add(spice::Diode{"D2", "c", "0", "dseries", 2.5});
    n.add(spice::Diode{"D3", "0", "c", "dseries", std::nullopt});
    n.addModel(spice::Model{"dplain", "D", {{"is", 1e-12}}});
    n.addModel(spice::Model{"dseries", "D", {{"is", 3e-14}, {"n", 1.7}, {"rs", 12.0}, {"cjo", 1e-12}}});
    checkAgainstNgspice(withTolerances(n));
  }
}

TEST_CASE("native solver: randomised networks match ngspice", "[solver]") {
  std::mt19937_64 rng(7);
  const auto uniform = [](std::mt19937_64& r) { return io::uniform01(r); };
  for (int trial = 0; trial < 20; ++trial) {
    INFO("trial " << trial);
    const int nodes = 4 + trial % 6;
    auto nodeName = [](int k) { return k == 0 ? std::string("0") : "n" + std::to_string(k); };
    Netlist n("random " + std::to_string(trial));
    // A spanning chain keeps every node connected to ground; random extra branches on top.
    for (int k = 1; k <= nodes; ++k)
      n.add(spice::Resistor{"Rc" + std::to_string(k), nodeName(k), nodeName(k - 1), 100.0 + 1e5 * uniform(rng)});
    for (int e = 0; e < 2 * nodes; ++e) {
      const int a = static_cast<int>(uniform(rng) * (nodes + 1)), b = static_cast<int>(uniform(rng) * (nodes + 1));
      if (a == b) continue;
      const double kind = uniform(rng);
      const std::string id = std::to_string(e);
      if (kind < 0.4)
        n.add(spice::Resistor{"R" + id, nodeName(a), nodeName(b), 100.0 + 1e5 * uniform(rng)});
      else if (kind < 0.7)
        n.add(spice::Diode{"D" + id, nodeName(a), nodeName(b), "dm", std::nullopt});
      else if (kind < 0.85)
        n.add(spice::CurrentSource{{"I" + id, nodeName(a), nodeName(b), 1e-3 * (uniform(rng) - 0.5)}});
      else
        n.add(spice::Vccs{"G" + id, nodeName(a), nodeName(b), nodeName(b), nodeName(a), 1e-5 * uniform(rng)});
    }
    n.add(spice::VoltageSource{{"V1", nodeName(nodes), "0", 3.0 * (uniform(rng) - 0.5)}});
    n.addModel(spice::Model{"dm", "D", {{"is", 1e-12}, {"n", 1.0 + uniform(rng)}}});
    checkAgainstNgspice(withTolerances(n));
  }
}

TEST_CASE("native solver: EqProp networks with random weights and inputs match ngspice", "[solver]") {
  std::mt19937_64 rng(3);
  const auto uniform = [](std::mt19937_64& r) { return io::uniform01(r); };
  for (const auto& hidden : {std::vector<int>{5}, std::vector<int>{8, 4}}) {
    circuits::EqPropNetworkSpec spec;
    spec.inputs = 4;
    spec.hidden = hidden;
    spec.outputs = 3;
    const circuits::EqPropNetwork network(spec);
    std::vector<double> g(network.weightCount()), inputs(4);
    for (auto& value : g) value = 1e-7 + (1e-5 - 1e-7) * uniform(rng);
    for (auto& value : inputs) value = 1.2 * uniform(rng);
    checkAgainstNgspice(network.netlist({g}, inputs));
  }
}

TEST_CASE("native solver: changes in place equal a rebuilt netlist, and warm starts need fewer iterations",
          "[solver]") {
  circuits::EqPropNetworkSpec spec;
  const circuits::EqPropNetwork network(spec);
  std::vector<double> g(network.weightCount(), 4e-6);
  std::vector<double> inputs{0.1, 0.5, 0.9, 0.3};
  solver::MnaSolver changed(network.netlist({g}, {0.0, 0.0, 0.0, 0.0}));
  changed.operatingPoint();
  for (int i = 0; i < 4; ++i) {
    changed.setSource(network.inputSource(i, true), inputs[i]);
    changed.setSource(network.inputSource(i, false), -inputs[i]);
  }
  g[3] = 7e-6;
  changed.setResistance(network.resistor(3), 1.0 / g[3]);
  changed.operatingPoint();
  const int cold = changed.iterations();
  solver::MnaSolver rebuilt(network.netlist({g}, inputs));
  rebuilt.operatingPoint();
  for (const auto& node : network.nodes()) CHECK(changed.voltage(node) == Approx(rebuilt.voltage(node)).margin(1e-12));

  // A nudge of a few nanoamperes: from the free solution Newton needs only a step or two.
  changed.setSource(network.nudgeSource(0, true), 1e-8);
  changed.operatingPoint(/*warmStart=*/true);
  CHECK(changed.iterations() < cold);
  CHECK_THROWS_WITH(changed.setSource("Vnone", 1.0), Catch::Contains("Vnone"));
}

TEST_CASE("native solver: the reduced system and the full one give the same operating point", "[solver]") {
  std::mt19937_64 rng(11);
  const auto uniform = [](std::mt19937_64& r) { return io::uniform01(r); };
  circuits::EqPropNetworkSpec spec;
  spec.inputs = 6;
  spec.hidden = {7, 5};
  spec.outputs = 3;
  const circuits::EqPropNetwork network(spec);
  std::vector<double> g(network.weightCount()), inputs(6);
  for (auto& value : g) value = 1e-7 + (1e-5 - 1e-7) * uniform(rng);
  for (auto& value : inputs) value = 1.2 * uniform(rng);
  const Netlist netlist = network.netlist({g}, inputs);
  solver::MnaSolver reduced(netlist), full(netlist);
  full.useReduction(false);
  const spice::Plot a = reduced.operatingPoint(), b = full.operatingPoint();
  CHECK(reduced.reduced());
  CHECK_FALSE(full.reduced());
  // Every vector, the input sources' currents (recovered from their nodes' KCL rows) included.
  REQUIRE(a.vectors.size() == b.vectors.size());
  for (const auto& v : a.vectors) {
    INFO(v.name);
    CHECK(v.real.front() == Approx(b.value(v.name)).margin(1e-12).epsilon(1e-9));
  }
  // In-place changes reach the reduced system: a resistance (rebuilds the elimination) and an
  // input (the fixed nodes' right-hand side) against a rebuilt solver.
  g[5] = 9e-6;
  reduced.setResistance(network.resistor(5), 1.0 / g[5]);
  inputs[2] = 0.05;
  reduced.setSource(network.inputSource(2, true), inputs[2]);
  reduced.setSource(network.inputSource(2, false), -inputs[2]);
  reduced.solve();
  solver::MnaSolver rebuilt(network.netlist({g}, inputs));
  rebuilt.solve();
  for (const auto& node : network.nodes()) CHECK(reduced.voltage(node) == Approx(rebuilt.voltage(node)).margin(1e-12));
}

TEST_CASE("native solver: what it does not implement is an error naming it", "[solver]") {
  Netlist behavioural;
  behavioural.add(spice::VoltageSource{{"V1", "a", "0", 1.0}});
  behavioural.add(
      spice::BehaviouralSource{"B1", "a", "0", spice::BehaviouralSource::Kind::Current, spice::DialectText("v(a)")});
  CHECK_THROWS_WITH(solver::MnaSolver(behavioural), Catch::Contains("B1") && Catch::Contains("behavioural"));
  Netlist expression;
  expression.add(spice::Resistor{"R1", "a", "0", spice::Value::expression("2*r")});
  CHECK_THROWS_WITH(solver::MnaSolver(expression), Catch::Contains("R1"));
  Netlist breakdown;
  breakdown.add(spice::Diode{"D1", "a", "0", "dz", std::nullopt});
  breakdown.addModel(spice::Model{"dz", "D", {{"bv", 5.0}}});
  CHECK_THROWS_WITH(solver::MnaSolver(breakdown), Catch::Contains("'bv'"));
}
