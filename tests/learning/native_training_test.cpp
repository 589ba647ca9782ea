// EqProp with the native solver against EqProp in ngspice, with ideal and memristor weights:
// the same gradient estimates, the same training run to within one test sample, and a
// cross-check that stops on disagreement.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <regex>

#include "commands/train_config.h"
#include "commands/training_run.h"
#include "data/fixed_split.h"
#include "io/config.h"
#include "support.h"
#include "test_session.h"

using namespace memcosim;

namespace {

/// A shipped config (default: Iris with ideal weights) with `solver` and a shorter run.
commands::TrainConfig config(const std::string& solver, int epochs, const std::string& file = "eqprop_iris.toml") {
  auto c = commands::readTrainConfig(std::string(MEMCOSIM_EXAMPLES) + "/" + file);
  c.solver = solver;
  c.epochs = epochs;
  return c;
}

/// The shipped Iris MMS config with another device.
commands::TrainConfig deviceConfig(const std::string& device, const std::string& solver, int epochs) {
  auto c = config(solver, epochs, "eqprop_iris_mms.toml");
  c.weights.device = device;
  return c;
}

/// The estimates of both runs (any method) on their first ten training samples: cosine ≥ 0.9999 and
/// outputs within 1e-7 V.
void checkGradientsAgree(commands::TrainingRun& reference, commands::TrainingRun& native) {
  const auto& train = reference.trainer().train();
  for (std::size_t r = 0; r < 10; ++r) {
    const std::size_t batch[] = {r};  // any method's estimate, one sample at a time
    const auto a = reference.estimator().estimate(train, batch);
    const auto b = native.estimator().estimate(train, batch);
    const double cosine = a.gradientSum.dot(b.gradientSum) / (a.gradientSum.norm() * b.gradientSum.norm());
    INFO("sample " << r << ": cosine " << cosine);
    CHECK(cosine >= 0.9999);
    CHECK((a.outputs[0] - b.outputs[0]).cwiseAbs().maxCoeff() <= 1e-7);
  }
}

/// Both runs epoch by epoch: test accuracy within one test sample, train loss within 1e-4.
void checkHistoriesAgree(commands::TrainingRun& reference, commands::TrainingRun& native, int epochs) {
  const double oneSample = 1.0 / static_cast<double>(reference.trainer().test().labels.size());
  for (int epoch = 0; epoch < epochs; ++epoch) {
    const auto a = reference.trainer().runEpoch();
    const auto b = native.trainer().runEpoch();
    INFO("epoch " << epoch + 1 << ": test accuracy " << a.testAccuracy << " vs " << b.testAccuracy);
    CHECK(std::abs(a.testAccuracy - b.testAccuracy) <= oneSample + 1e-12);
    CHECK(b.trainLoss == Approx(a.trainLoss).epsilon(1e-4));
  }
}

}  // namespace

TEST_CASE("native training: gradient estimates equal ngspice's on the shipped Iris config", "[learning]") {
  commands::TrainingRun reference(config("ngspice", 1), testSession());
  commands::TrainingRun native(config("native", 1), testSession());
  checkGradientsAgree(reference, native);
}

TEST_CASE("native training: gradient estimates equal ngspice's on every shipped training config", "[learning]") {
  // MNIST-sized configs are left to bench/native_solver_bench: one ngspice sample takes seconds.
  int compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MEMCOSIM_EXAMPLES)) {
    const std::string file = entry.path().filename().string();
    const std::string text = memcosim::testing::readText(entry.path());
    if (entry.path().extension() != ".toml" || text.find("[sweep]") != std::string::npos) continue;
    // Before reading: a config on an unfetched set is refused by the reader.
    std::smatch dataset;
    if (std::regex_search(text, dataset, std::regex(R"re(\ndataset\s*=\s*"([^"]*)")re")) &&
        data::isFixedSplitDataset(dataset[1].str()))
      continue;
    auto reference = config("ngspice", 1, file);
    INFO(file);
    commands::TrainingRun ngspice(reference, testSession());
    commands::TrainingRun native(config("native", 1, file), testSession());
    checkGradientsAgree(ngspice, native);
    ++compared;
  }
  CHECK(compared >= 12);  // the shipped ones at the time of writing
}

TEST_CASE("native training: a run's history is within one test sample of the ngspice run", "[learning]") {
  commands::TrainingRun reference(config("ngspice", 3), testSession());
  commands::TrainingRun native(config("native", 3), testSession());
  checkHistoriesAgree(reference, native, 3);
}

TEST_CASE("native training: check_every solves in ngspice too and stops on a disagreement", "[learning]") {
  auto c = config("native", 1);
  c.checkEvery = 1;
  commands::TrainingRun checked(c, testSession());
  checked.trainer().runEpoch();
  const auto& native = dynamic_cast<solver::NativeDc&>(checked.solver());
  CHECK(native.checks() > 0);

  // The ngspice copy made to differ from the native circuit: the next check must stop.
  commands::TrainingRun broken(c, testSession());
  testSession().alter(broken.circuit().resistor(0), 1.0);
  const Eigen::VectorXd inputs = broken.trainer().train().inputs.row(0).transpose();
  // check_every = 1 batch: one operating point in batch_size·2 is checked.
  const int solvesPerCheck = 2 * c.training.batchSize;
  CHECK_THROWS_WITH(
      [&] {
        for (int k = 0; k < solvesPerCheck; ++k) broken.estimator().predict(inputs);
      }(),
      Catch::Contains("disagrees with ngspice") && Catch::Contains("check_tolerance"));
}

TEST_CASE("native training: device weights are accepted by the config with the native solver", "[learning]") {
  const std::string text =
      "[data]\ndataset = \"iris\"\n[weights]\ndevice = \"mms\"\nratio = 10\n"
      "[training]\nsolver = \"native\"\n";
  CHECK(commands::parseTrainConfig(text, "native.toml").solver == "native");
}

TEST_CASE("native training: device-weight gradient estimates equal ngspice's at random states", "[learning]") {
  for (const std::string device : {"mms", "stanford-pku"}) {
    commands::TrainingRun reference(deviceConfig(device, "ngspice", 1), testSession());
    commands::TrainingRun native(deviceConfig(device, "native", 1), testSession());
    INFO(device);
    checkGradientsAgree(reference, native);
  }
}

TEST_CASE("native training: an MMS device run's history is within one test sample of the ngspice run", "[learning]") {
  commands::TrainingRun reference(deviceConfig("mms", "ngspice", 2), testSession());
  commands::TrainingRun native(deviceConfig("mms", "native", 2), testSession());
  checkHistoriesAgree(reference, native, 2);
}

TEST_CASE("native training: an MMS device epoch passes a cross-check in ngspice every batch", "[learning]") {
  auto c = deviceConfig("mms", "native", 1);
  c.checkEvery = 1;  // the ngspice copy's states are altered alongside the native ones
  commands::TrainingRun checked(c, testSession());
  checked.trainer().runEpoch();
  CHECK(dynamic_cast<solver::NativeDc&>(checked.solver()).checks() > 0);
}
