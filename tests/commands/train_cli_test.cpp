// `memcosim train` as a separate process: progress lines, output files, errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::Outcome;
using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;

}  // namespace

TEST_CASE("cli: train writes its files and reports every epoch", "[commands]") {
  const TemporaryFolder dir("train_cli");
  std::ofstream(dir / "tiny.toml") << "seed = 2\n[data]\ndataset = \"iris\"\n[network]\nhidden = [4]\n"
                                      "[training]\nepochs = 2\n";
  const auto run =
      runMemcosim("train --config " + (dir / "tiny.toml").string() + " --out " + (dir / "run").string(), dir.path());
  CHECK(run.exitCode == 0);
  CHECK_THAT(run.out,
             Catch::Contains("epoch    1") && Catch::Contains("epoch    2") && Catch::Contains("test accuracy"));
  for (const char* file : {"history.csv", "summary.json", "learning_curves.png", "network.cir", "network_inputs.csv",
                           "checkpoint.json", "config.toml"})
    CHECK(fs::exists(dir / "run" / file));
  CHECK_THAT(readText(dir / "run" / "summary.json"), Catch::Contains("\"programming\": null"));  // ideal weights
  const auto again = runMemcosim("train --resume " + (dir / "run").string(), dir.path());        // already complete
  CHECK(again.exitCode == 0);
  CHECK_THAT(again.out, Catch::Contains("after 2 epochs"));

  std::ofstream(dir / "bad.toml") << "[data]\ndataset = \"iris\"\n[training]\nbatch_size = 0\n";
  const auto bad =
      runMemcosim("train --config " + (dir / "bad.toml").string() + " --out " + (dir / "bad").string(), dir.path());
  CHECK(bad.exitCode == 1);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:4") && Catch::Contains("training.batch_size"));
  CHECK_FALSE(fs::exists(dir / "bad" / "summary.json"));
  CHECK(runMemcosim("train", dir.path()).exitCode != 0);
}

TEST_CASE("cli: train refuses bad device parameters and an empty config before making its folder", "[commands]") {
  const TemporaryFolder dir("train_cli_refused");
  std::ofstream(dir / "params.toml") << "[data]\ndataset = \"iris\"\n[weights]\ndevice = \"mms\"\n"
                                        "params = [\"foo=1\"]\n";
  const auto params =
      runMemcosim("train --config " + (dir / "params.toml").string() + " --out " + (dir / "p").string(), dir.path());
  CHECK(params.exitCode == 1);
  CHECK_THAT(params.err, Catch::Contains("params.toml:5") && Catch::Contains("weights.params"));
  CHECK_FALSE(fs::exists(dir / "p"));

  std::ofstream(dir / "empty.toml") << "";
  const auto empty =
      runMemcosim("train --config " + (dir / "empty.toml").string() + " --out " + (dir / "e").string(), dir.path());
  CHECK(empty.exitCode == 1);
  CHECK_THAT(empty.err, Catch::Contains("empty.toml:1") && Catch::Contains("data.dataset: missing"));
  CHECK_FALSE(fs::exists(dir / "e"));
}
