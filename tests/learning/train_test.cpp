// memcosim train end to end: learning, checkpoints and resume, the exported deck, config errors.
// Like every test program here, run through CTest: each test case is its own process, since
// ngspice allows one session per process.
#include <catch2/catch.hpp>

#include <regex>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "commands/train_command.h"
#include "commands/training_run.h"
#include "data/idx_files.h"
#include "io/config.h"
#include "resume_helpers.h"
#include "spice/printer.h"
#include "support.h"
#include "test_session.h"

using namespace memcosim;
namespace fs = std::filesystem;

namespace {

using memcosim::testing::trainOneEpoch;
using memcosim::testing::wholeAndResumed;

using memcosim::testing::commandOutput;
using memcosim::testing::readText;
using memcosim::testing::TemporaryFolder;

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

/// What --resume says about a copy of `run` changed by `edit` ("" if it resumes).
std::string resumeError(const fs::path& run, const fs::path& copy, const std::function<void(const fs::path&)>& edit) {
  fs::copy(run, copy, fs::copy_options::recursive);
  edit(copy);
  try {
    commands::resume(copy, false);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

/// Rewrites a run folder's checkpoint through `change`.
std::function<void(const fs::path&)> editCheckpoint(const std::function<void(nlohmann::json&)>& change) {
  return [change](const fs::path& run) {
    auto json = nlohmann::json::parse(readText(run / "checkpoint.json"));
    change(json);
    std::ofstream(run / "checkpoint.json") << json.dump();
  };
}

std::function<void(const fs::path&)> editConfig(const std::string& from, const std::string& to) {
  return [from, to](const fs::path& run) {
    std::string text = readText(run / "config.toml");
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    std::ofstream(run / "config.toml") << text;
  };
}

bool printableAscii(const std::string& text) {
  for (const char c : text)
    if (c < 0x20 || c >= 0x7f) return false;
  return true;
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
  std::string text = kTinyIris;
  text.replace(text.find("hidden = [6]"), 12, "hidden = [10]");
  auto config = commands::parseTrainConfig(text, "tiny.toml");
  config.epochs = 15;
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
  // EqProp, and a crossbar whose standalone deck chains its arrays through behavioural activations.
  auto crossbar = commands::readTrainConfig(std::string(MEMCOSIM_EXAMPLES) + "/crossbar_iris.toml");
  crossbar.epochs = 1;
  crossbar.checkEvery = 0;
  for (const auto& config : {commands::parseTrainConfig(kTinyIris, "tiny.toml"), crossbar}) {
    INFO(config.method->name());
    commands::TrainingRun run(config, testSession());
    run.trainer().runEpoch();
    const auto& test = run.trainer().test();
    const TemporaryFolder folder("export");
    const fs::path& dir = folder.path();
    const auto nodes = run.circuit().outputNodes();
    for (Eigen::Index r = 0; r < 3; ++r) {
      const Eigen::RowVectorXd row = test.inputs.row(r);
      const auto deck = commands::exportNetwork(run.circuit(), run.weights(), {row.data(), row.data() + row.size()});
      const fs::path file = dir / ("network_" + std::to_string(r) + ".cir");
      std::ofstream(file) << spice::print(deck, spice::Dialect::Ngspice);
      const auto printed = printedValues(commandOutput("ngspice -b " + file.string() + " 2>&1"));
      const Eigen::VectorXd outputs = run.estimator().predict(row.transpose());
      for (Eigen::Index k = 0; k < outputs.size(); ++k) {
        const std::string p = "v(" + nodes[static_cast<std::size_t>(2 * k)] + ")";
        const std::string n = "v(" + nodes[static_cast<std::size_t>(2 * k + 1)] + ")";
        REQUIRE(printed.count(p) == 1);
        REQUIRE(printed.count(n) == 1);
        CHECK(std::abs(printed.at(p) - printed.at(n) - outputs(k)) <= 1e-6 * std::max(1.0, std::abs(outputs(k))));
      }
    }
  }
}

TEST_CASE("train: --resume after an interruption ends exactly where an uninterrupted run does") {
  const auto config = commands::parseTrainConfig(kTinyIris, "tiny.toml");
  const TemporaryFolder folder("resume");
  const fs::path whole = folder / "whole", broken = folder / "broken";
  const auto wholeSummary = commands::train(config, whole, false);
  trainOneEpoch(config, broken);
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
}

TEST_CASE("train: a device-weight run resumed after an interruption ends bit for bit where an uninterrupted run does") {
  // Nonlinear devices with variation: many devices get no pulse in an epoch, so the values the
  // circuit holds for them come from the deck, not from `alter`.
  std::string text = kTinyIris;
  text.replace(text.find("g_min = 1e-7\n"), 13,
               "device = \"nonlinear-ion-drift\"\nratio = 10\ndevice_to_device = 0.1\ncycle_to_cycle = 0.1\n");
  text.replace(text.find("hidden = [6]"), 12, "hidden = [10]");
  const auto config = commands::parseTrainConfig(text, "device.toml");
  const TemporaryFolder folder("device_resume");
  const auto [a, b] = wholeAndResumed(config, folder.path());
  CHECK(a.at("weights").at("pulses") == b.at("weights").at("pulses"));
  CHECK(a.at("weights").at("states") == b.at("weights").at("states"));
  CHECK(a.at("weights").at("residuals") == b.at("weights").at("residuals"));
  CHECK(a.at("weights").at("accounts") == b.at("weights").at("accounts"));
  CHECK(a.at("history") == b.at("history"));

  // summary.json's programming totals are the sums of the per-device accounts.
  const auto summary = nlohmann::json::parse(readText(folder / "whole" / "summary.json"));
  const auto& totals = summary.at("programming");
  const auto& accounts = a.at("weights").at("accounts");
  std::int64_t pulses = 0, writes = 0;
  double energy = 0.0, time = 0.0;
  for (std::size_t w = 0; w < accounts.at("pulses").size(); ++w) {
    pulses += accounts.at("pulses")[w].get<std::int64_t>();
    writes += accounts.at("writes")[w].get<std::int64_t>();
    energy += accounts.at("energy_joule")[w].get<double>();
    time += accounts.at("time_seconds")[w].get<double>();
  }
  CHECK(pulses > 0);
  CHECK(totals.at("pulses").get<std::int64_t>() == pulses);
  CHECK(summary.at("pulses").get<std::int64_t>() == pulses);
  CHECK(totals.at("writes").get<std::int64_t>() == writes);
  CHECK(writes <= pulses);
  CHECK(totals.at("energy_joule").get<double>() == Approx(energy).epsilon(1e-12));
  CHECK(energy > 0.0);
  CHECK(totals.at("time_seconds").get<double>() == Approx(time).epsilon(1e-12));
  CHECK(fs::exists(folder / "whole" / "writes.csv"));
}

TEST_CASE(
    "train: a pulse-level-weight run resumed after an interruption ends bit for bit where an "
    "uninterrupted run does",
    "[learning]") {
  std::string text = kTinyIris;
  text.replace(text.find("g_min = 1e-7\n"), 13, "device = \"soft-bounds\"\nratio = 10\n");
  text.replace(text.find("[training]\n"), 11,
               "[weights.pulsed]\ndw_min = 0.01\ndw_min_dtod = 0.2\ndw_min_std = 0.2\nread_noise = 0.01\n"
               "[training]\nsolver = \"native\"\n");
  const auto config = commands::parseTrainConfig(text, "pulsed.toml");
  const TemporaryFolder folder("pulsed_resume");
  const auto [a, b] = wholeAndResumed(config, folder.path());
  CHECK(a.at("weights") == b.at("weights"));  // hidden weights, residuals, accounts, noise stream
  CHECK(a.at("history") == b.at("history"));
  const auto summary = nlohmann::json::parse(readText(folder / "whole" / "summary.json"));
  CHECK(summary.at("programming").at("pulses").get<std::int64_t>() > 0);
  CHECK(summary.at("programming").at("energy_joule").is_null());
  CHECK(summary.at("programming").at("time_seconds").is_null());
}

TEST_CASE("train: pulse-level device keys are checked where they stand, naming file, line and key", "[learning]") {
  const std::string head = "[data]\ndataset = \"iris\"\n[weights]\ndevice = \"soft-bounds\"\n";
  const auto error = [](const std::string& text) {
    try {
      commands::parseTrainConfig(text, "w.toml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  const auto config = commands::parseTrainConfig(head + "ratio = 20\n[weights.pulsed]\ndw_min = 0.002\n", "ok.toml");
  CHECK(config.weights.pulsed.at("dw_min") == "0.002");
  CHECK(config.weights.gMin_siemens == Approx(config.weights.gMax_siemens / 20));
  CHECK_THAT(
      error(head + "[weights.pulsed]\ndw_min = 0.01\ngamma_up = 2\n"),
      Catch::Contains("w.toml:7") && Catch::Contains("weights.pulsed.gamma_up") && Catch::Contains("unknown key"));
  CHECK_THAT(error(head + "[weights.pulsed]\ndw_min = -1\n"),
             Catch::Contains("w.toml:6") && Catch::Contains("weights.pulsed.dw_min"));
  CHECK_THAT(error(head + "[weights.pulsed]\nw_init = 0.5\n"),
             Catch::Contains("w.toml:6") && Catch::Contains("weights.pulsed.w_init"));
  CHECK_THAT(error(head + "[weights.pulsed]\ndw_min = \"small\"\n"), Catch::Contains("weights.pulsed.dw_min"));
  CHECK_THAT(error(head + "[weights.pulsed]\nw_min = 0.5\n"),
             Catch::Contains("weights.pulsed") && Catch::Contains("w_min < 0 < w_max"));
  CHECK_THAT(error(head + "device_to_device = 0.1\n"), Catch::Contains("w.toml:5") &&
                                                           Catch::Contains("weights.device_to_device") &&
                                                           Catch::Contains("dw_min_dtod"));
  CHECK_THAT(error(head + "params = [\"dw_min=0.1\"]\n"), Catch::Contains("weights.params"));
  CHECK_THAT(error(head + "g_min = 1e-7\n"), Catch::Contains("weights.g_min"));
  CHECK_THAT(error("[data]\ndataset = \"iris\"\n[weights]\ndevice = \"mms\"\n[weights.pulsed]\ndw_min = 0.1\n"),
             Catch::Contains("weights.pulsed") && Catch::Contains("not one"));
  CHECK_THAT(error(head + "[training]\nsolver = \"native\"\n"), Catch::Equals(""));  // resistors: native solves them
}

TEST_CASE("train: --resume refuses an edited or damaged run folder, naming the field") {
  const auto config = commands::parseTrainConfig(kTinyIris, "tiny.toml");
  const TemporaryFolder folder("edited");
  const fs::path run = folder / "run";
  trainOneEpoch(config, run);
  int copies = 0;
  const auto refused = [&](const std::function<void(const fs::path&)>& edit) {
    return resumeError(run, folder / ("copy" + std::to_string(copies++)), edit);
  };
  CHECK_THAT(refused(editConfig("seed = 3", "seed = 4")), Catch::Contains("seed = 4 (was 3)"));
  CHECK_THAT(refused(editConfig("learning_rate = 0.05", "learning_rate = 0.5")),
             Catch::Contains("training.learning_rate = 0.5 (was 0.05)"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["history"] = nlohmann::json::array(); })),
             Catch::Contains("history: holds 0 epochs but epoch is 1"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["epoch"] = 7; })),
             Catch::Contains("epoch: 7 is beyond the config's 3 epochs"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["history"][0]["epoch"] = 5; })),
             Catch::Contains("history[0].epoch"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["weights"]["conductances"][0] = -1.0; })),
             Catch::Contains("conductances[0] = -1 S lies outside [g_min, g_max]"));
  const auto huge = refused(editCheckpoint([](nlohmann::json& j) { j["weights"]["conductances"][2] = 1e300; }));
  CHECK_THAT(huge, Catch::Contains("conductances[2] = 1e+300"));
  CHECK(huge.size() < 400);
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j.erase("binding"); })),
             Catch::Contains("binding: missing"));
  const auto garbage = refused([](const fs::path& copy) {
    std::ofstream(copy / "checkpoint.json", std::ios::binary) << std::string("\x89PNG\r\n\x1a\n\0\xff\xfe{[", 13);
  });
  CHECK_THAT(garbage, Catch::Contains("not a memcosim checkpoint"));
  CHECK(printableAscii(garbage));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j.erase("format"); })),
             Catch::Contains("not a memcosim checkpoint"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["epoch"] = "two"; })),
             Catch::Contains("epoch: missing or not an integer"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["weights"]["conductances"][1] = "1e-6"; })),
             Catch::Contains("weights: malformed"));
  CHECK_THAT(refused(editCheckpoint([](nlohmann::json& j) { j["history"][0]["test_accuracy"] = nullptr; })),
             Catch::Contains("history[0]: needs"));
  CHECK(refused(editCheckpoint([](nlohmann::json& j) {
          j["config_folder"] = 5;
          j["seconds"] = "long";
        })).empty());  // neither decides what is trained
  // Raising the epoch count is allowed: the run carries on.
  CHECK(refused(editConfig("epochs = 3", "epochs = 4")).empty());
}

TEST_CASE("train: --resume refuses a checkpoint whose data split changed") {
  const TemporaryFolder folder("split");
  std::string csv = "a,b,label\n";
  for (int k = 0; k < 20; ++k)
    csv += std::to_string(k % 7) + "," + std::to_string(k % 5) + "," + std::to_string(k % 2) + "\n";
  std::ofstream(folder / "points.csv") << csv;
  const std::string text = "[data]\ndataset = \"points.csv\"\n[network]\nhidden = [3]\n[training]\nepochs = 2\n";
  const auto config = commands::parseTrainConfig(text, folder / "points.toml");
  trainOneEpoch(config, folder / "run");
  csv.replace(csv.find("\n0,0,0\n") + 1, 5, "6,4,0");
  std::ofstream(folder / "points.csv") << csv;
  CHECK_THROWS_WITH(commands::resume(folder / "run", false), Catch::Contains("binding.split"));
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

TEST_CASE("train: [network] diode_saturation sets the hidden diodes' is, within its range", "[learning]") {
  const std::string text = std::string(kTinyIris) + "";
  const std::string withSaturation =
      std::regex_replace(text, std::regex("hidden = \\[6\\]"), "hidden = [6]\ndiode_saturation = 2.5e-7");
  const auto config = commands::parseTrainConfig(withSaturation, "is.toml");
  const auto circuit = config.method->circuit(4, 3);
  const auto netlist = circuit->netlist({std::vector<double>(circuit->weightCount(), 1e-6)});
  REQUIRE(netlist.models().size() == 1);
  CHECK(netlist.models().front().parameters.front().second.number() == 2.5e-7);
  CHECK_THROWS_WITH(
      commands::parseTrainConfig(
          std::regex_replace(text, std::regex("hidden = \\[6\\]"), "hidden = [6]\ndiode_saturation = 1"), "big.toml"),
      Catch::Contains("big.toml:6") && Catch::Contains("network.diode_saturation"));
}

TEST_CASE("train: a config must name its data set, an empty one is refused") {
  for (const char* text : {"", "seed = 2\n", "[training]\nepochs = 2\n"})
    CHECK_THROWS_WITH(commands::parseTrainConfig(text, "empty.toml"),
                      Catch::Contains("empty.toml:1") && Catch::Contains("data.dataset: missing"));
}

TEST_CASE("train: device ratio and params errors name the file, line and field") {
  const std::string device = "[data]\ndataset = \"iris\"\n[weights]\ndevice = \"mms\"\n";
  CHECK_THROWS_WITH(commands::parseTrainConfig(device + "ratio = 1\n", "r.toml"),
                    Catch::Contains("r.toml:5") && Catch::Contains("weights.ratio") && Catch::Contains("must be > 1"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(device + "params = [\"foo=1\"]\n", "p.toml"),
                    Catch::Contains("p.toml:5") && Catch::Contains("weights.params") && Catch::Contains("foo"));
  CHECK_THROWS_WITH(
      commands::parseTrainConfig("[data]\ndataset = \"iris\"\n[weights]\ndevice = \"nonlinear-ion-drift\"\n"
                                 "ratio = 5000\n",
                                 "n.toml"),
      Catch::Contains("n.toml:5") && Catch::Contains("weights.ratio"));
}

TEST_CASE("train: method selects its sections; unknown methods and fields are errors naming file, line, field") {
  CHECK(commands::parseTrainConfig(kTinyIris, "tiny.toml").method->name() == "eqprop");
  CHECK_THROWS_WITH(commands::parseTrainConfig("method = \"backprop-someday\"\n[data]\ndataset = \"iris\"\n", "m.toml"),
                    Catch::Contains("m.toml:1") && Catch::Contains("method") && Catch::Contains("eqprop"));
  CHECK_THROWS_WITH(
      commands::parseTrainConfig("[data]\ndataset = \"iris\"\n[eqprop]\nbeta = 1e-7\nnudge = 2\n", "e.toml"),
      Catch::Contains("e.toml:5") && Catch::Contains("eqprop.nudge") && Catch::Contains("unknown option"));
  CHECK_THROWS_WITH(commands::parseTrainConfig("[data]\ndataset = \"iris\"\n[eqprop]\nbeta = -1\n", "b.toml"),
                    Catch::Contains("b.toml:4") && Catch::Contains("eqprop.beta"));
  CHECK_THROWS_WITH(commands::parseTrainConfig(
                        "[data]\ndataset = \"iris\"\n[training]\nbeta = 1e-7\n[eqprop]\nbeta = 1e-7\n", "both.toml"),
                    Catch::Contains("both.toml:6") && Catch::Contains("eqprop.beta") && Catch::Contains("[training]"));

  // beta in [eqprop] trains exactly as beta in [training] (configs older than `method`).
  std::string sectioned = kTinyIris;
  sectioned.replace(sectioned.find("beta = 1e-7\n"), 12, "[eqprop]\nbeta = 1e-7\n");
  sectioned = "method = \"eqprop\"\n" + sectioned;
  commands::TrainingRun legacy(commands::parseTrainConfig(kTinyIris, "tiny.toml"), testSession());
  commands::TrainingRun method(commands::parseTrainConfig(sectioned, "tiny.toml"), testSession());
  const auto a = legacy.trainer().runEpoch(), b = method.trainer().runEpoch();
  CHECK(a.trainLoss == b.trainLoss);
  CHECK(a.testAccuracy == b.testAccuracy);
}

TEST_CASE("train: the data keys of a set with its own split are checked, naming the file, line and field") {
  const TemporaryFolder folder("fixed_split_config");
  const memcosim::testing::ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.path().string());
  const auto parse = [](const std::string& data) { return commands::parseTrainConfig("[data]\n" + data, "m.toml"); };

  // Not fetched yet: the error says how to fetch it, after the keys' own checks.
  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\n"),
                    Catch::StartsWith("m.toml:2: data.dataset: data set 'mnist' is not on this machine: run "
                                      "scripts/fetch-mnist.sh mnist (expected " +
                                      (folder / "mnist" / "train-images-idx3-ubyte").string() + ")"));
  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\ntrain_sample = 5\n"), Catch::Contains("data.train_sample: unknown"));

  memcosim::testing::writeSyntheticMnist(folder / "mnist", 1, 1);  // present: the sizes are checked when read
  const auto whole = parse("dataset = \"mnist\"\n");
  CHECK(whole.dataset == "mnist");
  CHECK(whole.trainSamples == 60000);
  CHECK(whole.testSamples == 10000);
  const auto quick = parse("dataset = \"mnist\"\ntrain_samples = 500\ntest_samples = 200\n");
  CHECK(quick.trainSamples == 500);
  CHECK(quick.testSamples == 200);

  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\ntest_fraction = 0.2\n"),
                    Catch::StartsWith("m.toml:3: data.test_fraction: \"mnist\" comes with its own split (60000 "
                                      "training, 10000 test samples)") &&
                        Catch::Contains("train_samples and test_samples"));
  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\ntrain_samples = 0\n"),
                    Catch::StartsWith("m.toml:3: data.train_samples") && Catch::Contains("outside the allowed range"));
  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\ntest_samples = 10001\n"),
                    Catch::StartsWith("m.toml:3: data.test_samples") && Catch::Contains("10000"));
  CHECK_THROWS_WITH(parse("dataset = \"mnist\"\ntrain_samples = 0.5\n"),
                    Catch::StartsWith("m.toml:3: data.train_samples"));
  CHECK_THROWS_WITH(parse("dataset = \"iris\"\ntest_samples = 20\n"),
                    Catch::StartsWith("m.toml:3: data.test_samples: is for a data set with its own training and test "
                                      "parts (mnist, fashion-mnist); \"iris\" is split by test_fraction"));
  CHECK_THROWS_WITH(parse("dataset = \"emnist\"\n"),
                    Catch::Contains("m.toml:2") && Catch::Contains("iris, wisconsin, digits, mnist, fashion-mnist"));
}

TEST_CASE("train: a run on a set with its own split trains on its first training and tests on its first test images") {
  const TemporaryFolder folder("fixed_split_run");
  const memcosim::testing::ScopedEnvironment environment("MEMCOSIM_DATA_DIR", folder.path().string());
  memcosim::testing::writeSyntheticMnist(folder / "mnist");
  const auto config = commands::parseTrainConfig(R"([data]
dataset = "mnist"
train_samples = 12
test_samples = 5
input_low = 0.1
input_high = 0.9
[network]
hidden = [2]
[training]
epochs = 1
batch_size = 4
solver = "native"
)",
                                                 "mnist.toml");
  commands::TrainingRun run(config, testSession());
  const auto& train = run.trainer().train();
  const auto& test = run.trainer().test();
  REQUIRE(train.labels.size() == 12);
  REQUIRE(test.labels.size() == 5);
  CHECK(train.inputs.cols() == 784);
  for (std::size_t i = 0; i < 12; ++i) CHECK(train.labels[i] == memcosim::testing::syntheticLabel(i, 0));
  for (std::size_t i = 0; i < 5; ++i) CHECK(test.labels[i] == memcosim::testing::syntheticLabel(i, 3));
  CHECK(train.inputs.minCoeff() == 0.1);  // scaled per pixel on the training images
  CHECK(train.inputs.maxCoeff() == 0.9);
  CHECK(networkOf(run).spec().inputs == 784);
  const auto record = run.trainer().runEpoch();
  CHECK(record.testAccuracy >= 0.0);
  CHECK(record.testAccuracy <= 1.0);
}
