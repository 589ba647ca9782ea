// `memcosim sweep`: a grid of training runs in worker processes or MPI ranks, kept row by row.
#include "commands/sweep_command.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>

#include "commands/training_run.h"
#include "devices/pulsed/pulsed_device.h"
#include "io/atomic_file.h"
#include "io/config.h"
#include "io/csv.h"
#include "io/number.h"
#include "parallel/mpi.h"
#include "parallel/worker_pool.h"
#include "plot/figures.h"
#include "programming/weight_models.h"

namespace memcosim::commands {

namespace fs = std::filesystem;

namespace {

constexpr const char* kHeaderStart = "index,config,dataset,model,ratio,seed";
constexpr const char* kHeaderEnd = "status,test_accuracy,train_accuracy,epochs,seconds,pulses,epochs_to_target";
constexpr std::size_t kFixedColumns = 13;
constexpr const char* kSweepFormat = "memcosim-sweep-1";
/// Fields the grid may not set: the sweep's own axes (models, ratios, seeds) set them.
const std::vector<std::string> kAxisFields = {"seed", "weights.device", "weights.ratio", "weights.g_min"};

/// The header of results.csv: one column per grid key between seed and status.
std::string resultsHeader(const std::vector<std::string>& keys) {
  std::string header = kHeaderStart;
  for (const auto& key : keys) header += "," + io::csvCell(key);
  return header + "," + kHeaderEnd;
}

/// A grid value as a CSV cell and a label: strings without their TOML quotes (tomlText writes
/// a string as a literal, 'adam', unless it holds a quote).
std::string settingCell(const std::string& value) {
  const bool quoted =
      value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front();
  return quoted ? value.substr(1, value.size() - 2) : value;
}

/// One grid value as TOML text that reads back as the same value (floats in their shortest
/// exact form: 0.05, not 0.050000000000000003; inside arrays and tables too).
std::string tomlText(const toml::node& node) {
  if (const auto* number = node.as_floating_point()) return io::formatNumber(number->get());
  if (const auto* array = node.as_array()) {
    std::string text;
    for (const auto& element : *array) text += (text.empty() ? "" : ", ") + tomlText(element);
    return "[" + text + "]";
  }
  if (const auto* table = node.as_table()) {
    std::string text;
    for (const auto& [name, value] : *table)
      text += (text.empty() ? "" : ", ") + std::string(name.str()) + " = " + tomlText(value);
    return "{ " + text + " }";
  }
  std::ostringstream text;
  node.visit([&](const auto& value) { text << value; });
  return text.str();
}
constexpr std::size_t kMaxReason = 2000;  // a worker's row must fit its pipe (64 KiB) with room to spare

// ---- the folder -----------------------------------------------------------------------------

/// An exclusive flock on DIR/.sweep.lock for the sweep's lifetime: a second sweep on DIR is
/// refused instead of mixing its rows in. Released when the process (and its workers) end.
class FolderLock {
 public:
  explicit FolderLock(const fs::path& folder) {
    const fs::path file = folder / ".sweep.lock";
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT, 0644);
    if (fd_ < 0) throw std::runtime_error(file.string() + ": cannot open the lock file (" + std::strerror(errno) + ")");
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd_);
      throw std::runtime_error(folder.string() +
                               " is in use by another memcosim sweep; wait for it to end or choose another --out");
    }
  }
  ~FolderLock() { ::close(fd_); }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

nlohmann::json sweepJson(const SweepConfig& config) {
  nlohmann::json configs = nlohmann::json::array(), jobs = nlohmann::json::array();
  std::map<std::string, std::size_t> configIndex;
  for (const auto& job : config.jobs) {
    const auto [it, added] = configIndex.emplace(job.config.string(), configs.size());
    if (added) configs.push_back({{"file", job.config.string()}, {"text", job.configText}, {"dataset", job.dataset}});
    nlohmann::json entry = {{"config", it->second}, {"model", job.model}, {"ratio", job.ratio}, {"seed", job.seed}};
    if (!job.settings.empty()) entry["settings"] = job.settings;
    jobs.push_back(entry);
  }
  return {{"format", kSweepFormat},  {"file", config.file.string()}, {"text", config.text}, {"workers", config.workers},
          {"grid", config.gridKeys}, {"configs", configs},           {"jobs", jobs}};
}

SweepConfig sweepFromJson(const nlohmann::json& json, const fs::path& where) {
  if (!json.is_object() || json.value("format", "") != kSweepFormat)
    throw std::runtime_error(where.string() + ": not a memcosim sweep record (no \"format\": \"" +
                             std::string(kSweepFormat) + "\")");
  try {
    SweepConfig config;
    config.file = json.at("file").get<std::string>();
    config.text = json.at("text").get<std::string>();
    config.workers = json.at("workers").get<int>();
    // Records made before grid fields existed have none.
    if (json.contains("grid")) config.gridKeys = json.at("grid").get<std::vector<std::string>>();
    const auto& configs = json.at("configs");
    for (const auto& job : json.at("jobs")) {
      const auto& base = configs.at(job.at("config").get<std::size_t>());
      config.jobs.push_back({base.at("file").get<std::string>(), base.at("text").get<std::string>(),
                             base.at("dataset").get<std::string>(), job.at("model").get<std::string>(),
                             job.at("ratio").get<double>(), job.at("seed").get<long>()});
      if (job.contains("settings"))
        config.jobs.back().settings = job.at("settings").get<std::vector<std::pair<std::string, std::string>>>();
      if (config.jobs.back().settings.size() != config.gridKeys.size())
        throw std::runtime_error("a job's grid fields do not match the grid");
    }
    return config;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(where.string() + ": damaged sweep record (" + std::string(e.what()) + ")");
  }
}

std::string describeJob(const SweepJob& job) {
  std::string text = fmt::format("{}, {}, ratio {}, seed {}", job.config.filename().string(), job.model,
                                 io::formatNumber(job.ratio), job.seed);
  for (const auto& [key, value] : job.settings) text += ", " + key + " = " + value;
  return text;
}

bool sameJob(const SweepJob& a, const SweepJob& b) {
  return a.config == b.config && a.configText == b.configText && a.model == b.model && a.ratio == b.ratio &&
         a.seed == b.seed && a.settings == b.settings;
}

/// The grid values of a row as they appear in results.csv.
bool sameSettingCells(const SweepJob& row, const SweepJob& job) {
  if (row.settings.size() != job.settings.size()) return false;
  for (std::size_t k = 0; k < job.settings.size(); ++k)
    if (row.settings[k].second != settingCell(job.settings[k].second)) return false;
  return true;
}

/// Throws unless `given` (the --config of a resume) describes the grid recorded in DIR.
void checkSameGrid(const SweepConfig& recorded, const SweepConfig& given, const fs::path& out) {
  const std::string advice = "; resume without --config to use the grid recorded in " + out.string() +
                             ", or start a new sweep with another --out";
  if (recorded.jobs.size() != given.jobs.size())
    throw std::runtime_error(given.file.string() + " has " + std::to_string(given.jobs.size()) +
                             " jobs, the sweep in " + out.string() + " " + std::to_string(recorded.jobs.size()) +
                             advice);
  for (std::size_t i = 0; i < given.jobs.size(); ++i)
    if (!sameJob(recorded.jobs[i], given.jobs[i]))
      throw std::runtime_error(fmt::format("{}: job {} is {} (base config text {}), the sweep in {} has {} there{}",
                                           given.file.string(), i, describeJob(given.jobs[i]),
                                           given.jobs[i].configText == recorded.jobs[i].configText ? "same" : "edited",
                                           out.string(), describeJob(recorded.jobs[i]), advice));
}

/// The rows of DIR/results.csv that belong to `config`'s grid; a torn last line (no line
/// break: the process died while writing it) is dropped. Later rows of a job replace earlier.
std::map<std::size_t, SweepResult> readRows(const fs::path& file, const SweepConfig& config) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (!text.empty() && text.back() != '\n') {
    std::cerr << "sweep: " << file.string() << ": dropped an unfinished last line\n";
    text.erase(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
  }
  std::map<std::size_t, SweepResult> rows;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  const std::string header = resultsHeader(config.gridKeys);
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line == header) continue;
    SweepResult row;
    try {
      const auto parsed = parseResultsCsv(line, config.gridKeys.size());
      if (parsed.size() != 1) throw std::runtime_error("not one row");
      row = parsed.front();
    } catch (const std::exception&) {  // its text may be anything: not echoed
      throw std::runtime_error(
          fmt::format("{}:{}: not a result row ({} comma-separated fields: {}); remove the line to resume",
                      file.string(), number, kFixedColumns + config.gridKeys.size(), header));
    }
    if (row.index >= config.jobs.size())
      throw std::runtime_error(fmt::format("{}:{}: job {} is not in this sweep's grid of {} jobs", file.string(),
                                           number, row.index, config.jobs.size()));
    const SweepJob& job = config.jobs[row.index];
    if (row.job.config != job.config || row.job.model != job.model || row.job.ratio != job.ratio ||
        row.job.seed != job.seed || !sameSettingCells(row.job, job))
      throw std::runtime_error(fmt::format("{}:{}: the row of job {} ({}) does not match the grid's job {} ({})",
                                           file.string(), number, row.index, describeJob(row.job), row.index,
                                           describeJob(job)));
    row.job = job;
    rows[row.index] = row;
  }
  return rows;
}

// ---- one job --------------------------------------------------------------------------------

/// One job, in this (child) process: the base config with the job's grid fields, model, ratio
/// and seed.
SweepResult runJob(const SweepJob& job, std::size_t index) {
  SweepResult r;
  r.index = index;
  r.job = job;
  r.dataset = job.dataset;
  TrainConfig config = parseTrainConfig(applySettings(job.configText, job.settings), job.config);
  config.seed = static_cast<std::uint64_t>(job.seed);
  config.training.seed = config.seed;
  config.weights.device = job.model;
  config.weights.ratio = job.ratio;
  config.weights.gMin_siemens = config.weights.gMax_siemens / job.ratio;
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
  r.epochsToTarget = learning::epochsToTarget(run.trainer().history(), config.targetAccuracy);
  return r;
}

/// A worker's task: the job's row, a failed one with the reason if the run threw.
std::string jobRow(const std::vector<SweepJob>& jobs, std::size_t index) {
  SweepResult r;
  try {
    r = runJob(jobs[index], index);
  } catch (const std::exception& e) {
    r = SweepResult{};
    r.index = index;
    r.job = jobs[index];
    r.dataset = jobs[index].dataset;
    std::string reason = e.what();
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    std::replace(reason.begin(), reason.end(), '\r', ' ');
    if (reason.size() > kMaxReason) reason = reason.substr(0, kMaxReason) + "...";
    r.status = "failed: " + reason;
  }
  return resultRow(r);
}

// ---- outputs --------------------------------------------------------------------------------

/// Mean and population standard deviation (0, 0 for none).
std::pair<double, double> meanAndStd(const std::vector<double>& values) {
  if (values.empty()) return {0.0, 0.0};
  double mean = 0.0, variance = 0.0;
  for (double v : values) mean += v;
  mean /= static_cast<double>(values.size());
  for (double v : values) variance += (v - mean) * (v - mean);
  return {mean, std::sqrt(variance / static_cast<double>(values.size()))};
}

std::string datasetLabel(const std::string& dataset) { return fs::path(dataset).stem().string(); }

std::vector<fs::path> writeOutputs(std::vector<SweepResult> rows, const std::vector<std::string>& gridKeys,
                                   const fs::path& out) {
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  std::vector<fs::path> files = {out / "results.csv", out / "summary.csv"};
  io::writeFileAtomically(out / "results.csv", resultsCsv(rows, gridKeys));

  // Mean and population standard deviation over the ok seeds per (dataset, config if several share
  // it, model, ratio, grid values).
  struct Group {
    std::vector<double> accuracies, epochsToTarget;  // of the ok runs; epochs: those that reached it
    std::size_t failed = 0;
  };
  // Base configs on the same data set (e.g. one per algorithm) are told apart by a config column.
  std::map<std::string, std::set<std::string>> configsOf;
  for (const auto& r : rows) configsOf[datasetLabel(r.job.dataset)].insert(r.job.config.stem().string());
  const bool byConfig =
      std::any_of(configsOf.begin(), configsOf.end(), [](const auto& e) { return e.second.size() > 1; });
  using GroupKey =
      std::tuple<std::string, std::string, std::string, double, std::vector<std::pair<std::string, std::string>>>;
  std::map<GroupKey, Group> groups;
  std::vector<GroupKey> order;
  for (const auto& r : rows) {
    const GroupKey key{datasetLabel(r.job.dataset), byConfig ? r.job.config.stem().string() : std::string(),
                       r.job.model, r.job.ratio, r.job.settings};
    const auto [it, added] = groups.try_emplace(key);
    if (added) order.push_back(key);
    if (r.status == "ok") {
      it->second.accuracies.push_back(r.testAccuracy);
      if (r.epochsToTarget > 0) it->second.epochsToTarget.push_back(r.epochsToTarget);
    } else
      ++it->second.failed;
  }
  std::string summary = byConfig ? "dataset,config,model,ratio" : "dataset,model,ratio";
  for (const auto& key : gridKeys) summary += "," + io::csvCell(key);
  summary += ",runs,failed,mean_test_accuracy,std_test_accuracy,reached,mean_epochs_to_target,std_epochs_to_target\n";
  // A plot's legend names the grid fields that vary: one that takes a single value says
  // nothing about a curve, and its text would crowd the plot out of its frame.
  std::vector<std::set<std::string>> seen(gridKeys.size());
  for (const auto& r : rows)
    for (std::size_t k = 0; k < r.job.settings.size() && k < seen.size(); ++k) seen[k].insert(r.job.settings[k].second);
  // At one ratio, with one grid field varying over numbers, accuracy is plotted against that
  // field instead of the ratio.
  std::optional<std::size_t> axis;
  std::set<double> ratios;
  for (const auto& r : rows) ratios.insert(r.job.ratio);
  const auto numeric = [](const std::string& text, double& value) {
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return !text.empty() && end == text.c_str() + text.size() && std::isfinite(value);
  };
  for (std::size_t k = 0; k < seen.size(); ++k) {
    if (seen[k].size() < 2) continue;
    double value = 0.0;
    const bool numbers = std::all_of(seen[k].begin(), seen[k].end(),
                                     [&](const std::string& v) { return numeric(settingCell(v), value); });
    axis = !axis && numbers && ratios.size() == 1 ? std::optional<std::size_t>(k) : std::nullopt;
    if (!axis) break;
  }
  std::map<std::string, std::map<std::string, plot::Series>> plots;
  for (const auto& key : order) {
    const auto& group = groups.at(key);
    const auto& values = group.accuracies;
    const auto [mean, stddev] = meanAndStd(values);
    const auto [epochsMean, epochsStd] = meanAndStd(group.epochsToTarget);
    const auto& [dataset, config, model, ratio, settings] = key;
    std::string cells, label = byConfig ? config + ", " + model : model;
    for (std::size_t k = 0; k < settings.size(); ++k) {
      const auto& [field, value] = settings[k];
      cells += "," + io::csvCell(settingCell(value));
      if ((k >= seen.size() || seen[k].size() > 1) && k != axis) label += ", " + field + " = " + settingCell(value);
    }
    summary +=
        fmt::format("{},{}{},{}{},{},{},{},{},{},{},{}\n", io::csvCell(dataset),
                    byConfig ? io::csvCell(config) + "," : std::string(), io::csvCell(model), io::formatNumber(ratio),
                    cells, values.size(), group.failed, values.empty() ? "" : io::formatNumber(mean),
                    values.empty() ? "" : io::formatNumber(stddev), group.epochsToTarget.size(),
                    group.epochsToTarget.empty() ? "" : io::formatNumber(epochsMean),
                    group.epochsToTarget.empty() ? "" : io::formatNumber(epochsStd));
    if (!values.empty()) {
      auto& series = plots[dataset][label];
      series.name = label;
      double x = ratio;
      if (axis) numeric(settingCell(settings[*axis].second), x);
      series.x.push_back(x);
      series.y.push_back(mean);
    }
  }
  io::writeFileAtomically(out / "summary.csv", summary);
  for (const auto& [dataset, byModel] : plots) {
    std::vector<plot::Series> series;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (const auto& [model, curve] : byModel) {
      plot::Series sorted = curve;  // in the grid's order; a line runs along x
      std::vector<std::size_t> by(curve.x.size());
      for (std::size_t i = 0; i < by.size(); ++i) by[i] = i;
      std::sort(by.begin(), by.end(), [&](std::size_t a, std::size_t b) { return curve.x[a] < curve.x[b]; });
      for (std::size_t i = 0; i < by.size(); ++i) {
        sorted.x[i] = curve.x[by[i]];
        sorted.y[i] = curve.y[by[i]];
        low = std::min(low, sorted.x[i]);
        high = std::max(high, sorted.x[i]);
      }
      series.push_back(std::move(sorted));
    }
    const fs::path png = out / ((axis ? "accuracy_" : "range_") + dataset + ".png");
    if (axis)
      plot::renderPng(
          plot::accuracyVsSetting(dataset, gridKeys[*axis], low > 0.0 && high >= 100.0 * low, std::move(series)), png);
    else
      plot::renderPng(plot::accuracyVsRange(dataset, std::move(series)), png);
    files.push_back(png);
  }
  return files;
}

/// Rank 0's preparation of DIR: the grid to run and the rows already there.
struct Plan {
  SweepConfig config;
  std::map<std::size_t, SweepResult> kept;  // ok rows of a resumed sweep
};

Plan prepareNew(const SweepRequest& request) {
  Plan plan;
  plan.config = readSweepConfig(request.config);
  const fs::path& out = request.out;
  std::error_code error;
  if (fs::exists(out) && !fs::is_directory(out))
    throw std::runtime_error(out.string() + " exists and is not a folder; choose another --out");
  if (fs::exists(out) && !fs::is_empty(out, error)) {
    if (fs::exists(out / "sweep.json"))
      throw std::runtime_error(out.string() + " already holds a sweep; carry it on with `memcosim sweep --resume " +
                               out.string() + "`, or choose another --out");
    throw std::runtime_error(out.string() + " already exists and is not empty; choose another --out");
  }
  return plan;
}

/// Takes `lock` on DIR before reading its rows, so no other sweep is appending to them.
Plan prepareResume(const SweepRequest& request, std::optional<FolderLock>& lock) {
  const fs::path& out = request.out;
  const fs::path record = out / "sweep.json";
  if (!fs::exists(record))
    throw std::runtime_error(out.string() +
                             " holds no sweep to resume (no sweep.json); start one with --config FILE "
                             "--out DIR");
  lock.emplace(out);
  Plan plan;
  std::ifstream in(record);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(record.string() + ": not a memcosim sweep record (not valid JSON)");
  }
  plan.config = sweepFromJson(json, record);
  if (!request.config.empty()) checkSameGrid(plan.config, readSweepConfig(request.config), out);
  for (auto& [index, row] : readRows(out / "results.csv", plan.config))
    if (row.status == "ok") plan.kept.emplace(index, row);
  return plan;
}

}  // namespace

// ---- public ---------------------------------------------------------------------------------

std::size_t SweepOutcome::failed() const {
  return static_cast<std::size_t>(
      std::count_if(rows.begin(), rows.end(), [](const SweepResult& r) { return r.status != "ok"; }));
}

std::string resultRow(const SweepResult& r) {
  std::string settings;
  for (const auto& [key, value] : r.job.settings) settings += io::csvCell(settingCell(value)) + ",";
  return fmt::format("{},{},{},{},{},{},{}{},{},{},{},{},{},{}\n", r.index, io::csvCell(r.job.config.string()),
                     io::csvCell(r.dataset), io::csvCell(r.job.model), io::formatNumber(r.job.ratio), r.job.seed,
                     settings, io::csvCell(r.status), io::formatNumber(r.testAccuracy),
                     io::formatNumber(r.trainAccuracy), r.epochs, io::formatNumber(r.seconds), r.pulses,
                     r.epochsToTarget > 0 ? std::to_string(r.epochsToTarget) : std::string());
}

std::string resultsCsv(const std::vector<SweepResult>& rows, const std::vector<std::string>& keys) {
  std::vector<std::string> columns = keys;
  if (columns.empty() && !rows.empty())
    for (const auto& [key, value] : rows.front().job.settings) columns.push_back(key);
  std::string text = resultsHeader(columns) + "\n";
  for (const auto& r : rows) text += resultRow(r);
  return text;
}

std::vector<SweepResult> parseResultsCsv(const std::string& text, std::size_t settings) {
  std::vector<SweepResult> rows;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> keys(settings);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind(std::string(kHeaderStart) + ",", 0) == 0) {  // a header names the grid's keys
      const auto names = io::splitCsvLine(line);
      if (names.size() < kFixedColumns) throw std::runtime_error("sweep: malformed results header: " + line);
      keys.assign(names.begin() + 6, names.end() - 7);
      continue;
    }
    const auto c = io::splitCsvLine(line);
    if (c.size() != kFixedColumns + keys.size()) throw std::runtime_error("sweep: malformed result row: " + line);
    const auto number = [&](std::size_t k) { return io::parseNumber(c[k], io::NumberSyntax::Plain, "sweep result"); };
    SweepResult r;
    r.index = std::stoul(c[0]);
    r.job = {c[1], "", c[2], c[3], number(4), std::stol(c[5])};
    for (std::size_t k = 0; k < keys.size(); ++k) r.job.settings.emplace_back(keys[k], c[6 + k]);
    const std::size_t rest = 6 + keys.size();
    r.dataset = c[2];
    r.status = c[rest];
    r.testAccuracy = number(rest + 1);
    r.trainAccuracy = number(rest + 2);
    r.epochs = std::stoi(c[rest + 3]);
    r.seconds = number(rest + 4);
    r.pulses = std::stoll(c[rest + 5]);
    r.epochsToTarget = c[rest + 6].empty() ? 0 : std::stoi(c[rest + 6]);
    rows.push_back(r);
  }
  return rows;
}

std::string applySettings(const std::string& text, const std::vector<std::pair<std::string, std::string>>& settings) {
  if (settings.empty()) return text;  // a grid without fields leaves the config as written
  toml::table root = toml::parse(text);
  // The section at a dotted path (created where missing).
  const auto section = [&root](const std::string& key, std::string path) {
    toml::table* table = &root;
    while (!path.empty()) {
      const std::size_t dot = path.find('.');
      const std::string name = path.substr(0, dot);
      path = dot == std::string::npos ? "" : path.substr(dot + 1);
      if (!table->contains(name)) table->insert(name, toml::table{});
      table = (*table)[name].as_table();
      if (table == nullptr) throw std::invalid_argument(key + ": " + name + " is not a section of the config");
    }
    return table;
  };
  for (const auto& [key, value] : settings) {
    const toml::table parsed = toml::parse("value = " + value);
    if (const toml::table* fields = parsed.at("value").as_table()) {  // sets each of its fields in section `key`
      toml::table* table = section(key, key);
      for (const auto& [name, node] : *fields) node.visit([&](const auto& v) { table->insert_or_assign(name, v); });
      continue;
    }
    const std::size_t dot = key.rfind('.');
    toml::table* table = section(key, dot == std::string::npos ? "" : key.substr(0, dot));
    parsed.at("value").visit([&](const auto& node) { table->insert_or_assign(key.substr(dot + 1), node); });
  }
  std::ostringstream patched;
  patched << root;
  return patched.str();
}

/// A job's model replaces the base config's device: refuses a model of the other device kind
/// (physical or pulse-level) than the base's, whose device keys it would drop, and a pulse-level
/// model that does not take the base's [weights.pulsed] keys.
void checkModelKind(const io::ConfigTable& grid, const std::string& model, const TrainConfig& base,
                    const fs::path& path) {
  const std::string& device = base.weights.device;
  const bool pulsed = devices::pulsed::isPulsedDevice(model);
  if (device != "ideal" && pulsed != devices::pulsed::isPulsedDevice(device))
    grid.fail("models", fmt::format("{} is a {} device but {} trains the {} device {}, whose [weights] keys it "
                                    "would drop; sweep it from a base config of its kind or with ideal weights",
                                    model, pulsed ? "pulse-level" : "physical", path.filename().string(),
                                    pulsed ? "physical" : "pulse-level", device));
  if (!pulsed) return;
  try {
    devices::pulsed::makePulsedDevice(model, base.weights.pulsed, 0);
  } catch (const std::exception& e) {
    grid.fail("models",
              fmt::format("{} with the [weights.pulsed] keys of {}: {}", model, path.filename().string(), e.what()));
  }
}

SweepConfig readSweepConfig(const fs::path& file) {
  auto root = io::ConfigTable::load(file);
  auto grid = root.table("sweep");
  SweepConfig c;
  c.file = fs::absolute(file);
  c.text = io::ConfigTable::readFile(file);
  const auto configs = grid.texts("configs", {});
  if (configs.empty()) grid.fail("configs", "needs at least one base training config");
  const auto models = grid.texts("models", {});
  if (models.empty()) grid.fail("models", "needs at least one model (\"ideal\" or a device model)");
  const auto ratios = grid.numbersAbove("ratios", {}, 1.0, 1e9);
  if (ratios.empty()) grid.fail("ratios", "needs at least one R_off/R_on ratio > 1");
  const auto seeds = grid.integers("seeds", {1}, 0, std::numeric_limits<long>::max());
  c.workers = static_cast<int>(grid.integer("workers", 0, 0, 4096));
  auto fields = grid.table("grid");
  // Every combination of the grid's values, the last key varying fastest.
  std::vector<std::vector<std::pair<std::string, std::string>>> combinations(1);
  std::vector<std::pair<std::string, std::string>> everyValue;  // each key's values, for checking
  for (const auto& key : fields.keys()) {
    if (std::find(kAxisFields.begin(), kAxisFields.end(), key) != kAxisFields.end())
      fields.fail(key, "is set by the sweep's models, ratios and seeds; vary it there");
    const toml::node* node = fields.rawNode(key);
    const toml::array* values = node->as_array();
    if (values == nullptr || values->empty()) fields.fail(key, "needs a non-empty array of values, e.g. [0.01, 0.05]");
    for (const auto& value : *values)
      if (const toml::table* set = value.as_table())
        for (const auto& [name, node] : *set)
          if (std::find(kAxisFields.begin(), kAxisFields.end(), key + "." + std::string(name.str())) !=
              kAxisFields.end())
            fields.fail(key,
                        std::string(name.str()) + " is set by the sweep's models, ratios and seeds; vary it there");
    c.gridKeys.push_back(key);
    for (const auto& value : *values) everyValue.emplace_back(key, tomlText(value));
    std::vector<std::vector<std::pair<std::string, std::string>>> next;
    for (const auto& combination : combinations)
      for (const auto& value : *values) {
        next.push_back(combination);
        next.back().emplace_back(key, tomlText(value));
      }
    combinations = std::move(next);
  }
  fields.finish();
  const auto known = weightDeviceNames();
  for (const auto& model : models)
    if (std::find(known.begin(), known.end(), model) == known.end()) {
      std::string list;
      for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
      grid.fail("models", "\"" + model + "\" is not a weight model (known: " + list + ")");
    }
  grid.finish();
  root.finish();
  for (const auto& config : configs) {
    fs::path path = config;
    if (path.is_relative()) path = file.parent_path() / path;
    path = fs::absolute(path);
    // Validate now (file, line, field), not in a worker halfway through the sweep.
    TrainConfig base;
    try {
      base = readTrainConfig(path);
    } catch (const std::exception& e) {
      grid.fail("configs", e.what());
    }
    // Each grid value must make a valid config with this base, before any job runs.
    for (const auto& setting : everyValue) try {
        parseTrainConfig(applySettings(base.text, {setting}), path);
      } catch (const std::exception& e) {
        fields.fail(setting.first, fmt::format("= {} with {}: {}", setting.second, path.filename().string(), e.what()));
      }
    for (const auto& model : models) {
      if (model == "ideal") continue;
      checkModelKind(grid, model, base, path);
      if (devices::pulsed::isPulsedDevice(model)) continue;  // any ratio: the map onto [g_min, g_max] is linear
      for (double ratio : ratios) try {
          programming::fitWindow(model, 1.0 / base.weights.gMax_siemens, ratio, base.weights.parameters);
        } catch (const std::exception& e) {
          grid.fail("models", fmt::format("{} cannot realise ratio {} with the params of {}: {}", model,
                                          io::formatNumber(ratio), path.filename().string(), e.what()));
        }
    }
    for (const auto& model : models)
      for (double ratio : ratios)
        for (const auto& combination : combinations)
          for (long seed : seeds) c.jobs.push_back({path, base.text, base.dataset, model, ratio, seed, combination});
  }
  return c;
}

JobsOutcome runSweepJobs(const std::vector<SweepJob>& jobs, const std::vector<std::size_t>& indices, int workers,
                         const std::function<void(const SweepResult&)>& onRow) {
  JobsOutcome outcome;
  const auto task = [&jobs](std::size_t index) { return jobRow(jobs, index); };
  const auto finished = [&](const parallel::Finished& worker) {
    const std::size_t index = worker.index;
    std::vector<SweepResult> rows;
    try {
      rows = parseResultsCsv(worker.text, jobs[index].settings.size());
    } catch (const std::exception&) {
    }
    SweepResult done;
    if (worker.failure.empty() && rows.size() == 1 && rows.front().index == index) {
      done = rows.front();
      done.job = jobs[index];
    } else {
      done.index = index;
      done.job = jobs[index];
      done.dataset = jobs[index].dataset;
      done.status = "failed: " + (worker.failure.empty() ? std::string("worker exited with status 0") : worker.failure);
    }
    std::cerr << fmt::format("sweep: job {} ({}): {}", index, describeJob(done.job), done.status)
              << (done.status == "ok" ? fmt::format(", test accuracy {:.4f}, {:.1f} s, {} pulses\n", done.testAccuracy,
                                                    done.seconds, done.pulses)
                                      : std::string("\n"));
    if (onRow) onRow(done);
    outcome.rows.push_back(std::move(done));
  };
  outcome.signal = parallel::runInWorkers(indices, workers, task, finished);
  return outcome;
}

SweepOutcome sweep(const SweepRequest& request, int* argc, char*** argv) {
  const parallel::MpiScope mpi(argc, argv);
  const parallel::Ranks& ranks = mpi.ranks();
  const fs::path& out = request.out;

  // Rank 0 checks and prepares DIR, then hands the grid and the finished jobs to the others.
  std::optional<FolderLock> lock;
  Plan plan;
  std::string failure;
  if (ranks.rank == 0) {
    try {
      plan = request.resume ? prepareResume(request, lock) : prepareNew(request);
      if (!request.resume) {
        fs::create_directories(out);
        lock.emplace(out);
        if (fs::exists(out / "sweep.json"))  // another sweep took DIR while this one was checking
          throw std::runtime_error(out.string() + " already holds a sweep; choose another --out");
        io::writeFileAtomically(out / "sweep.json", sweepJson(plan.config).dump(1) + "\n");
      }
      std::vector<SweepResult> kept;
      for (const auto& [index, row] : plan.kept) kept.push_back(row);
      // Failed rows of a resume go: they run again. The header names the grid's columns from the
      // start, so the rows appended during the run (and a resume after a stop) read back.
      io::writeFileAtomically(out / "results.csv", resultsCsv(kept, plan.config.gridKeys));
    } catch (const std::exception& e) {
      failure = e.what();
      if (!ranks.mpi) throw;
    }
  }
  if (ranks.mpi) {
    nlohmann::json shared;
    if (ranks.rank == 0) {
      shared = {{"failure", failure}, {"sweep", failure.empty() ? sweepJson(plan.config) : nlohmann::json()}};
      std::vector<std::size_t> done;
      for (const auto& [index, row] : plan.kept) done.push_back(index);
      shared["done"] = done;
    }
    std::string text = ranks.rank == 0 ? shared.dump() : std::string();
    parallel::broadcast(text, ranks);
    shared = nlohmann::json::parse(text);
    failure = shared.at("failure").get<std::string>();
    if (!failure.empty()) throw std::runtime_error(ranks.rank == 0 ? failure : "rank 0: " + failure);
    if (ranks.rank != 0) {
      plan.config = sweepFromJson(shared.at("sweep"), out / "sweep.json");
      for (std::size_t index : shared.at("done").get<std::vector<std::size_t>>()) plan.kept[index] = SweepResult{};
    }
  }

  std::vector<std::size_t> todo;
  for (std::size_t index = ranks.rank; index < plan.config.jobs.size(); index += ranks.count)
    if (!plan.kept.count(index)) todo.push_back(index);
  const int workers = request.workers > 0 ? request.workers : plan.config.workers;
  // Every rank appends its own rows as they come (all ranks share DIR when on one machine).
  const bool append = fs::exists(out / "results.csv");
  auto jobs = runSweepJobs(plan.config.jobs, todo, workers, [&](const SweepResult& row) {
    if (append) io::appendLine(out / "results.csv", resultRow(row));
  });

  SweepOutcome outcome;
  outcome.jobs = plan.config.jobs.size();
  outcome.kept = plan.kept.size();
  if (jobs.signal != 0) {
    if (ranks.mpi) {
      std::cerr << fmt::format(
          "sweep: rank {} stopped by {}; its finished rows are in {}; carry on with: memcosim sweep --resume {}\n",
          ranks.rank, parallel::signalName(jobs.signal), (out / "results.csv").string(), out.string());
      mpi.abort(128 + jobs.signal);
    }
    for (const auto& [index, row] : plan.kept) outcome.rows.push_back(row);
    for (auto& row : jobs.rows) outcome.rows.push_back(row);
    outcome.signal = jobs.signal;
    return outcome;
  }
  std::vector<SweepResult> rows = jobs.rows;
  if (ranks.mpi) {
    const std::string all = parallel::gather(resultsCsv(rows), ranks);
    if (ranks.rank != 0) {
      outcome.reporter = false;
      return outcome;
    }
    rows = parseResultsCsv(all);
    for (auto& row : rows) row.job = plan.config.jobs.at(row.index);
  }
  for (const auto& [index, row] : plan.kept) rows.push_back(row);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  outcome.rows = rows;
  outcome.files = writeOutputs(rows, plan.config.gridKeys, out);
  return outcome;
}

}  // namespace memcosim::commands
