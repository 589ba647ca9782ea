// `memcosim train` as a separate process: progress lines, output files, errors.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::readText;
using memcosim::testing::runMemcosim;

}  // namespace

TEST_CASE("cli: train writes its files and reports every epoch", "[app]") {
  const fs::path dir = fs::temp_directory_path() / ("memcosim_train_cli_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "tiny.toml") << "seed = 2\n[data]\ndataset = \"iris\"\n[network]\nhidden = [4]\n"
                                      "[training]\nepochs = 2\n";
  const auto run =
      runMemcosim("train --config " + (dir / "tiny.toml").string() + " --out " + (dir / "run").string(), dir);
  CHECK(run.exitCode == 0);
  CHECK_THAT(run.out,
             Catch::Contains("epoch    1") && Catch::Contains("epoch    2") && Catch::Contains("test accuracy"));
  for (const char* file : {"history.csv", "summary.json", "learning_curves.png", "network.cir", "network_inputs.csv",
                           "checkpoint.json", "config.toml"})
    CHECK(fs::exists(dir / "run" / file));
  const auto again = runMemcosim("train --resume " + (dir / "run").string(), dir);  // already complete
  CHECK(again.exitCode == 0);
  CHECK_THAT(again.out, Catch::Contains("after 2 epochs"));

  std::ofstream(dir / "bad.toml") << "[data]\ndataset = \"iris\"\n[training]\nbatch_size = 0\n";
  const auto bad =
      runMemcosim("train --config " + (dir / "bad.toml").string() + " --out " + (dir / "bad").string(), dir);
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:4") && Catch::Contains("training.batch_size"));
  CHECK_FALSE(fs::exists(dir / "bad" / "summary.json"));
  CHECK(runMemcosim("train", dir).exitCode != 0);
  fs::remove_all(dir);
}
