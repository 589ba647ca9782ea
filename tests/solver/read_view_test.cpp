// Memristor read views in the native solver against ngspice: every physical model alone under a
// source sweep at several states, EqProp networks with device weights, and what is refused.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "circuits/eqprop_network.h"
#include "devices/model_views.h"
#include "devices/native_device.h"
#include "io/random.h"
#include "programming/weight_models.h"
#include "solver/mna_solver.h"
#include "spice/session.h"

using namespace memcosim;

namespace {

spice::Session& session() {
  static spice::Session instance;
  return instance;
}

/// |native − ngspice| within 1e-9 V or 1e-7 relative (voltages); within 1e-7 relative or 1e-15 A
/// (currents).
void checkVectors(const spice::Plot& mine, const spice::Plot& reference) {
  for (const auto& v : mine.vectors) {
    INFO(v.name);
    const double expected = reference.value(v.name);
    const double floor = v.name.rfind("i(", 0) == 0 ? 1e-15 : 1e-9;
    CHECK(std::abs(v.real.front() - expected) <= std::max(floor, 1e-7 * std::abs(expected)));
  }
}

spice::Netlist tightened(spice::Netlist n) {
  n.setOption("reltol", 1e-9);
  n.setOption("vntol", 1e-12);
  n.setOption("abstol", 1e-15);
  n.setOption("itl1", 500);
  return n;
}

}  // namespace

TEST_CASE("read views: every physical model alone matches ngspice under a source sweep", "[solver]") {
  for (const auto& name : programming::weightModelNames()) {
    const auto device = programming::fitWindow(name, 1e5, 100.0);
    const auto& model = device.parameters.model();
    const devices::NativeDevice compiled(device.parameters);
    // V1 drives the device through a resistor of its mid-window resistance, so the device
    // voltage is solved for, not imposed.
    const double xMid = 0.5 * (device.xOn + device.xOff);
    spice::Netlist n("read view of " + name);
    n.add(spice::VoltageSource{{"V1", "in", "0", 0.0}});
    n.add(spice::Resistor{"R1", "in", "p", compiled.resistance(xMid)});
    n.addSubcircuit(devices::readView(model, "dut_read"));
    spice::ParameterList parameters = devices::instanceParameters(device.parameters.values());
    parameters.emplace_back("x", xMid);
    n.add(spice::SubcircuitInstance{"X1", {"p", "0"}, "dut_read", parameters});
    const spice::Netlist netlist = tightened(n);
    solver::MnaSolver native(netlist);
    session().load(netlist);
    const std::string stateSource = devices::readViewStateSource("X1");
    const double amplitude = model.characterisation.amplitude_volt;
    for (const double fraction : {0.0, 0.3, 0.7, 1.0}) {
      const double x = device.xOff + fraction * (device.xOn - device.xOff);
      native.setSource(stateSource, x);
      session().alter(stateSource, x);
      for (int k = -4; k <= 4; ++k) {
        const double v = amplitude * k / 4.0;
        INFO(name << ": state " << x << ", source " << v << " V");
        native.setSource("V1", v);
        session().alter("V1", v);
        checkVectors(native.operatingPoint(/*warmStart=*/true), session().operatingPoint());
      }
    }
  }
}

TEST_CASE("read views: EqProp networks with device weights match ngspice at random states and inputs", "[solver]") {
  std::mt19937_64 rng(5);
  for (const std::string name : {"mms", "stanford-pku", "linear-ion-drift"}) {
    const auto device = programming::fitWindow(name, 1e5, 100.0);
    circuits::EqPropNetworkSpec spec;
    spec.hidden = {5};
    const circuits::EqPropNetwork network(spec);
    for (int trial = 0; trial < 3; ++trial) {
      circuits::WeightValues values{{}, circuits::DeviceReadView{&device.parameters}, {}};
      for (std::size_t w = 0; w < network.weightCount(); ++w)
        values.states.push_back(device.xOff + io::uniform01(rng) * (device.xOn - device.xOff));
      std::vector<double> inputs(4);
      for (auto& value : inputs) value = 1.2 * io::uniform01(rng);
      const spice::Netlist netlist = network.netlist(values, inputs);
      solver::MnaSolver native(netlist);
      session().load(netlist);
      INFO(name << ", trial " << trial);
      checkVectors(native.operatingPoint(), session().operatingPoint());
      CHECK(native.reduced());  // the read views' nodes and the sense sources at them are the nonlinear unknowns

      // New states through the state sources, as a weight bank writes them.
      for (std::size_t w = 0; w < network.weightCount(); w += 3) {
        const double x = device.xOff + io::uniform01(rng) * (device.xOn - device.xOff);
        native.setSource(network.stateSource(w), x);
        session().alter(network.stateSource(w), x);
      }
      checkVectors(native.operatingPoint(/*warmStart=*/true), session().operatingPoint());
      CHECK(native.reduced());
    }
  }
}

TEST_CASE("read views: other subcircuits and bad instance parameters are errors naming them", "[solver]") {
  spice::Netlist other("other subcircuit");
  spice::Subcircuit divider("divider", {"a", "b"});
  divider.add(spice::Resistor{"R1", "a", "b", 1e3});
  other.addSubcircuit(divider);
  other.add(spice::VoltageSource{{"V1", "in", "0", 1.0}});
  other.add(spice::SubcircuitInstance{"X7", {"in", "0"}, "divider", {}});
  CHECK_THROWS_WITH(solver::MnaSolver(other), Catch::Contains("X7") && Catch::Contains("divider"));

  const auto& model = devices::ModelRegistry::instance().find("mms");
  spice::Netlist unknown("unknown parameter");
  unknown.addSubcircuit(devices::readView(model, "mms_read"));
  unknown.add(spice::VoltageSource{{"V1", "in", "0", 1.0}});
  unknown.add(spice::SubcircuitInstance{"X3", {"in", "0"}, "mms_read", {{"m_nonsense", 1.0}}});
  CHECK_THROWS_WITH(solver::MnaSolver(unknown), Catch::Contains("X3") && Catch::Contains("m_nonsense"));
}
