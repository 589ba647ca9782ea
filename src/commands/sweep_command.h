// `memcosim sweep`: a grid of training runs (device model × R_off/R_on × seed × base config),
// run in parallel worker processes or across MPI ranks, merged into one table and a plot.
//
// Config (examples/eqprop_range_study.toml):
//   [sweep]
//   configs = ["eqprop_iris_device.toml", ...]   base training configs, relative to this file
//   models  = ["ideal", "linear-ion-drift", ...] "ideal" runs once per seed (ratio ignored)
//   ratios  = [2, 5, 10, 100]                     R_off/R_on
//   seeds   = [1, 2, 3, 4, 5]
//   workers = 0                                   worker processes; 0 = one per core
//
// Every job gets its own process (ngspice allows one session per process): a worker forks a
// child per job, so a crash or a non-converging run is recorded as that job's failure and the
// sweep goes on. Under `mpirun -np N` (when built with MPI) rank r runs jobs r, r+N, … with
// its own workers, and rank 0 gathers the rows and writes the outputs.
//
// DIR/results.csv  config,dataset,model,ratio,seed,status,test_accuracy,train_accuracy,epochs,
//                  seconds,pulses   (one row per job, in grid order)
// DIR/summary.csv  dataset,model,ratio,runs,mean_test_accuracy,std_test_accuracy
// DIR/range_<dataset>.png  mean test accuracy vs R_off/R_on, one line per model
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace memcosim::commands {

struct SweepJob {
  std::filesystem::path config;
  std::string configText;  // read once when the sweep starts: later edits do not reach it
  std::string model;
  double ratio = 0.0;
  long seed = 0;
};

struct SweepResult {
  std::size_t index = 0;  // position of the job in the grid
  SweepJob job;
  std::string dataset;
  std::string status = "ok";  // "ok" or "failed: <reason>"
  double testAccuracy = 0.0, trainAccuracy = 0.0, seconds = 0.0;
  int epochs = 0;
  long long pulses = 0;
};

struct SweepConfig {
  std::vector<SweepJob> jobs;
  int workers = 0;
};

SweepConfig readSweepConfig(const std::filesystem::path& file);

/// Runs `jobs` (indices first, first+stride, …) in up to `workers` child processes at a time.
std::vector<SweepResult> runSweepJobs(const std::vector<SweepJob>& jobs, std::size_t first, std::size_t stride,
                                      int workers);

/// The whole command; returns the rows written (rank 0) or an empty list (other ranks).
std::vector<SweepResult> sweep(const std::filesystem::path& config, const std::filesystem::path& out, int workers,
                               int* argc, char*** argv);

/// Result rows as CSV text and back (how workers and ranks hand rows over).
std::string resultsCsv(const std::vector<SweepResult>& rows);
std::vector<SweepResult> parseResultsCsv(const std::string& text);

}  // namespace memcosim::commands
