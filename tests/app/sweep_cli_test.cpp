// `memcosim sweep` as a separate process: worker processes, MPI ranks, one merged table.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "commands/sweep_command.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::readText;

/// A folder with a tiny base config and a 2 models × 1 ratio × 2 seeds grid.
fs::path tinyGrid(const std::string& name, const std::string& models = R"(["ideal", "mms"])") {
  const fs::path dir = fs::temp_directory_path() / ("memcosim_sweep_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "base.toml") << "seed = 1\n[data]\ndataset = \"iris\"\n[network]\nhidden = [3]\n"
                                      "[weights]\ndevice = \"mms\"\ng_max = 1e-5\nratio = 10\n[training]\nepochs = 1\n";
  std::ofstream(dir / "grid.toml") << "[sweep]\nconfigs = [\"base.toml\"]\nmodels = " << models
                                   << "\nratios = [10]\nseeds = [1, 2]\n";
  return dir;
}

int run(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void checkTable(const fs::path& out) {
  const auto rows = memcosim::commands::parseResultsCsv(readText(out / "results.csv"));
  REQUIRE(rows.size() == 4);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].index == i);
    CHECK(rows[i].status == "ok");
    CHECK(rows[i].epochs == 1);
    CHECK(rows[i].testAccuracy >= 0.0);
  }
  CHECK(rows[0].job.model == "ideal");
  CHECK(rows[0].pulses == 0);
  CHECK(rows[2].job.model == "mms");
  CHECK(rows[2].pulses > 0);
  CHECK_THAT(readText(out / "summary.csv"), Catch::Contains("iris,mms,10,2,"));
  CHECK(fs::exists(out / "range_iris.png"));
}

}  // namespace

TEST_CASE("sweep: worker processes run the grid and merge one table", "[app]") {
  const fs::path dir = tinyGrid("workers");
  REQUIRE(run(std::string(MEMCOSIM_BINARY) + " sweep --config " + (dir / "grid.toml").string() + " --out " +
              (dir / "out").string() + " --workers 2 > /dev/null 2>&1") == 0);
  checkTable(dir / "out");
  fs::remove_all(dir);
}

TEST_CASE("sweep: under mpirun -np 2 each rank runs its share and rank 0 merges", "[app]") {
  if (run("command -v mpirun > /dev/null 2>&1") != 0) {
    WARN("mpirun is not installed; skipped");
    return;
  }
  const fs::path dir = tinyGrid("mpi");
  // Root in CI containers: OpenMPI refuses root unless told; --oversubscribe allows 2 ranks on 1 core.
  REQUIRE(run("mpirun --allow-run-as-root --oversubscribe -np 2 " + std::string(MEMCOSIM_BINARY) +
              " sweep --workers 1 --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string() +
              " > " + (dir / "log").string() + " 2>&1") == 0);
  INFO(readText(dir / "log"));
  checkTable(dir / "out");
  // Same grid in worker processes: the same numbers, whoever ran them.
  REQUIRE(run(std::string(MEMCOSIM_BINARY) + " sweep --config " + (dir / "grid.toml").string() + " --out " +
              (dir / "again").string() + " > /dev/null 2>&1") == 0);
  const auto a = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  const auto b = memcosim::commands::parseResultsCsv(readText(dir / "again" / "results.csv"));
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].testAccuracy == b[i].testAccuracy);
    CHECK(a[i].pulses == b[i].pulses);
  }
  fs::remove_all(dir);
}

TEST_CASE("sweep: a bad grid fails before any job runs, naming file, line and field", "[app]") {
  const fs::path dir = tinyGrid("bad", R"(["ideal", "no-such-model"])");
  CHECK_THROWS_WITH(memcosim::commands::readSweepConfig(dir / "grid.toml"), Catch::Contains("grid.toml:3") &&
                                                                                Catch::Contains("sweep.models") &&
                                                                                Catch::Contains("no-such-model"));
  fs::remove_all(dir);
}
