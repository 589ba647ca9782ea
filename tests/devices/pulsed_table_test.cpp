// Tests for the conductance-table pulsed device and its CSV parser.
#include "devices/pulsed/table_device.h"

#include <catch2/catch.hpp>

#include "support.h"

#include <filesystem>
#include <fstream>

using namespace memcosim::devices::pulsed;

TEST_CASE("pulsed table: up then down pulses reproduce the table", "[devices]") {
  const memcosim::testing::TemporaryFolder folder("pulsed_table");
  const auto path = folder / "table.csv";
  std::ofstream(path) << "pulse,phase,conductance\n0,ltp,1e-6\n1,ltp,4e-6\n2,ltp,6e-6\n3,ltp,7e-6\n"
                         "0,ltd,7e-6\n1,ltd,3e-6\n2,ltd,1.5e-6\n3,ltd,1e-6\n";
  auto device = makePulsedDevice("table", "file=" + path.string(), 0);
  Rng rng(1);
  std::vector<double> up = {device->weight()};
  for (int k = 0; k < 4; ++k) {
    device->pulse(+1, rng);
    up.push_back(device->weight());
  }
  CHECK(up == std::vector<double>{1e-6, 4e-6, 6e-6, 7e-6, 7e-6});
  std::vector<double> down;
  for (int k = 0; k < 4; ++k) {
    device->pulse(-1, rng);
    down.push_back(device->weight());
  }
  CHECK(down == std::vector<double>{3e-6, 1.5e-6, 1e-6, 1e-6});
  std::filesystem::remove(path);
}

TEST_CASE("pulsed table: two-column form shares levels, and start at max", "[devices]") {
  const ConductanceTable table = parseConductanceTable("pulse,conductance\n0,1\n1,2\n2,3\n", "t.csv");
  TableDevice device(table, memcosim::devices::Variation{}, 0, true);
  Rng rng(1);
  CHECK(device.weight() == 3.0);
  device.pulse(-1, rng);
  CHECK(device.weight() == 2.0);
}

TEST_CASE("pulsed table: errors name file, line and field", "[devices]") {
  CHECK_THROWS_WITH(parseConductanceTable("pulse,conductance\n0,1\n1,x\n", "g.csv"),
                    Catch::Contains("g.csv:3") && Catch::Contains("'conductance'"));
  CHECK_THROWS_WITH(parseConductanceTable("pulse,phase,conductance\n0,up,1\n", "g.csv"),
                    Catch::Contains("g.csv:2") && Catch::Contains("'phase'"));
  CHECK_THROWS_WITH(parseConductanceTable("time,g\n", "g.csv"), Catch::Contains("g.csv:1"));
  CHECK_THROWS_WITH(parseConductanceTable("pulse,conductance\n0,1,2\n", "g.csv"), Catch::Contains("g.csv:2"));
  CHECK_THROWS_WITH(makePulsedDevice("table", "file=/no/such.csv", 0), Catch::Contains("/no/such.csv"));
  CHECK_THROWS_WITH(makePulsedDevice("table", "dw_min=0.1", 0), Catch::Contains("'dw_min'"));
}
