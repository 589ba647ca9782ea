// The memprop training method: exact resume, device weights written by pulses, the ngspice
// check of summary.json, and config errors that name the field.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "commands/train_command.h"
#include "resume_helpers.h"
#include "support.h"

using namespace memcosim;
using memcosim::testing::readText;
using memcosim::testing::TemporaryFolder;

namespace {

std::string mempropConfig(const std::string& snnExtra = "", const std::string& weights = "g_min = 1e-6\ng_max = 1e-4\n",
                          int epochs = 3) {
  return "seed = 5\nmethod = \"memprop\"\n[data]\ndataset = \"iris\"\ninput_high = 0.5\n[snn]\nhidden = [4]\nsteps = "
         "10\n" +
         snnExtra + "[weights]\n" + weights + "[training]\nepochs = " + std::to_string(epochs) +
         "\noptimizer = \"adam\"\nlearning_rate = 0.01\ntemperature = 0.01\n";
}

}  // namespace

TEST_CASE("memprop: a run stopped after an epoch resumes exactly, and is checked in ngspice", "[learning]") {
  const auto config = commands::parseTrainConfig(mempropConfig("encoding = \"latency\"\n"), "memprop.toml");
  const TemporaryFolder folder("memprop_resume");
  const auto whole = folder / "whole";
  const auto [a, b] = memcosim::testing::wholeAndResumed(config, folder.path());
  CHECK(a.at("weights") == b.at("weights"));
  CHECK(a.at("history") == b.at("history"));
  const auto check = nlohmann::json::parse(readText(whole / "summary.json")).at("ngspice_check");
  CHECK(check.at("samples").get<int>() == 30);
  CHECK(check.at("class_agreement").get<double>() >= 0.9);
  CHECK(check.at("largest_output_difference").get<double>() < 1e-3);
  CHECK_FALSE(std::filesystem::exists(whole / "network_frozen.cir"));  // gnucap has no threshold switch
  CHECK(std::filesystem::exists(whole / "network.cir"));
}

TEST_CASE("memprop: device weights are written by programming pulses through the model", "[learning]") {
  const auto config = commands::parseTrainConfig(mempropConfig("", "device = \"vteam\"\nratio = 10\ng_max = 1e-4\n", 1),
                                                 "memprop.toml");
  const TemporaryFolder folder("memprop_device");
  const auto summary = commands::train(config, folder / "run", false);
  CHECK(summary.pulses > 0);
  CHECK(summary.writes.has_value());
  CHECK(summary.testAccuracy > 0.0);
}

TEST_CASE("memprop: config errors name file, line and field", "[learning]") {
  const auto refused = [](const std::string& extra, const std::string& field) {
    CHECK_THROWS_WITH(commands::parseTrainConfig(mempropConfig(extra), "m.toml"),
                      Catch::Contains("m.toml:") && Catch::Contains(field));
  };
  refused("encoding = \"poisson\"\n", "snn.encoding");
  refused("substeps = 3\n", "snn.substeps");
  refused("latency_width = 2\n", "snn.latency_width");
  refused("encoding = \"latency\"\nlatency_width = 11\n", "snn.latency_width");
  refused("[snn.neuron]\ntau = -1\n", "snn.neuron.tau");
  refused("[snn.neuron]\nvon = 0.001\n", "voff < von");
  refused("[snn.neuron]\ntaux = 1\n", "snn.neuron.taux");
  refused("output_transresistance = 0\n", "snn.output_transresistance");
  refused("readout = \"rate\"\n", "snn.readout");
  refused("count_width = 0.1\n", "snn.count_width");  // the membrane readout has no width
  refused("readout = \"spike_count\"\ncount_width = 0\n", "snn.count_width");
  refused("program_device = \"soft-bounds\"\n", "snn.program_device");
  // Refused before training starts, not after it.
  const auto both = commands::parseTrainConfig(
      mempropConfig("program_device = \"vteam\"\n", "device = \"vteam\"\nratio = 10\ng_max = 1e-4\n"), "m.toml");
  const TemporaryFolder folder("memprop_both");
  CHECK_THROWS_WITH(commands::train(both, folder / "run", false),
                    Catch::Contains("m.toml") && Catch::Contains("program_device") && Catch::Contains("vteam"));
  CHECK_FALSE(std::filesystem::exists(folder / "run"));
}
