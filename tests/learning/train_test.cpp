// memcosim train end to end: learning, checkpoints and resume, the exported deck, config errors.
// Like every test program here, run through CTest: each test case is its own process, since
// ngspice allows one session per process.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands/train_command.h"
#include "commands/training_run.h"
#include "io/config.h"
#include "spice/printer.h"
#include "support.h"
#include "test_session.h"

using namespace memcosim;
namespace fs = std::filesystem;

namespace {

using memcosim::testing::commandOutput;
using memcosim::testing::readText;

const char* kTinyIris = R"(seed = 3
[data]
dataset = "iris"
[network]
hidden = [6]
[weights]
g_min = 1e-7
g_max = 1e-5
[training]
epochs = 3
batch_size = 10
learning_rate = 0.05
beta = 1e-7
)";

fs::path freshDirectory(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("memcosim_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

/// Values of a `.print dc` table from ngspice -b output: name → value of row 0.
std::map<std::string, double> printedValues(const std::string& output) {
  std::map<std::string, double> values;
  std::istringstream in(output);
  std::string line;
  std::vector<std::string> names;
  while (std::getline(in, line)) {
    if (line.rfind("Index", 0) == 0) {
      std::istringstream header(line);
      names.clear();
      std::string name;
      while (header >> name) names.push_back(name);
    } else if (!names.empty() && line.rfind("0\t", 0) == 0) {
      std::istringstream row(line);
      for (const auto& name : names) {
        double v = 0;
        row >> v;
        values[name] = v;
      }
      names.clear();
    }
  }
  return values;
}

}  // namespace

TEST_CASE("train: an ideal-conductance Iris network learns within a few epochs") {
  auto config = commands::parseTrainConfig(kTinyIris, "tiny.toml");
  config.epochs = 15;
  config.network.hidden = {10};
  commands::TrainingRun run(config, testSession());
  const double before = run.trainer().accuracy(run.trainer().test());
  for (int e = 0; e < config.epochs; ++e) run.trainer().runEpoch();
  INFO("test accuracy before " << before << ", after " << run.trainer().history().back().testAccuracy);
  CHECK(run.trainer().history().back().testAccuracy >= 0.9);
  CHECK(run.trainer().history().back().trainLoss < run.trainer().history().front().trainLoss);
}

TEST_CASE("train: the exported network.cir gives the in-process outputs in plain ngspice -b") {
  if (commandOutput("command -v ngspice").empty()) {
    WARN("ngspice is not on PATH; skipped");
    return;
  }
  const auto config = commands::parseTrainConfig(kTinyIris, "tiny.toml");
  commands::TrainingRun run(config, testSession());
  run.trainer().runEpoch();
  const auto& test = run.trainer().test();
  const fs::path dir = freshDirectory("export");
  fs::create_directories(dir);
  for (Eigen::Index r = 0; r < 3; ++r) {
    const Eigen::RowVectorXd row = test.inputs.row(r);
    const auto deck = commands::exportNetwork(run.network(), run.weights(), {row.data(), row.data() + row.size()});
    const fs::path file = dir / ("network_" + std::to_string(r) + ".cir");
    std::ofstream(file) << spice::print(deck, spice::Dialect::Ngspice);
    const auto printed = printedValues(commandOutput("ngspice -b " + file.string() + " 2>&1"));
    run.solver().setInputs(row.transpose());
    const auto free = run.solver().freePhase();
    for (int k = 0; k < run.network().spec().outputs; ++k) {
      const std::string p = "v(" + run.network().outputNode(k, true) + ")";
      const std::string n = "v(" + run.network().outputNode(k, false) + ")";
      REQUIRE(printed.count(p) == 1);
      REQUIRE(printed.count(n) == 1);
      CHECK(std::abs(printed.at(p) - printed.at(n) - free.outputs(k)) <= 1e-6);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("train: --resume after an interruption ends exactly where an uninterrupted run does") {
  const auto config = commands::parseTrainConfig(kTinyIris, "tiny.toml");
  const fs::path whole = freshDirectory("whole"), broken = freshDirectory("broken");
  const auto wholeSummary = commands::train(config, whole, false);
  struct Interrupted {};
  CHECK_THROWS_AS(commands::train(config, broken, false,
                                  [](const learning::EpochRecord& r, double) {
                                    if (r.epoch == 1) throw Interrupted{};
                                  }),
                  Interrupted);
  CHECK_FALSE(fs::exists(broken / "summary.json"));  // no final output from an interrupted run
  CHECK(fs::exists(broken / "checkpoint.json"));
  CHECK_THROWS_WITH(commands::train(config, broken, false), Catch::Contains("--resume"));
  const auto resumed = commands::resume(broken, false);
  CHECK(resumed.epochs == 3);
  CHECK(resumed.testAccuracy == wholeSummary.testAccuracy);
  const auto a = nlohmann::json::parse(readText(whole / "checkpoint.json"));
  const auto b = nlohmann::json::parse(readText(broken / "checkpoint.json"));
  CHECK(a.at("weights") == b.at("weights"));
  CHECK(a.at("history") == b.at("history"));
  CHECK(readText(whole / "history.csv") == readText(broken / "history.csv"));
  const auto summary = nlohmann::json::parse(readText(whole / "summary.json"));
  for (const char* key : {"test_accuracy", "train_accuracy", "epochs", "seconds", "pulses"})
    CHECK(summary.contains(key));
  CHECK(readText(whole / "history.csv").rfind("epoch,train_loss,train_accuracy,test_accuracy\n", 0) == 0);
  CHECK(fs::exists(whole / "network.cir"));
  fs::remove_all(whole);
  fs::remove_all(broken);
}

TEST_CASE("train: config errors name the file, line and field") {
  CHECK_THROWS_WITH(commands::parseTrainConfig("[training]\nlearning_rate = -1\n", "bad.toml"),
                    Catch::Contains("bad.toml:2") && Catch::Contains("training.learning_rate") &&
                        Catch::Contains("outside the allowed range"));
  CHECK_THROWS_WITH(
      commands::parseTrainConfig("seed = 1\n[network]\nhiden = [3]\n", "typo.toml"),
      Catch::Contains("typo.toml:3") && Catch::Contains("network.hiden") && Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(commands::parseTrainConfig("[training]\nloss = \"hinge\"\n", "loss.toml"),
                    Catch::Contains("loss.toml:2") && Catch::Contains("cross-entropy"));
  CHECK_THROWS_WITH(commands::parseTrainConfig("[data\n", "syntax.toml"), Catch::Contains("syntax.toml:1"));
  CHECK_THROWS_WITH(commands::parseTrainConfig("[training]\nlearning_rate_decay = 1.5\n", "decay.toml"),
                    Catch::Contains("decay.toml:2") && Catch::Contains("training.learning_rate_decay"));
  CHECK_THROWS_AS(commands::parseTrainConfig("[data]\ndataset = \"no-such-set\"\n", "x.toml"), io::ConfigError);
}
