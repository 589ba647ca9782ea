// Mini-batch training over a gradient estimator, its checkpoints and their validation.
#include "learning/trainer.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>

#include "io/number.h"
#include "io/random.h"
#include "learning/weights.h"

namespace memcosim::learning {

namespace {

void checkSamples(const Samples& s, int inputs, const char* what) {
  if (s.inputs.rows() != static_cast<Eigen::Index>(s.labels.size()))
    throw std::invalid_argument(std::string("training: ") + what + " split has " + std::to_string(s.inputs.rows()) +
                                " rows but " + std::to_string(s.labels.size()) + " labels");
  if (s.inputs.cols() != inputs)
    throw std::invalid_argument(std::string("training: ") + what + " split has " + std::to_string(s.inputs.cols()) +
                                " features, the network " + std::to_string(inputs) + " inputs");
}

}  // namespace

Trainer::Trainer(GradientEstimator& estimator, TrainingSettings settings, Samples train, Samples test)
    : estimator_(estimator),
      settings_(settings),
      train_(std::move(train)),
      test_(std::move(test)),
      optimizer_(settings.optimizer, static_cast<Eigen::Index>(estimator.weights().size())) {
  if (settings_.batchSize < 1) throw std::invalid_argument("training: batch size must be ≥ 1");
  checkSamples(train_, estimator_.inputCount(), "training");
  checkSamples(test_, estimator_.inputCount(), "test");
  for (const auto* s : {&train_, &test_})
    for (int label : s->labels)
      if (label < 0 || label >= estimator_.outputCount())
        throw std::invalid_argument("training: label " + std::to_string(label) + " outside the network's " +
                                    std::to_string(estimator_.outputCount()) + " outputs");
}

void Trainer::applyBatch(const Eigen::VectorXd& gradientSum, int count) {
  WeightBank& bank = estimator_.weights();
  const double gMax = bank.gMax();
  // ∂C/∂θ = G_max ∂C/∂G for θ = G/G_max.
  const Eigen::VectorXd step = optimizer_.step(gradientSum * (gMax / count));
  for (std::size_t w = 0; w < bank.size(); ++w) {
    const double delta = gMax * step(static_cast<Eigen::Index>(w));
    if (delta == 0.0) continue;
    const double before = bank.conductance(w);
    bank.apply(w, delta);
    if (bank.conductance(w) != before) estimator_.writeWeight(w);
  }
  estimator_.afterUpdate();
}

EpochRecord Trainer::runEpoch() {
  optimizer_.setLearningRate(settings_.optimizer.learningRate * std::pow(settings_.learningRateDecay, epoch()));
  const auto order = io::shuffledOrder(train_.labels.size(), settings_.seed, static_cast<std::uint64_t>(epoch()));
  const auto batchSize = static_cast<std::size_t>(settings_.batchSize);
  int correct = 0;
  double lossSum = 0.0;
  for (std::size_t start = 0; start < order.size(); start += batchSize) {
    const std::span<const std::size_t> batch(order.data() + start, std::min(batchSize, order.size() - start));
    const BatchEstimate e = estimator_.estimate(train_, batch);
    if (e.losses.size() != batch.size() || e.outputs.size() != batch.size() ||
        e.gradientSum.size() != static_cast<Eigen::Index>(estimator_.weights().size()))
      throw std::logic_error("training: the gradient estimator's answer does not match its batch");
    for (std::size_t k = 0; k < batch.size(); ++k) {
      lossSum += e.losses[k];
      correct += argmax(e.outputs[k]) == train_.labels[batch[k]] ? 1 : 0;
    }
    applyBatch(e.gradientSum, static_cast<int>(batch.size()));
  }
  EpochRecord record;
  record.epoch = epoch() + 1;
  const double n = static_cast<double>(order.size());
  record.trainLoss = lossSum / n;
  record.trainAccuracy = correct / n;
  record.testAccuracy = accuracy(test_);
  history_.push_back(record);
  return record;
}

std::vector<int> Trainer::predict(const Samples& samples) {
  std::vector<int> predicted;
  predicted.reserve(samples.labels.size());
  for (Eigen::Index r = 0; r < samples.inputs.rows(); ++r)
    predicted.push_back(argmax(estimator_.predict(samples.inputs.row(r).transpose())));
  return predicted;
}

double Trainer::accuracy(const Samples& samples) {
  if (samples.labels.empty()) return 0.0;
  const auto predicted = predict(samples);
  int correct = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) correct += predicted[i] == samples.labels[i] ? 1 : 0;
  return static_cast<double>(correct) / static_cast<double>(predicted.size());
}

nlohmann::json Trainer::save() const {
  nlohmann::json history = nlohmann::json::array();
  for (const auto& r : history_)
    history.push_back({{"epoch", r.epoch},
                       {"train_loss", r.trainLoss},
                       {"train_accuracy", r.trainAccuracy},
                       {"test_accuracy", r.testAccuracy}});
  nlohmann::json saved = {{"epoch", epoch()},
                          {"history", history},
                          {"optimizer", optimizer_.save()},
                          {"weights", estimator_.weights().save()}};
  if (nlohmann::json own = estimator_.save(); !own.is_null()) saved["estimator"] = std::move(own);
  return saved;
}

namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& problem) {
  throw CheckpointError(field + ": " + problem);
}

/// Checks a saved history before anything is restored: one record per epoch, numbered 1, 2, …,
/// with finite losses and accuracies in [0, 1].
std::vector<EpochRecord> readHistory(const nlohmann::json& saved) {
  if (!saved.is_object()) refuse("checkpoint", "not a JSON object");
  if (!saved.contains("epoch") || !saved.at("epoch").is_number_integer()) refuse("epoch", "missing or not an integer");
  const auto epoch = saved.at("epoch").get<long long>();
  if (epoch < 0) refuse("epoch", std::to_string(epoch) + " is negative");
  if (!saved.contains("history") || !saved.at("history").is_array()) refuse("history", "missing or not an array");
  const auto& history = saved.at("history");
  if (static_cast<long long>(history.size()) != epoch)
    refuse("history", "holds " + std::to_string(history.size()) + " epochs but epoch is " + std::to_string(epoch));
  std::vector<EpochRecord> records;
  for (const auto& r : history) {
    const std::string where = "history[" + std::to_string(records.size()) + "]";
    EpochRecord record;
    try {
      record = {r.at("epoch").get<int>(), r.at("train_loss").get<double>(), r.at("train_accuracy").get<double>(),
                r.at("test_accuracy").get<double>()};
    } catch (const nlohmann::json::exception&) {
      refuse(where, "needs integer epoch and numbers train_loss, train_accuracy, test_accuracy");
    }
    if (record.epoch != static_cast<int>(records.size()) + 1)
      refuse(where + ".epoch",
             std::to_string(record.epoch) + " where " + std::to_string(records.size() + 1) + " belongs");
    if (!std::isfinite(record.trainLoss) || record.trainLoss < 0.0)
      refuse(where + ".train_loss", "not a finite loss ≥ 0");
    for (const double a : {record.trainAccuracy, record.testAccuracy})
      if (!(a >= 0.0 && a <= 1.0)) refuse(where, "an accuracy outside [0, 1]");
    records.push_back(record);
  }
  return records;
}

}  // namespace

void Trainer::restore(const nlohmann::json& saved) {
  auto history = readHistory(saved);
  if (!saved.contains("optimizer")) refuse("optimizer", "missing");
  if (!saved.contains("weights")) refuse("weights", "missing");
  // A field of the wrong JSON type is named by its section.
  try {
    optimizer_.restore(saved.at("optimizer"));
  } catch (const nlohmann::json::exception& e) {
    refuse("optimizer", std::string("malformed (") + e.what() + ")");
  }
  WeightBank& bank = estimator_.weights();
  const std::vector<double> before = bank.conductances();
  try {
    bank.restore(saved.at("weights"));
  } catch (const nlohmann::json::exception& e) {
    refuse("weights", std::string("malformed (") + e.what() + ")");
  }
  for (std::size_t w = 0; w < bank.size(); ++w) {
    const double g = bank.conductance(w);
    if (!std::isfinite(g) || g < bank.gMin() * (1.0 - 1e-9) || g > bank.gMax() * (1.0 + 1e-9))
      refuse("weights", "weight " + std::to_string(w) + " has conductance " + io::formatNumber(g) +
                            " S, outside the window [" + io::formatNumber(bank.gMin()) + ", " +
                            io::formatNumber(bank.gMax()) + "] S");
  }
  try {
    estimator_.restore(saved.contains("estimator") ? saved.at("estimator") : nlohmann::json());
  } catch (const nlohmann::json::exception& e) {
    refuse("estimator", std::string("malformed (") + e.what() + ")");
  }
  history_ = std::move(history);
  // Only weights that moved since the start are written: the circuit then holds bit for bit
  // what an uninterrupted run holds (a value parsed from the deck and the same value sent by
  // `alter` need not read back identically in ngspice, and one ulp changes later pulses).
  for (std::size_t w = 0; w < bank.size(); ++w)
    if (bank.conductance(w) != before[w]) estimator_.writeWeight(w);
}

int epochsToTarget(const std::vector<EpochRecord>& history, double target) {
  if (!(target > 0.0)) return 0;
  for (const auto& r : history)
    if (r.testAccuracy >= target) return r.epoch;
  return 0;
}

int argmax(const Eigen::VectorXd& outputs) {
  Eigen::Index best = 0;
  outputs.maxCoeff(&best);
  return static_cast<int>(best);
}

}  // namespace memcosim::learning
