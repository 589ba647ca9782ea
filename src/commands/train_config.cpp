// The `memcosim train` config: reading, defaults and validation with file:line:field errors.
#include "commands/train_config.h"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "data/dataset.h"
#include "data/fixed_split.h"
#include "devices/pulsed/pulsed_device.h"
#include "io/config.h"
#include "io/number.h"
#include "programming/weight_models.h"

namespace memcosim::commands {

namespace {

bool isBuiltinDataset(const std::string& name) {
  const auto names = data::builtinDatasetNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::string fixedSplitDatasets() { return joined(data::fixedSplitDatasetNames()); }

/// Every data set known by name: the shipped ones, then those with their own split.
std::string knownDatasets() { return joined(data::builtinDatasetNames()) + ", " + fixedSplitDatasets(); }

/// [data] keys of how a set is split: test_fraction for a set split here; train_samples and
/// test_samples (the first N of each part) for a set with its own split, whose files must be
/// on this machine.
void readSplitKeys(io::ConfigTable& data, TrainConfig& c) {
  if (!data::isFixedSplitDataset(c.dataset)) {
    for (const char* key : {"train_samples", "test_samples"})
      if (data.has(key))
        data.fail(key, "is for a data set with its own training and test parts (" + fixedSplitDatasets() + "); \"" +
                           c.dataset + "\" is split by test_fraction");
    c.testFraction = data.number("test_fraction", c.testFraction, 0.01, 0.99);
    return;
  }
  const data::PartSizes sizes = data::fixedSplitSizes(c.dataset);
  if (data.has("test_fraction"))
    data.fail("test_fraction", "\"" + c.dataset + "\" comes with its own split (" + std::to_string(sizes.train) +
                                   " training, " + std::to_string(sizes.test) +
                                   " test samples); remove test_fraction, or set train_samples and test_samples "
                                   "for a smaller run");
  c.trainSamples = static_cast<std::size_t>(
      data.integer("train_samples", static_cast<long>(sizes.train), 1, static_cast<long>(sizes.train)));
  c.testSamples = static_cast<std::size_t>(
      data.integer("test_samples", static_cast<long>(sizes.test), 1, static_cast<long>(sizes.test)));
}

/// The method `method = "<name>"` names (default "eqprop").
std::shared_ptr<TrainingMethod> readMethod(io::ConfigTable& root) {
  const std::string name = root.text("method", "eqprop", trainingMethodNames());
  return makeTrainingMethod(name);
}

/// Keys of [weights] that only a physical model reads, and what a pulse-level device calls them.
const std::vector<std::pair<std::string, std::string>> kPhysicalOnlyKeys = {
    {"params", "its keys in [weights.pulsed]"},           {"engine", "no engine: its pulses are steps"},
    {"device_to_device", "[weights.pulsed] dw_min_dtod"}, {"cycle_to_cycle", "[weights.pulsed] dw_min_std"},
    {"read_noise", "[weights.pulsed] read_noise"},        {"p_stuck", "[weights.pulsed] p_stuck"},
    {"stuck_at_max", "[weights.pulsed] stuck_at_max"},    {"states", "[weights.pulsed] states"}};

/// [weights.pulsed]: the device's keys as text, each checked where it stands, then together.
std::map<std::string, std::string> readPulsedKeys(io::ConfigTable& weights, const std::string& device,
                                                  const std::filesystem::path& file) {
  std::map<std::string, std::string> keys;
  auto pulsed = weights.table("pulsed");
  for (const auto& key : pulsed.keys()) {
    const toml::node* node = pulsed.rawNode(key);
    std::string text;
    if (node->is_number())
      text = io::formatNumber(*node->value<double>());
    else if (node->is_string())
      text = *node->value<std::string>();
    else
      pulsed.fail(key, "needs a number (or text for a table's file and start)");
    if (key == "w_init") pulsed.fail(key, "weights start uniformly in [g_min, g_max]; remove it");
    if (key == "file" && std::filesystem::path(text).is_relative() && !std::filesystem::exists(text))
      text = std::filesystem::absolute(file.parent_path() / text).string();  // beside the config
    try {
      devices::pulsed::checkPulsedKey(device, key, text);
    } catch (const std::exception& e) {
      pulsed.fail(key, e.what());
    }
    keys[key] = text;
  }
  pulsed.finish();
  try {
    devices::pulsed::makePulsedDevice(device, keys, 0);
  } catch (const std::exception& e) {
    weights.fail("pulsed", e.what());
  }
  return keys;
}

/// The keys of [weights] for either kind of device: the window and how it is written.
void readDeviceKeys(io::ConfigTable& weights, WeightConfig& w) {
  if (weights.has("g_min")) weights.fail("g_min", "set by g_max / ratio for a device; remove it");
  w.ratio = weights.numberAbove("ratio", w.ratio, 1.0, 1e9);
  w.gMin_siemens = w.gMax_siemens / w.ratio;
  w.maxPulses = static_cast<int>(weights.integer("max_pulses", w.maxPulses, 0, 1000000));
  w.accumulate = weights.flag("accumulate", w.accumulate);
  w.write = weights.text("write", w.write, {"step-table", "open-loop", "verify", "siamese"});
}

/// [weights]: ideal conductances, a physical model or a pulse-level device, each with its keys.
WeightConfig readWeights(io::ConfigTable& root, const std::filesystem::path& file) {
  auto weights = root.table("weights");
  WeightConfig w;
  w.device = weights.text("device", w.device, weightDeviceNames());
  w.gMax_siemens = weights.number("g_max", w.gMax_siemens, 1e-15, 1e3);
  const bool pulsed = devices::pulsed::isPulsedDevice(w.device);
  if (weights.has("pulsed") && !pulsed)
    weights.fail("pulsed", "holds a pulse-level device's keys; \"" + w.device + "\" is not one");
  if (w.device == "ideal") {
    w.gMin_siemens = weights.number("g_min", w.gMin_siemens, 1e-15, 1e3);
    if (w.gMin_siemens >= w.gMax_siemens) weights.fail("g_min", "must be below g_max");
  } else if (pulsed) {
    for (const auto& [key, instead] : kPhysicalOnlyKeys)
      if (weights.has(key)) weights.fail(key, "is for a physical model; for \"" + w.device + "\" use " + instead);
    readDeviceKeys(weights, w);
    w.pulsed = readPulsedKeys(weights, w.device, file);
  } else {
    readDeviceKeys(weights, w);
    w.parameters = weights.texts("params", {});
    checkDeviceWindow(weights, w);
    w.engine = weights.text("engine", w.engine, {"native", "ngspice"});
    w.variation.deviceToDevice = weights.number("device_to_device", 0.0, 0.0, 10.0);
    w.variation.cycleToCycle = weights.number("cycle_to_cycle", 0.0, 0.0, 10.0);
    w.variation.readNoise = weights.number("read_noise", 0.0, 0.0, 10.0);
    w.variation.stuckProbability = weights.number("p_stuck", 0.0, 0.0, 1.0);
    w.variation.stuckAtMax = weights.number("stuck_at_max", 0.5, 0.0, 1.0);
    w.variation.states = static_cast<int>(weights.integer("states", 0, 0, 1000000));
    if (w.variation.states == 1) weights.fail("states", "must be 0 (continuous) or at least 2");
  }
  weights.finish();
  return w;
}

}  // namespace

std::vector<std::string> weightDeviceNames() {
  std::vector<std::string> names{"ideal"};
  for (const auto& name : programming::weightModelNames()) names.push_back(name);
  for (const auto& name : devices::pulsed::pulsedDeviceNames()) names.push_back(name);
  return names;
}

bool isPhysicalDevice(const std::string& device) {
  return device != "ideal" && !devices::pulsed::isPulsedDevice(device);
}

void checkDeviceWindow(io::ConfigTable& weights, const WeightConfig& w) {
  // Blame the ratio when the model cannot span it at all, the overrides when they break it.
  try {
    programming::fitWindow(w.device, 1.0 / w.gMax_siemens, w.ratio, {});
  } catch (const std::exception& e) {
    weights.fail("ratio", e.what());
  }
  if (w.parameters.empty()) return;
  try {
    programming::fitWindow(w.device, 1.0 / w.gMax_siemens, w.ratio, w.parameters);
  } catch (const std::exception& e) {
    weights.fail("params", e.what());
  }
}

TrainConfig readTrainConfig(const std::filesystem::path& file) {
  return parseTrainConfig(io::ConfigTable::readFile(file), file);
}

TrainConfig parseTrainConfig(const std::string& text, const std::filesystem::path& file,
                             const std::filesystem::path& alsoBeside) {
  auto root = io::ConfigTable::parse(text, file);
  TrainConfig c;
  c.file = file;
  c.text = text;
  c.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0, std::numeric_limits<long>::max()));
  std::shared_ptr<TrainingMethod> method = readMethod(root);

  auto data = root.table("data");
  const bool hasDataset = data.has("dataset");
  c.dataset = data.text("dataset", c.dataset);
  if (!isBuiltinDataset(c.dataset) && !data::isFixedSplitDataset(c.dataset)) {
    // A CSV path: as given (relative to the working folder), else beside the config file, else
    // in `alsoBeside` (where a resumed run's config first was).
    std::filesystem::path csv = c.dataset;
    if (csv.is_relative() && !std::filesystem::exists(csv)) csv = file.parent_path() / csv;
    if (!std::filesystem::exists(csv) && !alsoBeside.empty() && std::filesystem::path(c.dataset).is_relative())
      csv = alsoBeside / c.dataset;
    if (!std::filesystem::exists(csv))
      data.fail("dataset",
                "\"" + c.dataset + "\" is neither a known data set (" + knownDatasets() + ") nor a CSV file");
    c.dataset = std::filesystem::absolute(csv).string();
  }
  readSplitKeys(data, c);
  c.inputLow_volt = data.number("input_low", c.inputLow_volt, -10.0, 10.0);
  c.inputHigh_volt = data.number("input_high", c.inputHigh_volt, -10.0, 10.0);
  if (c.inputHigh_volt <= c.inputLow_volt) data.fail("input_high", "must be above input_low");
  data.finish();
  if (data::isFixedSplitDataset(c.dataset)) {
    try {
      data::requireFixedSplitFiles(c.dataset);  // after the keys' checks: a typo is reported first
    } catch (const data::DataError& e) {
      data.fail("dataset", e.what());
    }
  }

  method->setInputRange(c.inputLow_volt, c.inputHigh_volt);
  method->readCircuit(root);

  c.weights = readWeights(root, file);

  auto training = root.table("training");
  c.epochs = static_cast<int>(training.integer("epochs", c.epochs, 1, 1000000));
  c.solver = training.text("solver", c.solver, {"ngspice", "native"});
  c.checkEvery = training.integer("check_every", 0, 0, 1000000000);
  c.checkTolerance_volt = training.number("check_tolerance", c.checkTolerance_volt, 0.0, 1.0);
  c.training.batchSize = static_cast<int>(training.integer("batch_size", c.training.batchSize, 1, 1000000));
  auto& o = c.training.optimizer;
  o.kind = learning::parseOptimizerKind(training.text("optimizer", "sgd", {"sgd", "momentum", "rmsprop", "adam"}));
  o.learningRate = training.number("learning_rate", o.learningRate, 1e-12, 1e6);
  o.momentum = training.number("momentum", o.momentum, 0.0, 0.999999);
  o.decay = training.number("rmsprop_decay", o.decay, 0.0, 0.999999);
  c.training.learningRateDecay = training.number("learning_rate_decay", 1.0, 1e-6, 1.0);
  c.targetAccuracy = training.number("target_accuracy", 0.0, 0.0, 1.0);
  auto& loss = c.loss;
  loss.kind = learning::parseLossKind(training.text("loss", "cross-entropy", {"cross-entropy", "squared-error"}));
  loss.temperature_volt = training.number("temperature", loss.temperature_volt, 1e-6, 100.0);
  loss.targetHigh_volt = training.number("target_high", loss.targetHigh_volt, -100.0, 100.0);
  loss.targetLow_volt = training.number("target_low", loss.targetLow_volt, -100.0, 100.0);
  method->readSettings(root, training);
  training.finish();
  c.method = std::move(method);
  c.training.seed = c.seed;
  root.finish();
  // Last, so that a config with only a typo or a bad value gets that error first.
  if (!hasDataset)
    data.fail("dataset",
              "missing: a config must name its data set ([data] dataset = \"iris\", another shipped set, or a CSV "
              "file); every other field has a default");
  return c;
}

}  // namespace memcosim::commands
