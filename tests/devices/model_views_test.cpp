// Tests of the generated views (src/devices/model_views.cpp): subcircuits, .lib text, Verilog-A.
#include <catch2/catch.hpp>

#include "support.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "devices/model_views.h"
#include "devices/native_device.h"
#include "spice/printer.h"
#include "spice/session.h"

namespace memcosim::devices {
namespace {
const ModelDefinition& linearModel() { return ModelRegistry::instance().find("linear-ion-drift"); }

std::string printed(const spice::Subcircuit& sub) {
  spice::Netlist netlist("views");
  netlist.addSubcircuit(sub);
  return spice::print(netlist, spice::Dialect::Ngspice);
}
}  // namespace

TEST_CASE("writeView: pins, prefixed parameters, x0 and the state integrator", "[devices]") {
  const spice::Subcircuit sub = writeView(linearModel(), "lid");
  CHECK(sub.pins() == std::vector<std::string>{"p", "n"});
  const std::string text = printed(sub);
  CHECK_THAT(text, Catch::Contains(".subckt lid p n params:"));
  CHECK_THAT(text, Catch::Contains("m_ron=100"));
  CHECK_THAT(text, Catch::Contains("x0=0.1"));
  CHECK_THAT(text, Catch::Contains("Cstate u 0 1 IC=0"));
  CHECK_THAT(text, Catch::Contains("Bport p n I="));
  CHECK_THAT(text, Catch::Contains("Bx x 0 V="));
  spice::Netlist xyce("views");
  xyce.addSubcircuit(sub);
  CHECK_THAT(spice::print(xyce, spice::Dialect::Xyce), Catch::Contains("Bport p n I={"));
}

TEST_CASE("heldStateRate: zero where the rate pushes the state out of bounds", "[devices]") {
  ParameterSet parameters(linearModel());
  parameters.set("window", 0.0);
  NativeDevice device(parameters);
  CHECK(device.stateRate(1.0, 1.0) == 0.0);   // at x_max pushing up
  CHECK(device.stateRate(-1.0, 1.0) < 0.0);   // at x_max moving down
  CHECK(device.stateRate(-1.0, 0.0) == 0.0);  // at x_min pushing down
  CHECK(device.stateRate(1.0, 0.0) > 0.0);    // at x_min moving up
}

TEST_CASE("readView: the operating point current at a held state", "[devices]") {
  spice::Netlist netlist("read view");
  netlist.addSubcircuit(readView(linearModel(), readViewName(linearModel())));
  spice::VoltageSource source;
  source.name = "V1";
  source.positive = "a";
  source.negative = "0";
  source.dc = 0.5;
  netlist.add(source);
  netlist.add(spice::SubcircuitInstance{"X1", {"a", "0"}, readViewName(linearModel()), {{"x", 0.3}, {"m_roff", 20e3}}});
  spice::Session session;
  session.load(netlist);
  const spice::Plot op = session.operatingPoint();
  CHECK(-op.value("i(v1)") == Approx(0.5 / (100 * 0.3 + 20e3 * 0.7)).epsilon(1e-9));
  CHECK(readViewStateSource("X1") == "v.x1.vstate");
  session.alter(readViewStateSource("X1"), 0.9);  // a new state without reloading
  CHECK(-session.operatingPoint().value("i(v1)") == Approx(0.5 / (100 * 0.9 + 20e3 * 0.1)).epsilon(1e-9));
}

TEST_CASE("ngspiceLibrary: an includable file holding both views", "[devices]") {
  const ModelDefinition& model = linearModel();
  const std::string text = ngspiceLibrary(model);
  CHECK_THAT(text, Catch::Contains(".subckt linear_ion_drift_write p n"));
  CHECK_THAT(text, Catch::Contains(".subckt linear_ion_drift_read p n"));
  CHECK_THAT(text, !Catch::Contains("\n.end\n"));

  const memcosim::testing::TemporaryFolder folder("model_lib");
  const auto file = folder / "model.lib";
  std::ofstream(file) << text;
  spice::Netlist netlist("library include");
  netlist.addInclude(file.string());
  spice::VoltageSource source;
  source.name = "V1";
  source.positive = "a";
  source.negative = "0";
  source.dc = 1.0;
  netlist.add(source);
  netlist.add(spice::SubcircuitInstance{"X1", {"a", "0"}, "linear_ion_drift_read", {{"x", 1.0}}});
  spice::Session session;
  session.load(netlist);
  CHECK(-session.operatingPoint().value("i(v1)") == Approx(1.0 / 100.0).epsilon(1e-9));
}

TEST_CASE("verilogA: a module with ranged parameters and an integrated state", "[devices]") {
  const std::string text = verilogA(linearModel());
  CHECK_THAT(text, Catch::Contains("`include \"disciplines.vams\""));
  CHECK_THAT(text, Catch::Contains("module linear_ion_drift(p, n);"));
  CHECK_THAT(text, Catch::Contains("parameter real m_ron = 100.0 from [0.001:1"));
  CHECK_THAT(text, Catch::Contains("V(x) <+ idt(rate, x0);"));
  CHECK_THAT(text, Catch::Contains("endmodule"));
}

}  // namespace memcosim::devices
