// Exported networks in two independent engines: the trained EqProp and crossbar networks, as
// trained and frozen, run in plain `ngspice -b` and `gnucap -b` on test samples give the
// in-process outputs.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "circuits/spiking_network.h"
#include "commands/train_command.h"
#include "commands/training_run.h"
#include "devices/trace.h"
#include "spice/printer.h"
#include "support.h"
#include "test_session.h"

using namespace memcosim;
namespace fs = std::filesystem;

namespace {

using memcosim::testing::commandOutput;
using memcosim::testing::TemporaryFolder;

const char* kIdeal = R"(seed = 4
[data]
dataset = "iris"
[network]
hidden = [5]
[training]
epochs = 1
)";

const char* kLinearIonDrift = R"(seed = 4
[data]
dataset = "iris"
[network]
hidden = [5]
[weights]
device = "linear-ion-drift"
ratio = 10
[training]
epochs = 1
)";

/// The first data row of gnucap's `.print` table, by column name: a header "# v(a) …" then
/// " 1. …" (its first column is the sweep value, which the header does not name).
std::map<std::string, double> printedRow(const std::string& output) {
  std::istringstream in(output);
  std::vector<std::string> names;
  std::map<std::string, double> values;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    if (line.rfind("#", 0) == 0) {
      names = {"sweep"};
      std::string hash;
      words >> hash;
      for (std::string name; words >> name;) names.push_back(name);
      if (names.size() == 1) names.clear();  // the `.op` card's table prints no vector
    } else if (!names.empty()) {
      for (const auto& name : names) words >> values[name];
      if (!words) values.clear();
      break;
    }
  }
  return values;
}

/// The first point of the last plot in an ngspice ASCII rawfile (full precision, unlike the
/// six digits of its `.print` tables), by vector name.
std::map<std::string, double> rawfileRow(const std::string& text) {
  std::map<std::string, double> values;
  std::istringstream in(text);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Variables:", 0) == 0) {
      names.clear();
      for (std::string row; std::getline(in, row) && row.rfind("Values:", 0) != 0;) {
        std::istringstream words(row);
        std::string index, name;
        if (words >> index >> name) names.push_back(name);
      }
      values.clear();
      double point = 0;
      in >> point;
      for (const auto& name : names) in >> values[name];
      if (!in) values.clear();
    }
  }
  return values;
}

bool available(const std::string& command) { return !commandOutput("command -v " + command).empty(); }

/// A crossbar on Iris (one epoch) with `activation` and `device` weights.
std::string crossbarConfig(const std::string& activation, const std::string& device, const std::string& extra = "") {
  const std::string range = device == "ideal" ? "g_min = 1e-6\ng_max = 1e-5\n" : "ratio = 10\n";
  return "seed = 3\nmethod = \"backprop\"\n[data]\ndataset = \"iris\"\ninput_high = 0.2\n[crossbar]\nhidden = [5]\n"
         "activation = \"" +
         activation + "\"\n" + extra + "[weights]\ndevice = \"" + device + "\"\n" + range +
         "[training]\nepochs = 1\nsolver = \"native\"\ncheck_every = 0\nlearning_rate = 0.1\n";
}

/// Runs the network exported for `dialect` (frozen or not) on test samples 0..2 in `engine` and
/// compares each output pair's difference with the in-process prediction: within 1e-6 of the
/// largest output node voltage.
void checkEngine(const std::string& configText, const std::string& engine, spice::Dialect dialect, bool frozen) {
  const auto config = commands::parseTrainConfig(configText, "export.toml");
  commands::TrainingRun run(config, testSession());
  run.trainer().runEpoch();
  const TemporaryFolder folder("export_" + engine);
  const auto& test = run.trainer().test();
  const auto nodes = run.circuit().outputNodes();
  for (Eigen::Index r = 0; r < 3; ++r) {
    const Eigen::RowVectorXd row = test.inputs.row(r);
    const auto deck =
        commands::exportNetwork(run.circuit(), run.weights(), {row.data(), row.data() + row.size()}, frozen);
    const fs::path file = folder / ("network_" + std::to_string(r) + ".cir");
    std::ofstream(file) << spice::print(deck, dialect);
    const bool gnucap = engine == "gnucap";
    const fs::path raw = folder / ("network_" + std::to_string(r) + ".raw");
    const std::string output =
        commandOutput(gnucap ? "gnucap -b " + file.string() + " 2>&1"
                             : "SPICE_ASCIIRAWFILE=1 ngspice -b -r " + raw.string() + " " + file.string() + " 2>&1");
    INFO(engine << " on " << file.string() << ":\n" << output);
    const auto printed = gnucap ? printedRow(output) : rawfileRow(memcosim::testing::readText(raw));
    const Eigen::VectorXd outputs = run.estimator().predict(row.transpose());
    double scale = 0.0;
    for (const auto& [name, value] : printed)
      if (name.rfind("v(", 0) == 0) scale = std::max(scale, std::abs(value));
    REQUIRE(scale > 0.0);
    REQUIRE(nodes.size() == static_cast<std::size_t>(2 * outputs.size()));
    for (Eigen::Index k = 0; k < outputs.size(); ++k) {
      const std::string p = "v(" + nodes[static_cast<std::size_t>(2 * k)] + ")";
      const std::string n = "v(" + nodes[static_cast<std::size_t>(2 * k + 1)] + ")";
      REQUIRE(printed.count(p) == 1);
      REQUIRE(printed.count(n) == 1);
      CHECK(std::abs(printed.at(p) - printed.at(n) - outputs(k)) <= 1e-6 * scale);
    }
  }
}

}  // namespace

TEST_CASE("export: ideal weights in gnucap -b give the in-process outputs", "[learning]") {
  if (!available("gnucap")) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  checkEngine(kIdeal, "gnucap", spice::Dialect::Gnucap, false);
}

TEST_CASE("export: ideal weights in ngspice -b give the in-process outputs", "[learning]") {
  checkEngine(kIdeal, "ngspice", spice::Dialect::Ngspice, false);
}

TEST_CASE("export: memristor weights frozen, in gnucap -b and ngspice -b, give the in-process outputs", "[learning]") {
  if (!available("gnucap")) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  // Linear ion drift reads linearly in V, so the frozen resistor is the same circuit.
  checkEngine(kLinearIonDrift, "gnucap", spice::Dialect::Gnucap, true);
}

TEST_CASE("export: memristor weights frozen, printed for gnucap, also run in ngspice -b", "[learning]") {
  checkEngine(kLinearIonDrift, "ngspice", spice::Dialect::Gnucap, true);
}

TEST_CASE("export: memristor weights as trained run in ngspice -b and are refused for gnucap", "[learning]") {
  checkEngine(kLinearIonDrift, "ngspice", spice::Dialect::Ngspice, false);
  const auto config = commands::parseTrainConfig(kLinearIonDrift, "export.toml");
  commands::TrainingRun run(config, testSession());
  const auto deck = commands::exportNetwork(run.circuit(), run.weights(), {}, false);
  CHECK_THROWS_WITH(spice::print(deck, spice::Dialect::Gnucap),
                    Catch::Contains("weight_read") && Catch::Contains("cannot be expressed for gnucap"));
}

TEST_CASE("export: crossbar networks with each activation in gnucap -b and ngspice -b give the in-process outputs",
          "[learning]") {
  if (!available("gnucap")) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  for (const char* activation : {"sigmoid", "tanh", "relu"}) {
    INFO("activation " << activation);
    checkEngine(crossbarConfig(activation, "ideal"), "gnucap", spice::Dialect::Gnucap, false);
    checkEngine(crossbarConfig(activation, "ideal"), "ngspice", spice::Dialect::Ngspice, false);
  }
}

TEST_CASE("export: crossbar memristor weights frozen in gnucap -b and as trained in ngspice -b", "[learning]") {
  if (!available("gnucap")) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  checkEngine(crossbarConfig("sigmoid", "linear-ion-drift"), "gnucap", spice::Dialect::Gnucap, true);
  checkEngine(crossbarConfig("sigmoid", "linear-ion-drift"), "ngspice", spice::Dialect::Ngspice, false);
}

TEST_CASE("export: crossbars with a fast array under the slow one in gnucap -b and ngspice -b", "[learning]") {
  if (!available("gnucap")) FAIL("gnucap is not installed (scripts/install-deps.sh installs it)");
  // Tiki-Taka reads γA + C (A's rows driven at γ times C's); SHD leaves A out of the read.
  for (const char* algorithm : {"algorithm = \"tiki-taka\"\ngamma = 0.3\n", "algorithm = \"shd\"\n"}) {
    INFO(algorithm);
    checkEngine(crossbarConfig("sigmoid", "ideal", algorithm), "gnucap", spice::Dialect::Gnucap, false);
    checkEngine(crossbarConfig("relu", "ideal", algorithm), "ngspice", spice::Dialect::Ngspice, false);
  }
}

namespace {

/// Every point of the last plot in an ngspice ASCII rawfile, by vector name.
std::vector<std::map<std::string, double>> rawfilePoints(const std::string& text) {
  std::vector<std::map<std::string, double>> points;
  std::istringstream in(text);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Variables:", 0) != 0) continue;
    names.clear();
    points.clear();
    for (std::string row; std::getline(in, row) && row.rfind("Values:", 0) != 0;) {
      std::istringstream words(row);
      std::string index, name;
      if (words >> index >> name) names.push_back(name);
    }
    for (double index = 0; in >> index;) {
      std::map<std::string, double> point;
      for (const auto& name : names) in >> point[name];
      if (!in) break;
      points.push_back(std::move(point));
    }
    in.clear();
  }
  return points;
}

const char* kMemprop = R"(seed = 2
method = "memprop"
[data]
dataset = "iris"
input_high = 0.5
[weights]
g_min = 1e-6
g_max = 1e-4
[training]
epochs = 1
optimizer = "adam"
learning_rate = 0.01
temperature = 0.01
[snn]
hidden = [4]
steps = 10
)";

}  // namespace

TEST_CASE("export: a trained spiking network's transient deck in ngspice -b gives the in-process outputs",
          "[learning]") {
  const bool counting = GENERATE(false, true);
  std::string text = kMemprop;
  if (counting) {  // trained until outputs spike: the iris example's sizes and seed (an output
                   // that never nears its threshold has no spike count to compare)
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"seed = 2", "seed = 1"},
             {"temperature = 0.01", "temperature = 0.1"},
             {"hidden = \\[4\\]\nsteps = 10", "hidden = [10]\nsteps = 25\nreadout = \"spike_count\""}})
      text = std::regex_replace(text, std::regex(from), to);
  }
  const auto config = commands::parseTrainConfig(text, "export.toml");
  commands::TrainingRun run(config, testSession());
  for (int epoch = 0; epoch < (counting ? 10 : 1); ++epoch) run.trainer().runEpoch();
  const auto& network = dynamic_cast<const circuits::SpikingNetwork&>(run.circuit());
  const TemporaryFolder folder("export_memprop");
  const auto& test = run.trainer().test();
  const auto& grid = network.spec().grid;
  for (Eigen::Index r = 0; r < 3; ++r) {
    const Eigen::RowVectorXd row = test.inputs.row(r);
    const auto deck = commands::exportNetwork(run.circuit(), run.weights(), {row.data(), row.data() + row.size()});
    CHECK(deck.analyses().size() == 1);  // its own transient, no operating-point sweep added
    CHECK(std::holds_alternative<spice::TransientAnalysis>(deck.analyses().front()));
    const fs::path file = folder / ("network_" + std::to_string(r) + ".cir");
    const fs::path raw = folder / ("network_" + std::to_string(r) + ".raw");
    std::ofstream(file) << spice::print(deck, spice::Dialect::Ngspice);
    const std::string output =
        commandOutput("SPICE_ASCIIRAWFILE=1 ngspice -b -r " + raw.string() + " " + file.string() + " 2>&1");
    INFO(output);
    const auto points = rawfilePoints(memcosim::testing::readText(raw));
    REQUIRE(points.size() > static_cast<std::size_t>(grid.steps));
    std::vector<double> time;
    for (const auto& point : points) time.push_back(point.at("time"));
    const Eigen::VectorXd native = run.estimator().predict(row.transpose());
    const Eigen::VectorXd inProcess = network.ngspiceOutputs(testSession(), run.weights().values(), row.transpose());
    const double scale = native.cwiseAbs().maxCoeff();
    REQUIRE(scale > 1e-3);
    for (int j = 0; j < network.outputCount(); ++j) {
      std::vector<double> values;
      for (const auto& point : points)
        values.push_back(point.at(network.readoutVectors()[static_cast<std::size_t>(j)]));
      const double batch = network.readout(time, values);
      CHECK(std::abs(batch - inProcess(j)) <= 1e-6 * scale);
      CHECK(std::abs(batch - native(j)) <= 1e-2 * scale);
    }
  }
}
