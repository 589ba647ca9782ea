// One training run assembled from a config: split, scaling, circuit, weights, solver, estimator, trainer.
#include "commands/training_run.h"
#include "io/random.h"

#include <stdexcept>

#include "circuits/spiking_network.h"
#include "data/dataset.h"
#include "data/fixed_split.h"
#include "devices/pulsed/pulsed_device.h"
#include "learning/device_weights.h"
#include "learning/pulsed_weights.h"

namespace memcosim::commands {

namespace {

/// The run's training and test parts: the set's own split (MNIST, Fashion-MNIST) or a stratified
/// split of the whole set.
data::Split readSplit(const TrainConfig& config) {
  if (data::isFixedSplitDataset(config.dataset))
    return data::loadFixedSplit(config.dataset, config.trainSamples, config.testSamples);
  return data::stratifiedSplit(data::loadDataset(config.dataset), config.testFraction, config.seed);
}

/// A part scaled into volts in place and handed on without a copy (MNIST's training part alone
/// is 60 000 × 784 doubles, 376 MB).
learning::Samples toSamples(data::Dataset&& part, const data::MinMaxScaler& scaler) {
  scaler.transformInPlace(part.features);
  return {std::move(part.features), std::move(part.labels)};
}

programming::WritePolicy writePolicy(const std::string& write) {
  return write == "verify"      ? programming::WritePolicy::Verify
         : write == "siamese"   ? programming::WritePolicy::Siamese
         : write == "open-loop" ? programming::WritePolicy::OpenLoop
                                : programming::WritePolicy::StepTable;
}

}  // namespace

std::unique_ptr<learning::WeightBank> makeWeightBank(const WeightConfig& config, std::size_t count,
                                                     std::mt19937_64& rng, spice::Session& session) {
  if (config.device == "ideal")
    return std::make_unique<learning::IdealWeights>(count, config.gMin_siemens, config.gMax_siemens, rng);
  if (devices::pulsed::isPulsedDevice(config.device)) {
    learning::PulsedWeightSettings settings;
    settings.device = config.device;
    settings.parameters = config.pulsed;
    settings.gMax_siemens = config.gMax_siemens;
    settings.ratio = config.ratio;
    settings.maxPulses = config.maxPulses;
    settings.accumulate = config.accumulate;
    settings.write = writePolicy(config.write);
    return std::make_unique<learning::PulsedWeights>(settings, count, rng);
  }
  learning::DeviceWeightSettings settings;
  settings.model = config.device;
  settings.rOn_ohm = 1.0 / config.gMax_siemens;
  settings.ratio = config.ratio;
  settings.parameters = config.parameters;
  settings.engine = config.engine == "ngspice" ? programming::PulseEngine::Ngspice : programming::PulseEngine::Native;
  settings.variation = config.variation;
  settings.maxPulses = config.maxPulses;
  settings.accumulate = config.accumulate;
  settings.write = writePolicy(config.write);
  return std::make_unique<learning::DeviceWeights>(settings, count, rng, session);
}

TrainingRun::TrainingRun(const TrainConfig& config, spice::Session& session) : config_(config), session_(&session) {
  data::Split split = readSplit(config_);
  data::MinMaxScaler scaler(config_.inputLow_volt, config_.inputHigh_volt);
  scaler.fit(split.train.features);

  circuit_ =
      config_.method->circuit(static_cast<int>(split.train.features.cols()), static_cast<int>(split.train.classes()));

  const auto* spiking = dynamic_cast<const circuits::SpikingNetwork*>(circuit_.get());
  if (spiking && !spiking->spec().programDevice.empty() && config_.weights.device != "ideal")
    throw std::invalid_argument(config_.file.string() + ": snn.program_device writes ideal conductances into " +
                                "devices after training, but [weights] device = \"" + config_.weights.device +
                                "\" trains device weights already; remove one of the two");

  // Initial weights and device variation draw from their own stream of the seed, so changing
  // the split or order never changes them.
  std::mt19937_64 rng = io::seedStream(config_.seed, 1);
  weights_ = makeWeightBank(config_.weights, circuit_->weightCount(), rng, session);
  if (config_.solver == "native")
    // check_every counts batches; each training sample solves two operating points (EqProp's phases).
    solver_ = std::make_unique<solver::NativeDc>(&session, config_.checkEvery * config_.training.batchSize * 2,
                                                 config_.checkTolerance_volt);
  else
    solver_ = std::make_unique<solver::NgspiceDc>(session);
  estimator_ = config_.method->estimator(*circuit_, *weights_, *solver_, config_.loss, config_.seed);
  trainer_ =
      std::make_unique<learning::Trainer>(*estimator_, config_.training, toSamples(std::move(split.train), scaler),
                                          toSamples(std::move(split.test), scaler));
}

}  // namespace memcosim::commands
