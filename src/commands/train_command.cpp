// `memcosim train`: runs, checkpoints bound to their config and split, resume, final outputs.
#include "commands/train_command.h"
#include "io/random.h"

#include <fmt/format.h>
#include <toml++/toml.h>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "circuits/spiking_network.h"
#include "commands/training_run.h"
#include "io/atomic_file.h"
#include "io/csv.h"
#include "io/number.h"
#include "plot/figures.h"
#include "spice/printer.h"

namespace memcosim::commands {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCheckpointFormat = "memcosim-checkpoint-1";

/// `text` with every byte outside printable ASCII shown as '?', cut to `limit` characters:
/// safe to put in an error message whatever a damaged file holds.
std::string printable(const std::string& text, std::size_t limit = 200) {
  std::string shown;
  for (const char c : text.substr(0, limit)) shown += c >= 0x20 && c < 0x7f ? c : '?';
  return text.size() > limit ? shown + "..." : shown;
}

/// FNV-1a over raw bytes.
void mix(std::uint64_t& hash, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (std::size_t k = 0; k < size; ++k) hash = (hash ^ bytes[k]) * 0x100000001b3ULL;
}

/// Every leaf of a TOML table as "section.key" → its value in TOML syntax.
void flatten(const toml::table& table, const std::string& prefix, std::map<std::string, std::string>& leaves) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto* sub = node.as_table()) {
      flatten(*sub, name, leaves);
    } else {
      std::ostringstream value;
      if (const auto number = node.as_floating_point())
        value << io::formatNumber(number->get());  // shortest round trip: 0.05, not 0.050000000000000003
      else
        node.visit([&](const auto& leaf) { value << leaf; });
      leaves[name] = value.str();
    }
  }
}

}  // namespace

std::map<std::string, std::string> normalisedConfig(const TrainConfig& config) {
  std::map<std::string, std::string> leaves;
  flatten(toml::parse(config.text, config.file.string()), "", leaves);
  leaves.erase("training.epochs");          // a finished run may be extended by raising epochs
  leaves["data.dataset"] = config.dataset;  // resolved: a relative CSV path means the same file
  // Resolved defaults that changed between versions: a checkpoint made under another default
  // must not resume under this one.
  if (config.weights.device != "ideal") leaves["weights.write"] = config.weights.write;
  return leaves;
}

std::string splitDigest(const learning::Samples& train, const learning::Samples& test) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const auto* samples : {&train, &test}) {
    const Eigen::MatrixXd& inputs = samples->inputs;
    mix(hash, inputs.data(), static_cast<std::size_t>(inputs.size()) * sizeof(double));
    mix(hash, samples->labels.data(), samples->labels.size() * sizeof(int));
    const std::size_t rows = samples->labels.size();
    mix(hash, &rows, sizeof rows);
  }
  return fmt::format("{:016x}", hash);
}

void checkBinding(const nlohmann::json& stored, TrainingRun& run, const std::filesystem::path& configFile) {
  const nlohmann::json now = binding(run);
  if (!stored.is_object() || !stored.contains("config") || !stored.contains("split"))
    throw std::runtime_error("binding: missing (a checkpoint of an older memcosim, or edited)");
  std::map<std::string, std::string> before;
  try {
    before = stored.at("config").get<std::map<std::string, std::string>>();
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error("binding.config: not a table of config fields");
  }
  const auto after = now.at("config").get<std::map<std::string, std::string>>();
  std::vector<std::string> changes;
  for (const auto& [key, value] : after) {
    const auto it = before.find(key);
    if (it == before.end())
      changes.push_back(fmt::format("{} = {} (not set when the checkpoint was made)", key, value));
    else if (it->second != value)
      changes.push_back(fmt::format("{} = {} (was {})", key, value, it->second));
  }
  for (const auto& [key, value] : before)
    if (!after.count(key)) changes.push_back(fmt::format("{} removed (was {})", key, value));
  if (!changes.empty()) {
    std::string list;
    for (const auto& change : changes) list += (list.empty() ? "" : "; ") + change;
    throw std::runtime_error(configFile.string() + " differs from the config the checkpoint was made with: " +
                             printable(list, 600) + " (only training.epochs may change)");
  }
  if (stored.at("split") != now.at("split"))
    throw std::runtime_error(
        "binding.split: the data split differs from the one the checkpoint was made with (the "
        "data set file changed?); restore the data or start a new run");
}

namespace {

std::string historyCsv(const std::vector<learning::EpochRecord>& history) {
  std::vector<std::vector<double>> columns(4);
  for (const auto& r : history) {
    columns[0].push_back(r.epoch);
    columns[1].push_back(r.trainLoss);
    columns[2].push_back(r.trainAccuracy);
    columns[3].push_back(r.testAccuracy);
  }
  return io::csvText({"epoch", "train_loss", "train_accuracy", "test_accuracy"}, columns);
}

void plotCurves(const std::vector<learning::EpochRecord>& history, const std::filesystem::path& png,
                const std::string& title) {
  std::vector<double> epochs, trainAccuracy, testAccuracy;
  for (const auto& r : history) {
    epochs.push_back(r.epoch);
    trainAccuracy.push_back(r.trainAccuracy);
    testAccuracy.push_back(r.testAccuracy);
  }
  plot::renderPng(plot::learningCurves(title, epochs, trainAccuracy, testAccuracy), png);
}

std::string inputsCsv(const learning::Samples& samples) {
  std::vector<std::string> header;
  std::vector<std::vector<double>> columns(static_cast<std::size_t>(samples.inputs.cols()) + 1);
  for (Eigen::Index c = 0; c < samples.inputs.cols(); ++c) {
    header.push_back("in" + std::to_string(c));
    for (Eigen::Index r = 0; r < samples.inputs.rows(); ++r)
      columns[static_cast<std::size_t>(c)].push_back(samples.inputs(r, c));
  }
  header.push_back("label");
  for (int label : samples.labels) columns.back().push_back(label);
  return io::csvText(header, columns);
}

/// Totals of the run's writes; null for ideal weights, energy and time null where undefined.
/// Mean |w − w*|/(w_max − w_min) of soft-bounds devices at the start and end (learning/weights.h).
nlohmann::json symmetryJson(const std::optional<learning::WeightBank::SymmetryDrift>& drift) {
  if (!drift) return nullptr;
  return {{"initial", drift->initial}, {"final", drift->now}};
}

nlohmann::json programmingJson(const std::optional<programming::WriteAccount>& totals) {
  if (!totals) return nullptr;
  const auto orNull = [](const std::optional<double>& value) -> nlohmann::json {
    if (value) return *value;
    return nullptr;
  };
  return {{"pulses", totals->pulses},
          {"writes", totals->writes},
          {"energy_joule", orNull(totals->energy_joule)},
          {"time_seconds", orNull(totals->time_seconds)}};
}

/// One row per weight: its pulses, writes, energy and time (empty cells where undefined).
std::string writesCsv(const std::vector<programming::WriteAccount>& accounts) {
  std::vector<std::vector<double>> columns(5);
  for (std::size_t w = 0; w < accounts.size(); ++w) {
    columns[0].push_back(static_cast<double>(w));
    columns[1].push_back(static_cast<double>(accounts[w].pulses));
    columns[2].push_back(static_cast<double>(accounts[w].writes));
    if (accounts[w].energy_joule) columns[3].push_back(*accounts[w].energy_joule);
    if (accounts[w].time_seconds) columns[4].push_back(*accounts[w].time_seconds);
  }
  return io::csvTextWithGaps({"weight", "pulses", "writes", "energy_joule", "time_seconds"}, columns);
}

/// Trains from the run's present epoch to the config's count, checkpointing every epoch,
/// then writes the final files.
/// `configFolder`: where the run's config first was (relative data files are found there).
/// A spiking network's circuit fidelity: the first `count` test samples classified by the native
/// run the network trained with and by the ngspice transient of its exported deck.
nlohmann::json checkSpikingInNgspice(TrainingRun& run, const circuits::SpikingNetwork& network, std::size_t count) {
  const auto& test = run.trainer().test();
  count = std::min(count, static_cast<std::size_t>(test.inputs.rows()));
  int nativeCorrect = 0, ngspiceCorrect = 0, agree = 0;
  double largest = 0.0;
  const circuits::WeightValues values = run.weights().values();
  for (std::size_t n = 0; n < count; ++n) {
    const Eigen::VectorXd features = test.inputs.row(static_cast<Eigen::Index>(n)).transpose();
    const Eigen::VectorXd native = run.estimator().predict(features);
    const Eigen::VectorXd ngspice = network.ngspiceOutputs(run.session(), values, features);
    const int a = learning::argmax(native), b = learning::argmax(ngspice);
    nativeCorrect += a == test.labels[n] ? 1 : 0;
    ngspiceCorrect += b == test.labels[n] ? 1 : 0;
    agree += a == b ? 1 : 0;
    largest = std::max(largest, (native - ngspice).cwiseAbs().maxCoeff());
  }
  const double samples = static_cast<double>(count);
  return {{"samples", count},
          {"native_accuracy", nativeCorrect / samples},
          {"ngspice_accuracy", ngspiceCorrect / samples},
          {"class_agreement", agree / samples},
          {"largest_output_difference", largest}};
}

/// Write-verify rounds per device when a spiking network is written into devices: a round stops
/// when one more pulse would not bring the read closer, or at the device's pulse limit.
constexpr int kProgramRounds = 3;

/// A spiking network trained with ideal conductances, written into devices of `model`: each
/// device fitted to the run's [g_min, g_max] window, programmed by write-verify (kProgramRounds
/// rounds) from its own initial state to the learned conductance, and the test set classified
/// with the conductances the devices reached.
nlohmann::json programSpikingNetwork(TrainingRun& run, const circuits::SpikingNetwork& network,
                                     const std::string& model) {
  WeightConfig config = run.config().weights;  // ideal: TrainingRun refuses program_device with device weights
  config.device = model;
  config.ratio = config.gMax_siemens / config.gMin_siemens;
  config.write = "verify";
  std::mt19937_64 rng = io::seedStream(run.config().seed, 2);
  const auto devices = makeWeightBank(config, network.weightCount(), rng, run.session());
  const std::vector<double> targets = run.weights().conductances();
  double largest = 0.0, squares = 0.0;
  for (std::size_t w = 0; w < targets.size(); ++w) {
    for (int round = 0; round < kProgramRounds; ++round) devices->apply(w, targets[w] - devices->conductance(w));
    const double error = std::abs(devices->conductance(w) - targets[w]) / config.gMax_siemens;
    largest = std::max(largest, error);
    squares += error * error;
  }
  const auto weights = network.signedWeights(devices->conductances());
  const auto& test = run.trainer().test();
  int correct = 0;
  for (Eigen::Index n = 0; n < test.inputs.rows(); ++n) {
    const int predicted = learning::argmax(network.forward(weights, test.inputs.row(n).transpose()).outputs);
    correct += predicted == test.labels[static_cast<std::size_t>(n)] ? 1 : 0;
  }
  const auto totals = devices->writeTotals();
  return {{"device", model},
          {"accuracy_before", run.trainer().history().back().testAccuracy},
          {"accuracy_after", correct / static_cast<double>(test.inputs.rows())},
          {"largest_conductance_error", largest},  // |G − target| / g_max
          {"rms_conductance_error", std::sqrt(squares / static_cast<double>(targets.size()))},
          {"pulses", totals ? totals->pulses : 0},
          {"energy", totals && totals->energy_joule ? nlohmann::json(*totals->energy_joule) : nlohmann::json()}};
}

TrainSummary carryOn(TrainingRun& run, const std::filesystem::path& out, double secondsBefore,
                     const EpochCallback& onEpoch, const std::filesystem::path& configFolder) {
  auto& trainer = run.trainer();
  double seconds = secondsBefore;
  while (trainer.epoch() < run.config().epochs) {
    const auto start = Clock::now();
    const auto record = trainer.runEpoch();
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    nlohmann::json checkpoint = trainer.save();
    checkpoint["format"] = kCheckpointFormat;
    checkpoint["binding"] = binding(run);
    checkpoint["config_folder"] = configFolder.string();
    checkpoint["seconds"] = seconds;
    checkpoint["pulses"] = run.weights().pulses();
    io::writeFileAtomically(out / "checkpoint.json", checkpoint.dump());
    io::writeFileAtomically(out / "history.csv", historyCsv(trainer.history()));
    if (onEpoch) onEpoch(record, seconds);
  }
  const auto& last = trainer.history().back();
  TrainSummary summary{last.testAccuracy,
                       last.trainAccuracy,
                       trainer.epoch(),
                       seconds,
                       run.weights().pulses(),
                       run.weights().writeTotals(),
                       learning::epochsToTarget(trainer.history(), run.config().targetAccuracy)};
  if (summary.writes) io::writeFileAtomically(out / "writes.csv", writesCsv(run.weights().writeAccounts()));

  plotCurves(trainer.history(), out / "learning_curves.png",
             fmt::format("{} on {} ({} weights)", run.config().method->title(), run.config().dataset,
                         run.config().weights.device));
  const auto& test = trainer.test();
  const Eigen::RowVectorXd row = test.inputs.row(0);
  const std::vector<double> first(row.data(), row.data() + row.size());
  io::writeFileAtomically(out / "network.cir",
                          spice::print(exportNetwork(run.circuit(), run.weights(), first), spice::Dialect::Ngspice));
  // Every weight the resistor it is, printed for gnucap (which ngspice -b runs as well), where
  // gnucap can express the circuit: not the behavioural threshold switches of a spiking network.
  std::optional<std::string> frozen;
  try {
    frozen = spice::print(exportNetwork(run.circuit(), run.weights(), first, /*frozen=*/true), spice::Dialect::Gnucap);
  } catch (const spice::NetlistError&) {
  }
  summary.frozenDeck = frozen.has_value();
  if (frozen)
    io::writeFileAtomically(out / "network_frozen.cir", *frozen);
  else
    std::filesystem::remove(out / "network_frozen.cir");
  io::writeFileAtomically(out / "network_inputs.csv", inputsCsv(test));
  const nlohmann::json json = {
      {"test_accuracy", summary.testAccuracy},
      {"train_accuracy", summary.trainAccuracy},
      {"epochs", summary.epochs},
      {"seconds", summary.seconds},
      {"pulses", summary.pulses},
      {"programming", programmingJson(summary.writes)},
      {"target_accuracy",
       run.config().targetAccuracy > 0.0 ? nlohmann::json(run.config().targetAccuracy) : nlohmann::json()},
      {"epochs_to_target", summary.epochsToTarget > 0 ? nlohmann::json(summary.epochsToTarget) : nlohmann::json()},
      {"symmetry_point_distance", symmetryJson(run.weights().symmetryDrift())},
      {"dataset", run.config().dataset},
      {"device", run.config().weights.device},
      {"seed", run.config().seed},
      {"weights", run.circuit().weightCount()},
      {"method", run.config().method->name()}};
  nlohmann::json summaryJson = json;
  const auto* spiking = dynamic_cast<const circuits::SpikingNetwork*>(&run.circuit());
  if (spiking && spiking->spec().checkSamples > 0) {
    summaryJson["ngspice_check"] =
        checkSpikingInNgspice(run, *spiking, static_cast<std::size_t>(spiking->spec().checkSamples));
    summary.ngspiceCheck = summaryJson["ngspice_check"];
  }
  if (spiking && !spiking->spec().programDevice.empty()) {
    summaryJson["programmed"] = programSpikingNetwork(run, *spiking, spiking->spec().programDevice);
    summary.programmed = summaryJson["programmed"];
  }
  io::writeFileAtomically(out / "summary.json", summaryJson.dump(2) + "\n");
  return summary;
}

nlohmann::json readCheckpoint(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file.string() + ": not a memcosim checkpoint (not valid JSON: " + printable(e.what()) +
                             "); it was damaged or replaced: start a new run with --config FILE --out DIR");
  }
  if (!json.is_object() || json.value("format", "") != kCheckpointFormat)
    throw std::runtime_error(file.string() + ": not a memcosim checkpoint (no \"format\": \"" +
                             std::string(kCheckpointFormat) +
                             "\", or one from a memcosim older than checkpoint binding); start a new run with "
                             "--config FILE --out DIR");
  return json;
}

}  // namespace

nlohmann::json binding(TrainingRun& run) {
  return {{"config", normalisedConfig(run.config())},
          {"split", splitDigest(run.trainer().train(), run.trainer().test())}};
}

spice::Netlist exportNetwork(const circuits::WeightSites& network, const learning::WeightBank& weights,
                             const std::vector<double>& inputs, bool frozen) {
  spice::Netlist deck = frozen ? network.netlist({weights.conductances(), std::nullopt, {}, weights.gMax()}, inputs)
                               : weights.netlist(network, inputs);
  if (deck.prints().empty()) {  // a circuit read at its operating point (a spiking network prints its transient)
    std::vector<std::string> outputs;
    for (const auto& node : network.outputNodes()) outputs.push_back(spice::nodeVoltage(node));
    // A one-point DC sweep of a fixed source at its own value prints a table, which `.op` does not.
    const circuits::FixedSource fixed = network.fixedSource();
    deck.addAnalysis(spice::DcSweepAnalysis{fixed.name, fixed.value, fixed.value, 1.0});
    deck.addPrint("dc", outputs);
  }
  deck.setOption("numdgt", 12);
  return deck;
}

TrainSummary train(const TrainConfig& config, const std::filesystem::path& out, bool verbose,
                   const EpochCallback& onEpoch) {
  if (std::filesystem::exists(out / "checkpoint.json"))
    throw std::runtime_error(out.string() + " already holds a training run (checkpoint.json); continue it with " +
                             "--resume " + out.string() + " or choose another --out");
  spice::Session session({verbose});
  TrainingRun run(config, session);  // everything is validated before the folder is made
  std::filesystem::create_directories(out);
  io::writeFileAtomically(out / "config.toml", config.text);
  return carryOn(run, out, 0.0, onEpoch, std::filesystem::absolute(config.file).parent_path());
}

RestoredRun restoreRun(const std::filesystem::path& out, spice::Session& session) {
  const auto configFile = out / "config.toml";
  const auto checkpointFile = out / "checkpoint.json";
  if (!std::filesystem::exists(configFile) || !std::filesystem::exists(checkpointFile))
    throw std::runtime_error(out.string() + " holds no training run (needs config.toml and checkpoint.json)");
  const nlohmann::json checkpoint = readCheckpoint(checkpointFile);
  // A data file named relative to the original config is looked for beside it too.
  const auto& folder = checkpoint.contains("config_folder") ? checkpoint.at("config_folder") : nlohmann::json();
  const std::string configFolder = folder.is_string() ? folder.get<std::string>() : std::string();
  const TrainConfig config = parseTrainConfig(io::ConfigTable::readFile(configFile), configFile, configFolder);
  auto run = std::make_unique<TrainingRun>(config, session);
  const std::string refused = checkpointFile.string() + ": cannot resume: ";
  const std::string advice = "; the run folder was edited or damaged: restore it, or start a new run";
  try {
    checkBinding(checkpoint.contains("binding") ? checkpoint.at("binding") : nlohmann::json(), *run, configFile);
    const auto& field = checkpoint.contains("epoch") ? checkpoint.at("epoch") : nlohmann::json();
    if (!field.is_number_integer()) throw std::runtime_error("epoch: missing or not an integer");
    const auto epoch = field.get<long long>();
    if (epoch > config.epochs)
      throw std::runtime_error("epoch: " + std::to_string(epoch) + " is beyond the config's " +
                               std::to_string(config.epochs) + " epochs");
    run->trainer().restore(checkpoint);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(refused + printable(e.what()) + advice);
  } catch (const std::exception& e) {
    throw std::runtime_error(refused + printable(e.what(), 1000) + advice);
  }
  const auto& spent = checkpoint.contains("seconds") ? checkpoint.at("seconds") : nlohmann::json();
  const double seconds = spent.is_number() ? spent.get<double>() : 0.0;  // only a report: not refused
  return {std::move(run), std::isfinite(seconds) && seconds >= 0.0 ? seconds : 0.0, configFolder};
}

TrainSummary resume(const std::filesystem::path& out, bool verbose, const EpochCallback& onEpoch) {
  spice::Session session({verbose});
  const RestoredRun restored = restoreRun(out, session);
  return carryOn(*restored.run, out, restored.seconds, onEpoch, restored.configFolder);
}

}  // namespace memcosim::commands
