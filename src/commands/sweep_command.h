// `memcosim sweep`: a grid of training runs (base config × device model × R_off/R_on × any
// config fields × seed), run in parallel worker processes or across MPI ranks, kept row by row
// as jobs finish.
//
// Config (examples/eqprop_range_study.toml):
//   [sweep]
//   configs = ["eqprop_iris_device.toml", ...]   base training configs, relative to this file
//   models  = ["ideal", "linear-ion-drift", ...] weight models (each with each ratio and seed):
//                                                 physical models and pulse-level devices
//                                                 ("soft-bounds", …); a base config with a
//                                                 device sweeps models of its own kind
//   ratios  = [2, 5, 10, 100]                     R_off/R_on (g_min = g_max/ratio)
//   seeds   = [1, 2, 3, 4, 5]
//   workers = 0                                   worker processes; 0 = one per core
//   grid."training.learning_rate" = [0.01, 0.05]  any config field ("section.key", or a
//   grid."network.hidden" = [[6], [10]]           top-level key): one job per combination of
//                                                 values (keys in sorted order), set in the
//                                                 base config's text before it is read; not
//                                                 seed, weights.device/ratio/g_min (the axes above)
//   grid.training = [{ optimizer = "sgd", learning_rate = 0.1 },
//                    { optimizer = "adam", learning_rate = 0.005 }]
//                                                 a section's key with tables as values: each
//                                                 value sets the fields it names together (a
//                                                 learning rate per optimiser)
//
// Every job gets its own process (ngspice allows one session per process): a worker forks a
// child per job, so a crash or a non-converging run is recorded as that job's failure and the
// sweep goes on. Under `mpirun -np N` (when built with MPI) rank r runs jobs r, r+N, … with
// its own workers, and rank 0 gathers the rows and writes the outputs.
//
// Lifecycle of DIR: a new sweep needs a DIR that is missing or empty; it writes DIR/sweep.json
// (the grid and every base config's text) and a results.csv header. Each finished job appends
// its row to results.csv at once (one write of a whole line, synced). SIGINT, SIGTERM or SIGHUP
// stops the workers and keeps every finished row; workers die with their parent
// (PR_SET_PDEATHSIG). `--resume DIR` checks that the rows belong to DIR's grid, keeps the ok
// ones and runs the missing and failed jobs only. One sweep at a time holds DIR (flock).
//
// DIR/results.csv  index,config,dataset,model,ratio,seed,<one column per grid key>,status,
//                  test_accuracy,train_accuracy,epochs,seconds,pulses,epochs_to_target (status
//                  "ok" or "failed: <reason>"; epochs_to_target: the first epoch whose held-out
//                  accuracy reached the config's [training] target_accuracy, empty if none did
//                  or it sets none; in finishing order while running, in grid order once the
//                  sweep is complete)
// DIR/summary.csv  dataset,model,ratio,<grid keys>,runs,failed,mean_test_accuracy,
//                  std_test_accuracy,reached,mean_epochs_to_target,std_epochs_to_target (runs:
//                  jobs that finished ok; mean and std over seeds; reached: runs that reached
//                  the target, over which the epochs' mean and std are taken)
// DIR/range_<dataset>.png  mean test accuracy vs R_off/R_on, one line per model; for a sweep
//                  at one ratio whose one varying grid field takes numbers, instead
//                  DIR/accuracy_<dataset>.png: mean test accuracy vs that field
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace memcosim::commands {

struct SweepJob {
  std::filesystem::path config;
  std::string configText;  // read once when the sweep starts: later edits do not reach it
  std::string dataset;     // the base config's data set, known before the job runs
  std::string model;
  double ratio = 0.0;
  long seed = 0;
  /// Grid fields set in the base config: key ("training.learning_rate") → value as TOML text.
  std::vector<std::pair<std::string, std::string>> settings;
};

struct SweepResult {
  std::size_t index = 0;  // position of the job in the grid
  SweepJob job;
  std::string dataset;
  std::string status = "ok";  // "ok" or "failed: <reason>"
  double testAccuracy = 0.0, trainAccuracy = 0.0, seconds = 0.0;
  int epochs = 0;
  long long pulses = 0;
  int epochsToTarget = 0;  // the first epoch at the config's target_accuracy; 0: none or not reached
};

struct SweepConfig {
  std::filesystem::path file;
  std::string text;
  std::vector<SweepJob> jobs;
  std::vector<std::string> gridKeys;  // the fields of [sweep] grid, sorted
  int workers = 0;
};

/// Reads and validates a sweep config and every base config, and checks that each device
/// model can realise each ratio with the base configs' params; errors name file, line, field.
SweepConfig readSweepConfig(const std::filesystem::path& file);

struct JobsOutcome {
  std::vector<SweepResult> rows;  // finished jobs, in finishing order
  int signal = 0;                 // the stop signal that ended the run early, or 0
};

/// Runs `jobs[i]` for each i of `indices` in up to `workers` child processes at a time;
/// `onRow` gets each finished row at once. On SIGINT, SIGTERM or SIGHUP it kills the running
/// workers (their jobs are not rows) and returns what finished, with the signal.
JobsOutcome runSweepJobs(const std::vector<SweepJob>& jobs, const std::vector<std::size_t>& indices, int workers,
                         const std::function<void(const SweepResult&)>& onRow = {});

struct SweepRequest {
  std::filesystem::path config;  // the sweep config; with resume optional (then it must match DIR)
  std::filesystem::path out;     // DIR
  bool resume = false;
  int workers = 0;  // 0: the config's, else one per core
};

struct SweepOutcome {
  bool reporter = true;                      // false on MPI ranks other than 0: they write and report nothing
  std::size_t jobs = 0;                      // in the grid
  std::size_t kept = 0;                      // ok rows found in DIR when resuming
  std::vector<SweepResult> rows;             // every row now in results.csv, in grid order
  std::vector<std::filesystem::path> files;  // written at the end
  int signal = 0;                            // the signal that interrupted the sweep, or 0
  [[nodiscard]] std::size_t failed() const;
};

/// The whole command. Throws for a bad config, a folder in use, holding another sweep, or a
/// --resume folder whose grid or rows do not match.
SweepOutcome sweep(const SweepRequest& request, int* argc, char*** argv);

/// Result rows as CSV text and back (how workers and ranks hand rows over). The grid's keys
/// are columns: `keys`, or if empty the first row's. A text with its header line is read by
/// the keys the header names; rows alone have `settings` grid columns.
std::string resultsCsv(const std::vector<SweepResult>& rows, const std::vector<std::string>& keys = {});
std::string resultRow(const SweepResult& row);  // one line, no header
std::vector<SweepResult> parseResultsCsv(const std::string& text, std::size_t settings = 0);

/// `text` (a TOML training config) with every setting's "section.key" set to its TOML value.
std::string applySettings(const std::string& text, const std::vector<std::pair<std::string, std::string>>& settings);

}  // namespace memcosim::commands
