// `memcosim export` as a separate process: decks per dialect, frozen or as trained, errors.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::commandOutput;
using memcosim::testing::Outcome;
using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;

}  // namespace

TEST_CASE("cli: export re-exports a run for each dialect, frozen or as trained", "[commands]") {
  const TemporaryFolder folder("export_cli");
  std::ofstream(folder / "tiny.toml") << "seed = 2\n[data]\ndataset = \"iris\"\n[network]\nhidden = [4]\n"
                                         "[training]\nepochs = 1\n";
  const fs::path run = folder / "run";
  const Outcome trained =
      runMemcosim("train --config " + (folder / "tiny.toml").string() + " --out " + run.string(), folder / "train_io");
  REQUIRE(trained.exitCode == 0);
  CHECK(fs::exists(run / "network_frozen.cir"));  // train writes both forms

  const Outcome gnucap = runMemcosim("export " + run.string() + " --dialect gnucap --sample 2", folder / "io");
  INFO(gnucap.err);
  CHECK(gnucap.exitCode == 0);
  CHECK_THAT(gnucap.out, Catch::Contains("network_gnucap.cir"));
  const std::string deck = readText(run / "network_gnucap.cir");
  CHECK(deck.find(".print dc") < deck.find(".dc Vb1p"));
  if (!commandOutput("command -v gnucap").empty())
    CHECK_THAT(commandOutput("gnucap -b " + (run / "network_gnucap.cir").string() + " 2>&1"),
               Catch::Contains("v(o0p)"));

  // Xyce: the training deck's solver options in Xyce's packages (checked by text: no Xyce here).
  const Outcome xyce = runMemcosim("export " + run.string() + " --dialect xyce", folder / "io");
  INFO(xyce.err);
  CHECK(xyce.exitCode == 0);
  const std::string xyceDeck = readText(run / "network_xyce.cir");
  CHECK_THAT(xyceDeck, Catch::Contains("\n.options nonlin maxstep=500 ") && !Catch::Contains("itl1"));

  const Outcome frozen =
      runMemcosim("export " + run.string() + " --frozen --out " + (folder / "f.cir").string(), folder / "io");
  CHECK(frozen.exitCode == 0);
  CHECK(fs::exists(folder / "f.cir"));

  const Outcome sample = runMemcosim("export " + run.string() + " --sample 99", folder / "io");
  CHECK(sample.exitCode == 1);
  CHECK_THAT(sample.err, Catch::Contains("--sample 99") && Catch::Contains("30 test samples"));
  const Outcome notRun = runMemcosim("export " + folder.path().string(), folder / "io");
  CHECK(notRun.exitCode == 1);
  CHECK_THAT(notRun.err, Catch::Contains("holds no training run"));
  const Outcome dialect = runMemcosim("export " + run.string() + " --dialect spectre", folder / "io");
  CHECK(dialect.exitCode != 0);
}
