// Tests for the typed netlist's validation.
#include "spice/netlist.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace memcosim::spice;

TEST_CASE("Netlist: element names follow SPICE prefix rules", "[spice]") {
  Netlist n;
  CHECK_NOTHROW(n.add(Resistor{"R1", "a", "0", 1e3}));
  CHECK_NOTHROW(n.add(Resistor{"rload_2", "a", "0", 1e3}));
  CHECK_THROWS_WITH(n.add(Resistor{"C2", "a", "0", 1e3}), Catch::Contains("'C2'") && Catch::Contains("'R'"));
  CHECK_THROWS_WITH(n.add(Resistor{"R-3", "a", "0", 1e3}), Catch::Contains("'R-3'"));
  CHECK_THROWS_WITH(n.add(Capacitor{"", "a", "0", 1e-9, {}}), Catch::Contains("'C'"));
  CHECK_THROWS_WITH(n.add(Resistor{"r1", "a", "0", 1e3}), Catch::Contains("defined twice"));
}

TEST_CASE("Netlist: nodes and values are well formed", "[spice]") {
  Netlist n;
  CHECK_THROWS_WITH(n.add(Resistor{"R1", "a b", "0", 1e3}), Catch::Contains("R1") && Catch::Contains("node"));
  CHECK_THROWS_WITH(n.add(Resistor{"R2", "", "0", 1e3}), Catch::Contains("R2"));
  CHECK_THROWS_WITH(n.add(Resistor{"R3", "a", "0", std::numeric_limits<double>::quiet_NaN()}),
                    Catch::Contains("R3") && Catch::Contains("finite"));
  CHECK_THROWS_WITH(n.add(Resistor{"R4", "a", "0", 0.0}), Catch::Contains("zero resistance"));
  CHECK_THROWS_AS(Value::expression("{x}"), NetlistError);
  VoltageSource v{{"V1", "a", "0", 0.0}};
  v.waveform = Pwl{{{0.0, 0.0}, {1e-3, 1.0}, {1e-3, 2.0}}};
  CHECK_THROWS_WITH(n.add(v), Catch::Contains("V1") && Catch::Contains("increase"));
  v.waveform = Pulse{0, 1, -1, 0, 0, 1e-3, 0};
  CHECK_THROWS_WITH(n.add(v), Catch::Contains("negative"));
  CHECK_THROWS_WITH(n.add(Cccs{"F1", "a", "0", "R1", 2.0}), Catch::Contains("voltage source"));
}

TEST_CASE("Netlist: subcircuit pin counts and definitions are checked", "[spice]") {
  Netlist n;
  Subcircuit divider("divider", {"top", "mid", "bottom"}, {{"r", 1e3}});
  divider.add(Resistor{"R1", "top", "mid", Value::expression("r")});
  divider.add(Resistor{"R2", "mid", "bottom", Value::expression("r")});
  n.addSubcircuit(divider);
  n.add(SubcircuitInstance{"X1", {"in", "out", "0"}, "divider", {{"r", 2e3}}});
  CHECK_NOTHROW(n.validate());
  n.add(SubcircuitInstance{"X2", {"in", "out"}, "divider", {}});
  CHECK_THROWS_WITH(n.validate(), Catch::Contains("X2") && Catch::Contains("3 pins but 2 nodes"));

  Netlist m;
  m.add(SubcircuitInstance{"X1", {"a", "0"}, "nowhere", {}});
  CHECK_THROWS_WITH(m.validate(), Catch::Contains("X1") && Catch::Contains("'nowhere' is not defined"));
  m.addInclude("/some/library.lib");  // may define it: no longer an error
  CHECK_NOTHROW(m.validate());

  CHECK_THROWS_AS(Subcircuit("s", {"a", "A"}), NetlistError);
  CHECK_THROWS_AS(n.addSubcircuit(Subcircuit("DIVIDER", {"a"})), NetlistError);
}

TEST_CASE("Netlist: current-controlled sources need their controlling source", "[spice]") {
  Netlist n;
  n.add(VoltageSource{{"Vsense", "a", "b", 0.0}});
  n.add(Cccs{"F1", "c", "0", "Vsense", 2.0});
  CHECK_NOTHROW(n.validate());
  n.add(Ccvs{"H1", "d", "0", "Vmissing", 1e3});
  CHECK_THROWS_WITH(n.validate(), Catch::Contains("H1") && Catch::Contains("Vmissing"));
}

TEST_CASE("Netlist: directives are validated", "[spice]") {
  Netlist n;
  CHECK_THROWS_AS(n.addAnalysis(TransientAnalysis{0.0, 1e-3}), NetlistError);
  CHECK_THROWS_AS(n.addAnalysis(DcSweepAnalysis{"V1", 0, 1, -0.1}), NetlistError);
  CHECK_THROWS_AS(n.addParameter("2x", 1.0), NetlistError);
  n.addParameter("gain", 2.0);
  CHECK_THROWS_WITH(n.addParameter("GAIN", 3.0), Catch::Contains("twice"));
  CHECK_THROWS_AS(n.addPrint("noise", {"v(1)"}), NetlistError);
  CHECK_THROWS_AS(n.setOption("reltol", std::numeric_limits<double>::infinity()), NetlistError);
  CHECK_THROWS_AS(n.addModel(Model{"d1", "D", {{"is", 1e-14}, {"IS", 1e-15}}}), NetlistError);
}

TEST_CASE("Netlist: element traits give every type its prefix and its nodes in card order", "[spice]") {
  using Nodes = std::vector<std::string>;
  const Element vcvs = Vcvs{"E1", "p", "n", "cp", "cn", 2.0};
  const Element cccs = Cccs{"F1", "p", "n", "Vsense", 2.0};
  const Element diode = Diode{"D1", "a", "k", "dm", std::nullopt};
  const Element instance = SubcircuitInstance{"X1", {"a", "b", "c"}, "cell", {}};
  const Element source = CurrentSource{{"I1", "p", "n", 1e-3}};
  CHECK(elementPrefix(vcvs) == 'E');
  CHECK(elementNodes(vcvs) == Nodes{"p", "n", "cp", "cn"});
  CHECK(elementPrefix(cccs) == 'F');
  CHECK(elementNodes(cccs) == Nodes{"p", "n"});
  CHECK(elementPrefix(diode) == 'D');
  CHECK(elementNodes(diode) == Nodes{"a", "k"});
  CHECK(elementPrefix(instance) == 'X');
  CHECK(elementNodes(instance) == Nodes{"a", "b", "c"});
  CHECK(elementPrefix(source) == 'I');
  CHECK(elementNodes(source) == Nodes{"p", "n"});
}
