#include "commands/sweep_command.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

#include "characterise/plot.h"
#include "commands/training_run.h"
#include "io/atomic_file.h"
#include "io/config.h"
#include "io/csv.h"
#include "io/number.h"
#include "programming/weight_models.h"

#ifdef MEMCOSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace memcosim::commands {

namespace {

constexpr const char* kHeader =
    "index,config,dataset,model,ratio,seed,status,test_accuracy,train_accuracy,epochs,seconds,pulses";

/// One job, in this (child) process: the base config with the job's model, ratio and seed.
SweepResult runJob(const SweepJob& job, std::size_t index) {
  SweepResult r;
  r.index = index;
  r.job = job;
  TrainConfig config = parseTrainConfig(job.configText, job.config);
  config.seed = static_cast<std::uint64_t>(job.seed);
  config.training.seed = config.seed;
  config.weights.device = job.model;
  config.weights.ratio = job.ratio;
  config.weights.gMin_s = config.weights.gMax_s / job.ratio;
  r.dataset = config.dataset;
  spice::Session session;
  TrainingRun run(config, session);
  const auto start = std::chrono::steady_clock::now();
  while (run.trainer().epoch() < config.epochs) run.trainer().runEpoch();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& last = run.trainer().history().back();
  r.testAccuracy = last.testAccuracy;
  r.trainAccuracy = last.trainAccuracy;
  r.epochs = run.trainer().epoch();
  r.pulses = run.weights().pulses();
  return r;
}

std::string datasetLabel(const std::string& dataset) { return std::filesystem::path(dataset).stem().string(); }

void writeOutputs(std::vector<SweepResult> rows, const std::filesystem::path& out) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  io::writeFileAtomically(out / "results.csv", resultsCsv(rows));

  // Mean and population standard deviation over seeds per (dataset, model, ratio).
  std::map<std::tuple<std::string, std::string, double>, std::vector<double>> groups;
  std::vector<std::tuple<std::string, std::string, double>> order;
  for (const auto& r : rows) {
    const auto key = std::make_tuple(datasetLabel(r.dataset), r.job.model, r.job.ratio);
    if (!groups.count(key)) order.push_back(key);
    auto& accuracies = groups[key];  // a group of failed runs only is listed with no mean
    if (r.status == "ok") accuracies.push_back(r.testAccuracy);
  }
  std::string summary = "dataset,model,ratio,runs,mean_test_accuracy,std_test_accuracy\n";
  std::map<std::string, std::map<std::string, characterise::PlotSeries>> plots;
  for (const auto& key : order) {
    const auto& values = groups[key];
    double mean = 0.0, variance = 0.0;
    for (double v : values) mean += v;
    if (!values.empty()) mean /= static_cast<double>(values.size());
    for (double v : values) variance += (v - mean) * (v - mean);
    const double stddev = values.empty() ? 0.0 : std::sqrt(variance / static_cast<double>(values.size()));
    const auto& [dataset, model, ratio] = key;
    summary += fmt::format("{},{},{},{},{},{}\n", io::csvCell(dataset), io::csvCell(model), io::formatNumber(ratio),
                           values.size(), values.empty() ? "" : io::formatNumber(mean),
                           values.empty() ? "" : io::formatNumber(stddev));
    if (!values.empty()) {
      auto& series = plots[dataset][model];
      series.name = model;
      series.x.push_back(ratio);
      series.y.push_back(mean);
    }
  }
  io::writeFileAtomically(out / "summary.csv", summary);
  for (const auto& [dataset, byModel] : plots) {
    characterise::PlotSpec spec;
    spec.title = "EqProp test accuracy vs resistance range (" + dataset + ", mean over seeds)";
    spec.x_label = "R_off / R_on";
    spec.y_label = "test accuracy (fraction)";
    spec.style = characterise::PlotStyle::linespoints;
    spec.log_x = true;
    for (const auto& [model, series] : byModel) spec.series.push_back(series);
    characterise::plotSeries(spec, out / ("range_" + dataset + ".png"));
  }
}

}  // namespace

std::string resultsCsv(const std::vector<SweepResult>& rows) {
  std::string text = std::string(kHeader) + "\n";
  for (const auto& r : rows)
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", r.index, io::csvCell(r.job.config.string()),
                        io::csvCell(r.dataset), io::csvCell(r.job.model), io::formatNumber(r.job.ratio), r.job.seed,
                        io::csvCell(r.status), io::formatNumber(r.testAccuracy), io::formatNumber(r.trainAccuracy),
                        r.epochs, io::formatNumber(r.seconds), r.pulses);
  return text;
}

std::vector<SweepResult> parseResultsCsv(const std::string& text) {
  std::vector<SweepResult> rows;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line == kHeader) continue;
    const auto c = io::splitCsvLine(line);
    if (c.size() != 12) throw std::runtime_error("sweep: malformed result row: " + line);
    SweepResult r;
    r.index = std::stoul(c[0]);
    r.job = {c[1], "", c[3], std::stod(c[4]), std::stol(c[5])};
    r.dataset = c[2];
    r.status = c[6];
    r.testAccuracy = std::stod(c[7]);
    r.trainAccuracy = std::stod(c[8]);
    r.epochs = std::stoi(c[9]);
    r.seconds = std::stod(c[10]);
    r.pulses = std::stoll(c[11]);
    rows.push_back(r);
  }
  return rows;
}

SweepConfig readSweepConfig(const std::filesystem::path& file) {
  auto root = io::ConfigTable::load(file);
  auto grid = root.table("sweep");
  SweepConfig c;
  const auto configs = grid.texts("configs", {});
  if (configs.empty()) grid.fail("configs", "needs at least one base training config");
  const auto models = grid.texts("models", {});
  if (models.empty()) grid.fail("models", "needs at least one model (\"ideal\" or a device model)");
  const auto ratios = grid.numbers("ratios", {}, 1.0 + 1e-9, 1e9);
  if (ratios.empty()) grid.fail("ratios", "needs at least one R_off/R_on ratio > 1");
  const auto seeds = grid.integers("seeds", {1}, 0, std::numeric_limits<long>::max());
  c.workers = static_cast<int>(grid.integer("workers", 0, 0, 4096));
  const auto known = programming::weightModelNames();
  for (const auto& model : models)
    if (model != "ideal" && std::find(known.begin(), known.end(), model) == known.end()) {
      std::string list = "ideal";
      for (const auto& name : known) list += ", " + name;
      grid.fail("models", "\"" + model + "\" is not a weight model (known: " + list + ")");
    }
  grid.finish();
  root.finish();
  for (const auto& config : configs) {
    std::filesystem::path path = config;
    if (path.is_relative()) path = file.parent_path() / path;
    // Validate now (file, line, field), not in a worker halfway through the sweep.
    std::string text;
    try {
      text = readTrainConfig(path).text;
    } catch (const std::exception& e) {
      grid.fail("configs", e.what());
    }
    for (const auto& model : models)
      for (double ratio : ratios)
        for (long seed : seeds) c.jobs.push_back({path, text, model, ratio, seed});
  }
  return c;
}

std::vector<SweepResult> runSweepJobs(const std::vector<SweepJob>& jobs, std::size_t first, std::size_t stride,
                                      int workers) {
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  struct Running {
    std::size_t index;
    int fd;
  };
  std::map<pid_t, Running> running;
  std::vector<SweepResult> results;
  const auto collect = [&]() {
    int status = 0;
    const pid_t pid = ::wait(&status);
    if (pid < 0) throw std::runtime_error("sweep: wait failed");
    const auto it = running.find(pid);
    if (it == running.end()) return;
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(it->second.fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    ::close(it->second.fd);
    auto rows = parseResultsCsv(text);
    if (rows.size() == 1) {
      results.push_back(rows.front());
    } else {
      SweepResult failed;
      failed.index = it->second.index;
      failed.job = jobs[it->second.index];
      failed.status = WIFSIGNALED(status) ? fmt::format("failed: worker killed by signal {}", WTERMSIG(status))
                                          : fmt::format("failed: worker exited with status {}", WEXITSTATUS(status));
      results.push_back(failed);
    }
    const auto& done = results.back();
    std::cerr << fmt::format("sweep: job {} ({} {} ratio {} seed {}): {}", it->second.index,
                             done.job.config.stem().string(), done.job.model, done.job.ratio, done.job.seed,
                             done.status)
              << (done.status == "ok" ? fmt::format(", test accuracy {:.4f}, {:.1f} s, {} pulses\n", done.testAccuracy,
                                                    done.seconds, done.pulses)
                                      : std::string("\n"));
    running.erase(it);
  };
  for (std::size_t index = first; index < jobs.size(); index += stride) {
    while (static_cast<int>(running.size()) >= workers) collect();
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("sweep: cannot create a pipe");
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("sweep: cannot fork a worker");
    if (pid == 0) {
      ::close(fds[0]);
      SweepResult r;
      try {
        r = runJob(jobs[index], index);
      } catch (const std::exception& e) {
        r.index = index;
        r.job = jobs[index];
        std::string reason = e.what();
        std::replace(reason.begin(), reason.end(), '\n', ' ');
        r.status = "failed: " + reason;
      }
      const std::string text = resultsCsv({r});
      std::size_t written = 0;
      while (written < text.size()) {
        const ssize_t n = ::write(fds[1], text.data() + written, text.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
      }
      ::close(fds[1]);
      ::_exit(0);  // no atexit handlers, no MPI teardown in the child
    }
    ::close(fds[1]);
    running[pid] = {index, fds[0]};
  }
  while (!running.empty()) collect();
  return results;
}

std::vector<SweepResult> sweep(const std::filesystem::path& configFile, const std::filesystem::path& out, int workers,
                               int* argc, char*** argv) {
  const SweepConfig config = readSweepConfig(configFile);
  if (workers <= 0) workers = config.workers;
  std::size_t rank = 0, ranks = 1;
#ifdef MEMCOSIM_HAVE_MPI
  const bool underMpi = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE");
  if (underMpi) {
    MPI_Init(argc, argv);
    int r = 0, n = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    rank = static_cast<std::size_t>(r);
    ranks = static_cast<std::size_t>(n);
  }
#else
  (void)argc;
  (void)argv;
#endif
  if (rank == 0) std::filesystem::create_directories(out);
  auto rows = runSweepJobs(config.jobs, rank, ranks, workers);
#ifdef MEMCOSIM_HAVE_MPI
  if (underMpi) {
    // Rank 0 gathers every rank's rows as CSV text.
    const std::string mine = resultsCsv(rows);
    int length = static_cast<int>(mine.size());
    std::vector<int> lengths(ranks), offsets(ranks);
    MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string all;
    if (rank == 0) {
      int total = 0;
      for (std::size_t k = 0; k < ranks; ++k) {
        offsets[k] = total;
        total += lengths[k];
      }
      all.resize(static_cast<std::size_t>(total));
    }
    MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    if (rank != 0) return {};
    rows = parseResultsCsv(all);
  }
#endif
  writeOutputs(rows, out);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  return rows;
}

}  // namespace memcosim::commands
