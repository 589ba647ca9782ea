#include "commands/train_command.h"

#include <fmt/format.h>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "characterise/plot.h"
#include "commands/training_run.h"
#include "io/atomic_file.h"
#include "io/csv.h"
#include "spice/printer.h"

namespace memcosim::commands {

namespace {

using Clock = std::chrono::steady_clock;

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
  characterise::PlotSpec spec;
  spec.title = title;
  spec.x_label = "epoch";
  spec.y_label = "accuracy (fraction)";
  spec.style = characterise::PlotStyle::linespoints;
  characterise::PlotSeries train{"train accuracy", {}, {}}, test{"test accuracy", {}, {}};
  for (const auto& r : history) {
    train.x.push_back(r.epoch);
    train.y.push_back(r.trainAccuracy);
    test.x.push_back(r.epoch);
    test.y.push_back(r.testAccuracy);
  }
  spec.series = {train, test};
  characterise::plotSeries(spec, png);
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

/// Trains from the run's present epoch to the config's count, checkpointing every epoch,
/// then writes the final files.
TrainSummary carryOn(TrainingRun& run, const std::filesystem::path& out, double secondsBefore,
                     const EpochCallback& onEpoch) {
  auto& trainer = run.trainer();
  double seconds = secondsBefore;
  while (trainer.epoch() < run.config().epochs) {
    const auto start = Clock::now();
    const auto record = trainer.runEpoch();
    seconds += std::chrono::duration<double>(Clock::now() - start).count();
    nlohmann::json checkpoint = trainer.save();
    checkpoint["seconds"] = seconds;
    checkpoint["pulses"] = run.weights().pulses();
    io::writeFileAtomically(out / "checkpoint.json", checkpoint.dump());
    io::writeFileAtomically(out / "history.csv", historyCsv(trainer.history()));
    if (onEpoch) onEpoch(record, seconds);
  }
  const auto& last = trainer.history().back();
  TrainSummary summary{last.testAccuracy, last.trainAccuracy, trainer.epoch(), seconds, run.weights().pulses()};

  plotCurves(trainer.history(), out / "learning_curves.png",
             fmt::format("EqProp on {} ({} weights)", run.config().dataset, run.config().weights.device));
  const auto& test = trainer.test();
  const Eigen::RowVectorXd row = test.inputs.row(0);
  const std::vector<double> first(row.data(), row.data() + row.size());
  io::writeFileAtomically(out / "network.cir",
                          spice::print(exportNetwork(run.network(), run.weights(), first), spice::Dialect::Ngspice));
  io::writeFileAtomically(out / "network_frozen.cir", spice::print(exportNetwork(run.network(), run.weights(), first,
                                                                                 /*frozen=*/true),
                                                                   spice::Dialect::Gnucap));
  io::writeFileAtomically(out / "network_inputs.csv", inputsCsv(test));
  const nlohmann::json json = {{"test_accuracy", summary.testAccuracy},
                               {"train_accuracy", summary.trainAccuracy},
                               {"epochs", summary.epochs},
                               {"seconds", summary.seconds},
                               {"pulses", summary.pulses},
                               {"dataset", run.config().dataset},
                               {"device", run.config().weights.device},
                               {"seed", run.config().seed},
                               {"weights", run.network().weightCount()}};
  io::writeFileAtomically(out / "summary.json", json.dump(2) + "\n");
  return summary;
}

nlohmann::json readJson(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(file.string() + ": not a valid checkpoint: " + e.what());
  }
}

}  // namespace

spice::Netlist exportNetwork(const circuits::EqPropNetwork& network, const learning::WeightBank& weights,
                             const std::vector<double>& inputs, bool frozen) {
  spice::Netlist deck =
      frozen ? network.netlist(weights.conductances(), std::nullopt, {}, inputs) : weights.netlist(network, inputs);
  std::vector<std::string> outputs;
  for (int k = 0; k < network.spec().outputs; ++k) {
    outputs.push_back("v(" + network.outputNode(k, true) + ")");
    outputs.push_back("v(" + network.outputNode(k, false) + ")");
  }
  // A one-point DC sweep of a bias source at its own value prints a table, which `.op` does not.
  deck.addAnalysis(spice::DcSweepAnalysis{"Vb1p", network.spec().biasVoltage_v, network.spec().biasVoltage_v, 1.0});
  deck.addPrint("dc", outputs);
  deck.setOption("numdgt", 12);
  return deck;
}

TrainSummary train(const TrainConfig& config, const std::filesystem::path& out, bool verbose,
                   const EpochCallback& onEpoch) {
  if (std::filesystem::exists(out / "checkpoint.json"))
    throw std::runtime_error(out.string() + " already holds a training run (checkpoint.json); continue it with " +
                             "--resume " + out.string() + " or choose another --out");
  std::filesystem::create_directories(out);
  spice::Session session({verbose});
  TrainingRun run(config, session);
  io::writeFileAtomically(out / "config.toml", config.text);
  return carryOn(run, out, 0.0, onEpoch);
}

RestoredRun restoreRun(const std::filesystem::path& out, spice::Session& session) {
  const auto configFile = out / "config.toml";
  const auto checkpointFile = out / "checkpoint.json";
  if (!std::filesystem::exists(configFile) || !std::filesystem::exists(checkpointFile))
    throw std::runtime_error(out.string() + " holds no training run (needs config.toml and checkpoint.json)");
  const TrainConfig config = readTrainConfig(configFile);
  const nlohmann::json checkpoint = readJson(checkpointFile);
  auto run = std::make_unique<TrainingRun>(config, session);
  try {
    run->trainer().restore(checkpoint);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(checkpointFile.string() + ": not a valid checkpoint: " + e.what());
  }
  return {std::move(run), checkpoint.value("seconds", 0.0)};
}

TrainSummary resume(const std::filesystem::path& out, bool verbose, const EpochCallback& onEpoch) {
  spice::Session session({verbose});
  const RestoredRun restored = restoreRun(out, session);
  return carryOn(*restored.run, out, restored.seconds, onEpoch);
}

}  // namespace memcosim::commands
