// Tests of devices/parameter_table: one lookup, check, parse and description for every device kind.
#include "devices/parameter_table.h"

#include <catch2/catch.hpp>

#include <vector>

#include "devices/model.h"
#include "devices/pulsed/pulsed_device.h"

using namespace memcosim::devices;

TEST_CASE("parameter table: lookup, range and whole-number checks, parsing", "[devices]") {
  const std::vector<ParameterSpec> table = {{"ron", 100.0, "Ohm", 1e-3, 1e9, "on resistance"},
                                            {"states", 0.0, "1", 0.0, 1e9, "finite states", true}};
  CHECK(findParameter(table, "ron") == &table[0]);
  CHECK(findParameter(table, "roff") == nullptr);
  CHECK(parameterNames(table) == "ron, states");
  CHECK(checkedParameter(table[0], 5.0) == 5.0);
  CHECK_THROWS_WITH(checkedParameter(table[0], -5.0),
                    "parameter 'ron' = -5 is outside its allowed range [0.001, 1e9] Ohm");
  CHECK_THROWS_WITH(checkedParameter(table[1], 2.5, "soft-bounds"),
                    Catch::StartsWith("soft-bounds: parameter 'states' = 2.5 must be a whole number"));
  CHECK(parseParameter(table[0], "10k", memcosim::io::NumberSyntax::SpiceScale) == 1e4);
  CHECK_THROWS_AS(parseParameter(table[0], "10k", memcosim::io::NumberSyntax::Plain), ParameterError);
  CHECK_THROWS_WITH(parseParameter(table[1], "abc", memcosim::io::NumberSyntax::Plain),
                    Catch::Contains("'states'") && Catch::Contains("[0, 1e9]"));
}

TEST_CASE("parameter table: physical models and pulse-level devices are described alike", "[devices]") {
  const std::string model = describeParameters(ModelRegistry::instance().find("mms").parameters);
  const std::string pulsed = pulsed::describePulsedDevice("soft-bounds");
  const std::string header = model.substr(0, model.find('\n'));
  CHECK_THAT(pulsed, Catch::Contains(header));
  CHECK_THAT(pulsed, Catch::Contains("dw_min") && Catch::Contains("whole"));
}
