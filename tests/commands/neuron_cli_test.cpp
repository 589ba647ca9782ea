// Tests for `memcosim neuron`, run as a separate process.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support.h"

namespace fs = std::filesystem;
using memcosim::testing::cli;
using memcosim::testing::readText;
using memcosim::testing::scratch;

TEST_CASE("cli: neuron runs both engines, reports their agreement and writes its files", "[commands]") {
  const fs::path out = scratch() / "neuron";
  const auto outcome = cli("neuron --input spikes --steps 80 --seed 2 --out " + out.string());
  REQUIRE(outcome.exitCode == 0);
  CHECK_THAT(outcome.out, Catch::Contains("agreement: membrane nRMS"));
  for (const char* file : {"neuron.csv", "neuron.cir", "summary.json", "membrane.png", "states.png", "raster.png"})
    CHECK(fs::exists(out / file));
  const auto summary = nlohmann::json::parse(readText(out / "summary.json"));
  CHECK(summary["agreement"]["membrane_nrms"].get<double>() <= 0.02);
  CHECK(summary["agreement"]["spike_count_difference"].get<int>() == 0);
  CHECK(summary["spikes_native"].size() >= 2);
  CHECK(summary["spikes_native"] == summary["spikes_ngspice"]);
  CHECK_THAT(readText(out / "neuron.cir"), Catch::Contains(".tran") && Catch::Contains("threshold_switch_write"));
  fs::remove_all(out);
}

TEST_CASE("cli: neuron refuses bad options by name before writing anything", "[commands]") {
  const fs::path out = scratch() / "neuron-bad";
  const auto tau = cli("neuron --param tau=-1 --out " + out.string());
  CHECK(tau.exitCode != 0);
  CHECK_THAT(tau.err, Catch::Contains("tau"));
  const auto substeps = cli("neuron --substeps 3 --out " + out.string());
  CHECK(substeps.exitCode != 0);
  CHECK_THAT(substeps.err, Catch::Contains("raise substeps"));
  const auto capacitance = cli("neuron --capacitance 0 --out " + out.string());
  CHECK_THAT(capacitance.err, Catch::Contains("capacitance"));
  const auto sigma = cli("neuron --input noise --sigma -1 --out " + out.string());
  CHECK_THAT(sigma.err, Catch::Contains("--sigma"));
  const auto amplitude = cli("neuron --amplitude 1e300 --out " + out.string());
  CHECK(amplitude.exitCode != 0);
  CHECK_FALSE(fs::exists(out));
}
