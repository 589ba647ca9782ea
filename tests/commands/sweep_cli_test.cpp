// `memcosim sweep` as a separate process: worker processes, MPI ranks, one merged table; rows
// kept as jobs finish, through signals, a killed parent, failures and --resume.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <toml++/toml.h>

#include "commands/sweep_command.h"
#include "commands/train_config.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

using memcosim::testing::readText;
using memcosim::testing::runMemcosim;
using memcosim::testing::TemporaryFolder;

/// Writes a tiny base config and a models × 1 ratio × seeds grid into `dir`.
void tinyGrid(const fs::path& dir, const std::string& models = R"(["ideal", "mms"])",
              const std::string& seeds = "[1, 2]", int epochs = 1, const std::string& dataset = "\"iris\"") {
  std::ofstream(dir / "base.toml") << "seed = 1\n[data]\ndataset = " << dataset
                                   << "\n[network]\nhidden = [3]\n[weights]\ndevice = \"mms\"\ng_max = 1e-5\n"
                                      "ratio = 10\n[training]\nepochs = "
                                   << epochs << "\n";
  std::ofstream(dir / "grid.toml") << "[sweep]\nconfigs = [\"base.toml\"]\nmodels = " << models
                                   << "\nratios = [10]\nseeds = " << seeds << "\n";
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
  CHECK_THAT(readText(out / "summary.csv"), Catch::Contains("iris,mms,10,2,0,"));
  CHECK(fs::exists(out / "range_iris.png"));
}

/// Starts memcosim with `arguments` as a child of this process (stdout and stderr to files in
/// `folder`); the caller signals and waits for it by pid.
pid_t startMemcosim(const std::vector<std::string>& arguments, const fs::path& folder) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int out = ::open((folder / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open((folder / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, 1);
    ::dup2(err, 2);
    std::vector<char*> argv{const_cast<char*>(MEMCOSIM_BINARY)};
    for (const auto& a : arguments) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(MEMCOSIM_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

/// Exit code (or 128 + signal) of a child started by startMemcosim.
int waitFor(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/// Rows in `results` (lines after the header), waiting up to a minute until there are `rows`.
std::size_t waitForRows(const fs::path& results, std::size_t rows) {
  std::size_t count = 0;
  for (int k = 0; k < 1200; ++k) {
    const std::string text = readText(results);
    count = text.empty() ? 0 : static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) - 1;
    if (count >= rows) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return count;
}

/// Live (not zombie) processes whose command line mentions `text`.
int processesMentioning(const std::string& text) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos || name == std::to_string(::getpid())) continue;
    std::string commandLine = readText(entry.path() / "cmdline");
    std::replace(commandLine.begin(), commandLine.end(), '\0', ' ');
    if (commandLine.find(text) != std::string::npos) ++count;
  }
  return count;
}

}  // namespace

TEST_CASE("sweep: worker processes run the grid and merge one table", "[commands]") {
  const TemporaryFolder dir("sweep_workers");
  tinyGrid(dir.path());
  const auto outcome = runMemcosim(
      "sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string() + " --workers 2",
      dir.path());
  REQUIRE(outcome.exitCode == 0);
  checkTable(dir / "out");
  CHECK_THAT(outcome.out, Catch::Contains("range_iris.png") && !Catch::Contains("<dataset>"));
  CHECK(fs::exists(dir / "out" / "sweep.json"));
}

TEST_CASE("sweep: under mpirun -np 2 each rank runs its share and rank 0 merges", "[commands]") {
  if (run("command -v mpirun > /dev/null 2>&1") != 0) {
    WARN("mpirun is not installed; skipped");
    return;
  }
  const TemporaryFolder folder("sweep_mpi");
  const fs::path& dir = folder.path();
  tinyGrid(dir);
  // Root in CI containers: OpenMPI refuses root unless told; --oversubscribe allows 2 ranks on 1 core.
  const std::string mpirun = "mpirun --allow-run-as-root --oversubscribe -np 2 " + std::string(MEMCOSIM_BINARY);
  REQUIRE(run(mpirun + " sweep --workers 1 --config " + (dir / "grid.toml").string() + " --out " +
              (dir / "out").string() + " > " + (dir / "log").string() + " 2>&1") == 0);
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
  // A resume under mpirun with two rows missing runs those two only.
  const auto rows = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  std::ofstream(dir / "out" / "results.csv") << memcosim::commands::resultsCsv({rows[0], rows[3]});
  REQUIRE(run(mpirun + " sweep --workers 1 --resume " + (dir / "out").string() + " > " + (dir / "log2").string() +
              " 2>&1") == 0);
  const std::string log = readText(dir / "log2");
  INFO(log);
  CHECK_THAT(log, Catch::Contains("job 1 ") && Catch::Contains("job 2 ") && !Catch::Contains("job 0 ") &&
                      !Catch::Contains("job 3 "));
  checkTable(dir / "out");
}

TEST_CASE("sweep: a bad grid fails before any job runs, naming file, line and field", "[commands]") {
  const TemporaryFolder dir("sweep_bad");
  tinyGrid(dir.path(), R"(["ideal", "no-such-model"])");
  CHECK_THROWS_WITH(memcosim::commands::readSweepConfig(dir / "grid.toml"), Catch::Contains("grid.toml:3") &&
                                                                                Catch::Contains("sweep.models") &&
                                                                                Catch::Contains("no-such-model"));
  // A model that cannot realise a ratio with the base params: refused up front, nothing written.
  tinyGrid(dir.path(), R"(["nonlinear-ion-drift"])");
  std::string grid = readText(dir / "grid.toml");
  grid.replace(grid.find("ratios = [10]"), 13, "ratios = [5000]");
  std::ofstream(dir / "grid.toml") << grid;
  const auto refused =
      runMemcosim("sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string(), dir.path());
  CHECK(refused.exitCode == 1);
  CHECK_THAT(refused.err,
             Catch::Contains("grid.toml:3") && Catch::Contains("nonlinear-ion-drift") && Catch::Contains("5000"));
  CHECK_FALSE(fs::exists(dir / "out"));
  grid.replace(grid.find("ratios = [5000]"), 15, "ratios = [1]");
  std::ofstream(dir / "grid.toml") << grid;
  CHECK_THROWS_WITH(memcosim::commands::readSweepConfig(dir / "grid.toml"), Catch::Contains("must be > 1"));
}

TEST_CASE("sweep: an existing sweep folder needs --resume, which runs only the missing jobs", "[commands]") {
  const TemporaryFolder dir("sweep_resume");
  tinyGrid(dir.path());
  const std::string grid = (dir / "grid.toml").string(), out = (dir / "out").string();
  REQUIRE(runMemcosim("sweep --config " + grid + " --out " + out, dir.path()).exitCode == 0);
  const auto again = runMemcosim("sweep --config " + grid + " --out " + out, dir.path());
  CHECK(again.exitCode == 1);
  CHECK_THAT(again.err, Catch::Contains("already holds a sweep") && Catch::Contains("--resume " + out));
  fs::create_directories(dir / "other");
  std::ofstream(dir / "other" / "notes.txt") << "mine";
  const auto other = runMemcosim("sweep --config " + grid + " --out " + (dir / "other").string(), dir.path());
  CHECK(other.exitCode == 1);
  CHECK(readText(dir / "other" / "notes.txt") == "mine");
  std::ofstream(dir / "afile") << "";
  const auto file = runMemcosim("sweep --config " + grid + " --out " + (dir / "afile").string(), dir.path());
  CHECK(file.exitCode == 1);
  CHECK_THAT(file.err, Catch::Contains("is not a folder"));

  const auto rows = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  REQUIRE(rows.size() == 4);
  std::ofstream(dir / "out" / "results.csv") << memcosim::commands::resultsCsv({rows[1], rows[2]}) << "3,torn";
  const auto resumed = runMemcosim("sweep --resume " + out, dir.path());
  INFO(resumed.err);
  CHECK(resumed.exitCode == 0);
  CHECK_THAT(resumed.err, Catch::Contains("job 0 ") && Catch::Contains("job 3 ") && !Catch::Contains("job 1 ") &&
                              !Catch::Contains("job 2 ") && Catch::Contains("unfinished last line"));
  checkTable(dir / "out");
  // --config with --resume must describe the same grid.
  CHECK(runMemcosim("sweep --resume " + out + " --config " + grid, dir.path()).exitCode == 0);
  tinyGrid(dir.path(), R"(["ideal", "mms"])", "[1, 3]");
  const auto mismatch = runMemcosim("sweep --resume " + out + " --config " + grid, dir.path());
  CHECK(mismatch.exitCode == 1);
  CHECK_THAT(mismatch.err, Catch::Contains("job 1") && Catch::Contains("seed 3"));
  // Rows that do not belong to the recorded grid are refused.
  std::string results = readText(dir / "out" / "results.csv");
  results.replace(results.find(",ideal,10,2,"), 12, ",ideal,10,9,");
  std::ofstream(dir / "out" / "results.csv") << results;
  const auto foreign = runMemcosim("sweep --resume " + out, dir.path());
  CHECK(foreign.exitCode == 1);
  CHECK_THAT(foreign.err, Catch::Contains("results.csv:3") && Catch::Contains("does not match"));
  std::ofstream(dir / "out" / "results.csv", std::ios::binary)
      << memcosim::commands::resultsCsv({rows[0]}) << std::string("\x89PNG\x1a\xff\0garbage\n", 15);
  const auto garbage = runMemcosim("sweep --resume " + out, dir.path());
  CHECK(garbage.exitCode == 1);
  CHECK_THAT(garbage.err, Catch::Contains("results.csv:3: not a result row") && !Catch::Contains("garbage"));
}

TEST_CASE("sweep: failed jobs make a non-zero exit, are listed, and counted as failed in the summary", "[commands]") {
  const TemporaryFolder dir("sweep_failed");
  std::ofstream(dir / "broken.csv") << "x,label\nnot a number,0\n";
  tinyGrid(dir.path(), R"(["ideal"])", "[1, 2]", 1, "\"broken.csv\"");
  const auto outcome =
      runMemcosim("sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string(), dir.path());
  CHECK(outcome.exitCode == 2);
  CHECK_THAT(outcome.err, Catch::Contains("2 of 2 jobs failed") && Catch::Contains("job 0 (base.toml, ideal") &&
                              Catch::Contains("job 1 (base.toml, ideal"));
  const auto rows = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  REQUIRE(rows.size() == 2);
  CHECK_THAT(rows[0].status, Catch::StartsWith("failed: "));
  CHECK_THAT(rows[0].dataset, Catch::EndsWith("broken.csv"));
  CHECK(readText(dir / "out" / "summary.csv") ==
        "dataset,model,ratio,runs,failed,mean_test_accuracy,std_test_accuracy,reached,mean_epochs_to_target,"
        "std_epochs_to_target\nbroken,ideal,10,0,2,,,0,,\n");
}

TEST_CASE("sweep: SIGTERM stops the workers and keeps finished rows, and --resume completes", "[commands]") {
  const TemporaryFolder dir("sweep_sigterm");
  tinyGrid(dir.path(), R"(["ideal"])", "[1, 2, 3, 4, 5, 6]", 3);
  std::ofstream(dir / "grid.toml", std::ios::app) << "grid.\"training.learning_rate\" = [0.05]\n";
  const std::string out = (dir / "out").string();
  const pid_t pid =
      startMemcosim({"sweep", "--config", (dir / "grid.toml").string(), "--out", out, "--workers", "1"}, dir.path());
  REQUIRE(waitForRows(dir / "out" / "results.csv", 1) >= 1);
  ::kill(pid, SIGTERM);
  CHECK(waitFor(pid) == 128 + SIGTERM);
  INFO(readText(dir / "stderr"));
  CHECK_THAT(readText(dir / "stderr"), Catch::Contains("SIGTERM") && Catch::Contains("--resume " + out));
  CHECK(processesMentioning(out) == 0);  // no worker outlived the sweep
  // The rows written so far sit under a header that names the grid's column.
  CHECK_THAT(readText(dir / "out" / "results.csv"),
             Catch::StartsWith("index,config,dataset,model,ratio,seed,training.learning_rate,status,"));
  const auto kept = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  CHECK(kept.size() >= 1);
  CHECK(kept.size() < 6);
  const auto resumed = runMemcosim("sweep --resume " + out, dir.path());
  CHECK(resumed.exitCode == 0);
  CHECK_THAT(resumed.err, !Catch::Contains("job " + std::to_string(kept[0].index) + " "));
  CHECK(memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv")).size() == 6);
}

TEST_CASE("sweep: workers die with a killed parent, and a second sweep on a busy folder is refused", "[commands]") {
  const TemporaryFolder dir("sweep_kill9");
  tinyGrid(dir.path(), R"(["ideal"])", "[1, 2, 3, 4, 5, 6]", 3);
  const std::string out = (dir / "out").string();
  const TemporaryFolder second("sweep_kill9_second");
  const pid_t pid =
      startMemcosim({"sweep", "--config", (dir / "grid.toml").string(), "--out", out, "--workers", "2"}, dir.path());
  REQUIRE(waitForRows(dir / "out" / "results.csv", 1) >= 1);
  const auto busy = runMemcosim("sweep --resume " + out, second.path());
  CHECK(busy.exitCode == 1);
  CHECK_THAT(busy.err, Catch::Contains("in use by another memcosim sweep"));
  ::kill(pid, SIGKILL);
  CHECK(waitFor(pid) == 128 + SIGKILL);
  int left = 0;
  for (int k = 0; k < 200 && (left = processesMentioning(out)) > 0; ++k)  // up to 10 s on a loaded machine
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(left == 0);
  const auto kept = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  CHECK(kept.size() >= 1);
  const auto resumed = runMemcosim("sweep --resume " + out, dir.path());
  CHECK(resumed.exitCode == 0);
  CHECK(memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv")).size() == 6);
}

TEST_CASE("sweep: grid fields vary any config key, with a column each, and resume", "[commands]") {
  const TemporaryFolder folder("sweep_grid");
  const fs::path& dir = folder.path();
  tinyGrid(dir, R"(["ideal"])", "[1]");
  std::ofstream(dir / "grid.toml", std::ios::app)
      << "grid.\"training.learning_rate\" = [0.01, 0.2]\ngrid.\"network.hidden\" = [[3], [2, 2]]\n"
      << "grid.\"training.optimizer\" = [\"sgd\"]\n";
  const auto config = memcosim::commands::readSweepConfig(dir / "grid.toml");
  REQUIRE(config.jobs.size() == 4);
  CHECK(config.gridKeys == std::vector<std::string>{"network.hidden", "training.learning_rate", "training.optimizer"});
  CHECK(config.jobs[1].settings[0] == std::pair<std::string, std::string>{"network.hidden", "[3]"});
  CHECK(config.jobs[1].settings[1] == std::pair<std::string, std::string>{"training.learning_rate", "0.2"});

  const auto outcome = runMemcosim(
      "sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string() + " --workers 2", dir);
  INFO(outcome.err);
  REQUIRE(outcome.exitCode == 0);
  const std::string results = readText(dir / "out" / "results.csv");
  CHECK_THAT(results, Catch::StartsWith("index,config,dataset,model,ratio,seed,network.hidden,training.learning_rate,"
                                        "training.optimizer,status,"));
  const auto rows = memcosim::commands::parseResultsCsv(results);
  REQUIRE(rows.size() == 4);
  for (const auto& row : rows) CHECK(row.status == "ok");
  CHECK(rows[2].job.settings[0].second == "[2, 2]");
  CHECK(rows[2].job.settings[1].second == "0.01");
  CHECK(rows[2].job.settings[2].second == "sgd");  // a string without its TOML quotes
  // Different learning rates train differently; the row is what `train` gives for that config.
  CHECK(rows[0].trainAccuracy != rows[1].trainAccuracy);
  const std::string summary = readText(dir / "out" / "summary.csv");
  CHECK_THAT(
      summary,
      Catch::StartsWith("dataset,model,ratio,network.hidden,training.learning_rate,training.optimizer,runs,failed,") &&
          Catch::Contains("iris,ideal,10,\"[2, 2]\",0.2,sgd,1,0,"));

  // Resume with job 1's row gone runs job 1 only and restores the same table.
  std::ofstream(dir / "out" / "results.csv") << memcosim::commands::resultsCsv({rows[0], rows[2], rows[3]});
  const auto resumed = runMemcosim("sweep --resume " + (dir / "out").string(), dir);
  INFO(resumed.err);
  REQUIRE(resumed.exitCode == 0);
  CHECK_THAT(resumed.err, Catch::Contains("job 1 ") && !Catch::Contains("job 0 ") && !Catch::Contains("job 3 "));
  const auto again = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  REQUIRE(again.size() == 4);
  CHECK(again[1].testAccuracy == rows[1].testAccuracy);
  CHECK(again[1].job.settings == rows[1].job.settings);
}

TEST_CASE("sweep: a table value sets its fields together, and epochs to a target accuracy are counted", "[commands]") {
  const TemporaryFolder folder("sweep_grid_table");
  const fs::path& dir = folder.path();
  tinyGrid(dir, R"(["ideal"])", "[1, 2]", 4);
  std::ofstream(dir / "grid.toml", std::ios::app)
      << "grid.training = [{ optimizer = \"sgd\", learning_rate = 0.1, target_accuracy = 0.5 },\n"
      << "                 { optimizer = \"adam\", learning_rate = 0.02, target_accuracy = 1.0 }]\n";
  const auto config = memcosim::commands::readSweepConfig(dir / "grid.toml");
  REQUIRE(config.jobs.size() == 4);
  CHECK(config.jobs[0].settings[0].second == "{ learning_rate = 0.1, optimizer = 'sgd', target_accuracy = 0.5 }");
  // Both fields reach the config, beside the base's own [training] fields.
  const auto patched = memcosim::commands::parseTrainConfig(
      memcosim::commands::applySettings(config.jobs[2].configText, config.jobs[2].settings), dir / "base.toml");
  CHECK(patched.training.optimizer.kind == memcosim::learning::OptimizerSettings::Kind::Adam);
  CHECK(patched.training.optimizer.learningRate == 0.02);
  CHECK(patched.epochs == 4);

  const auto outcome =
      runMemcosim("sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string(), dir);
  INFO(outcome.err);
  REQUIRE(outcome.exitCode == 0);
  const auto rows = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  REQUIRE(rows.size() == 4);
  for (const auto& row : rows) {
    INFO(row.job.settings[0].second << ", seed " << row.job.seed << ": " << row.testAccuracy);
    // The rows are each run's own: the first epoch at the target, none if it never got there.
    const double target = row.index < 2 ? 0.5 : 1.0;
    if (row.epochsToTarget > 0) {
      CHECK(row.epochsToTarget <= 4);
    }
    if (row.testAccuracy >= target) CHECK(row.epochsToTarget > 0);
  }
  const std::string summary = readText(dir / "out" / "summary.csv");
  CHECK_THAT(summary,
             Catch::Contains(",reached,mean_epochs_to_target,std_epochs_to_target\n") &&
                 Catch::Contains("\"{ learning_rate = 0.1, optimizer = 'sgd', target_accuracy = 0.5 }\",2,0,"));
}

TEST_CASE("sweep: at one ratio, accuracy is plotted against the one numeric grid field that varies", "[commands]") {
  const TemporaryFolder folder("sweep_grid_axis");
  const fs::path& dir = folder.path();
  tinyGrid(dir, R"(["ideal"])", "[1]");
  std::ofstream(dir / "grid.toml", std::ios::app) << "grid.\"training.learning_rate\" = [0.2, 0.01]\n";
  const auto outcome =
      runMemcosim("sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string(), dir);
  INFO(outcome.err);
  REQUIRE(outcome.exitCode == 0);
  CHECK(fs::file_size(dir / "out" / "accuracy_iris.png") > 0);
  CHECK_FALSE(fs::exists(dir / "out" / "range_iris.png"));
  // A field of text (or two varying fields, or two ratios) keeps the plot against the ratio.
  const TemporaryFolder text("sweep_grid_axis_text");
  tinyGrid(text.path(), R"(["ideal"])", "[1]");
  std::ofstream(text / "grid.toml", std::ios::app) << "grid.\"training.optimizer\" = [\"sgd\", \"adam\"]\n";
  REQUIRE(
      runMemcosim("sweep --config " + (text / "grid.toml").string() + " --out " + (text / "out").string(), text.path())
          .exitCode == 0);
  CHECK(fs::exists(text / "out" / "range_iris.png"));
  CHECK_FALSE(fs::exists(text / "out" / "accuracy_iris.png"));
}

TEST_CASE("sweep: bad grid fields are refused naming file, line and field", "[commands]") {
  const TemporaryFolder folder("sweep_grid_bad");
  const fs::path& dir = folder.path();
  const auto refusal = [&](const std::string& line) {
    tinyGrid(dir, R"(["ideal"])", "[1]");
    std::ofstream(dir / "grid.toml", std::ios::app) << line << "\n";
    try {
      memcosim::commands::readSweepConfig(dir / "grid.toml");
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK_THAT(refusal("grid.seed = [1, 2]"),
             Catch::Contains("grid.toml:6") && Catch::Contains("sweep.grid.seed") && Catch::Contains("seeds"));
  CHECK_THAT(refusal("grid.\"training.learning_rate\" = 0.1"),
             Catch::Contains("grid.toml:6") && Catch::Contains("non-empty array"));
  CHECK_THAT(refusal("grid.\"training.learning_rate\" = [0.1, -1]"),
             Catch::Contains("grid.toml:6") && Catch::Contains("sweep.grid.training.learning_rate") &&
                 Catch::Contains("= -1 with base.toml") && Catch::Contains("training.learning_rate"));
  CHECK_THAT(refusal("grid.weights = [{ device = \"mms\" }]"),
             Catch::Contains("grid.toml:6") && Catch::Contains("device is set by the sweep's models"));
  CHECK_THAT(refusal("grid.training = [{ learnin_rate = 0.1 }]"),
             Catch::Contains("grid.toml:6") && Catch::Contains("unknown option"));
  CHECK_THAT(refusal("grid.\"training.learnin_rate\" = [0.1]"),
             Catch::Contains("grid.toml:6") && Catch::Contains("unknown option"));
}

TEST_CASE("sweep: applySettings sets a field in the config text and leaves the rest", "[commands]") {
  const std::string base = "seed = 3\n[training]\nepochs = 2\nlearning_rate = 0.05\n";
  const std::string patched =
      memcosim::commands::applySettings(base, {{"training.learning_rate", "0.01"}, {"eqprop.beta", "1e-08"}});
  const toml::table table = toml::parse(patched);
  CHECK(table["training"]["learning_rate"].value<double>() == 0.01);
  CHECK(table["training"]["epochs"].value<long>() == 2);
  CHECK(table["seed"].value<long>() == 3);
  CHECK(table["eqprop"]["beta"].value<double>() == 1e-8);
  CHECK(memcosim::commands::applySettings(base, {}) == base);
  CHECK_THROWS(memcosim::commands::applySettings(base, {{"seed.inner", "1"}}));
}

TEST_CASE("sweep: models take pulse-level devices, from an ideal base or one of their own kind", "[commands]") {
  const TemporaryFolder dir("sweep_pulsed");
  tinyGrid(dir.path(), R"(["soft-bounds"])");  // the base trains mms: its keys would be dropped
  CHECK_THROWS_WITH(memcosim::commands::readSweepConfig(dir / "grid.toml"),
                    Catch::Contains("grid.toml:3") && Catch::Contains("soft-bounds is a pulse-level device"));
  std::string base = readText(dir / "base.toml");
  base.replace(base.find("device = \"mms\""), 14, "device = \"ideal\"");
  base.replace(base.find("ratio = 10\n"), 11, "");
  std::ofstream(dir / "base.toml") << base;
  const auto config = memcosim::commands::readSweepConfig(dir / "grid.toml");
  REQUIRE(config.jobs.size() == 2);
  const auto result = runMemcosim(
      "sweep --config " + (dir / "grid.toml").string() + " --out " + (dir / "out").string() + " --workers 1",
      dir.path());
  CHECK(result.exitCode == 0);
  const auto rows = memcosim::commands::parseResultsCsv(readText(dir / "out" / "results.csv"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].job.model == "soft-bounds");
  CHECK(rows[0].status == "ok");
  CHECK(rows[0].pulses > 0);
}

TEST_CASE("sweep: base configs on the same data set keep their own summary rows", "[commands]") {
  const TemporaryFolder folder("sweep_two_configs");
  const fs::path& dir = folder.path();
  tinyGrid(dir, R"(["ideal"])", "[1, 2]");
  std::ofstream(dir / "other.toml") << "seed = 1\n[data]\ndataset = \"iris\"\n[network]\nhidden = [5]\n[weights]\n"
                                       "device = \"ideal\"\n[training]\nepochs = 1\nlearning_rate = 0.001\n";
  std::ofstream(dir / "two.toml") << "[sweep]\nconfigs = [\"base.toml\", \"other.toml\"]\nmodels = [\"ideal\"]\n"
                                     "ratios = [10]\nseeds = [1, 2]\n";
  const auto outcome =
      runMemcosim("sweep --config " + (dir / "two.toml").string() + " --out " + (dir / "out").string(), dir);
  INFO(outcome.err);
  REQUIRE(outcome.exitCode == 0);
  const std::string summary = readText(dir / "out" / "summary.csv");
  CHECK_THAT(summary, Catch::StartsWith("dataset,config,model,ratio,runs,"));
  CHECK_THAT(summary, Catch::Contains("\niris,base,ideal,10,2,0,"));
  CHECK_THAT(summary, Catch::Contains("\niris,other,ideal,10,2,0,"));
  // One config per data set keeps the summary as it was.
  const TemporaryFolder one("sweep_one_config");
  tinyGrid(one.path(), R"(["ideal"])", "[1]");
  REQUIRE(runMemcosim("sweep --config " + (one / "grid.toml").string() + " --out " + (one / "out").string(), one.path())
              .exitCode == 0);
  CHECK_THAT(readText(one / "out" / "summary.csv"), Catch::StartsWith("dataset,model,ratio,runs,"));
}
