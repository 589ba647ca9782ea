// Running a deck file in a child process and writing its plots as CSV, all files or none.
#include "commands/run_deck.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/csv.h"
#include "io/number.h"
#include "io/stop_signals.h"
#include "spice/analysis_size.h"
#include "spice/deck.h"
#include "spice/session.h"

namespace memcosim::commands {
namespace {

namespace fs = std::filesystem;

/// Lines the child sends to the parent start with this byte; everything else is ngspice's output.
constexpr char kReport = '\x1e';
constexpr char kNewline = '\x1f';  // stands for '\n' inside a report
const std::string kStagingPrefix = ".memcosim-run-";

std::string errnoText() { return std::strerror(errno); }

/// Staging folders of runs whose process is gone (a kill -9 or Ctrl-C mid-run): removed.
void removeStaleStaging(const fs::path& outDir) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(outDir, error)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) != 0) continue;
    const long pid = std::strtol(name.c_str() + kStagingPrefix.size(), nullptr, 10);
    if (pid > 0 && !io::processAlive(pid)) fs::remove_all(entry.path(), error);
  }
}

/// A fresh folder inside `outDir` for the run's files, named after this process; removed with
/// what is left in it (and by a later run in `outDir` if this process is killed).
class StagingFolder {
 public:
  explicit StagingFolder(const fs::path& outDir) {
    removeStaleStaging(outDir);
    std::string pattern = (outDir / (kStagingPrefix + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr)
      throw std::runtime_error(outDir.string() + ": cannot create a staging folder (" + errnoText() + ")");
    path_ = pattern;
  }
  ~StagingFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  StagingFolder(const StagingFolder&) = delete;
  StagingFolder& operator=(const StagingFolder&) = delete;
  StagingFolder(StagingFolder&&) = delete;
  StagingFolder& operator=(StagingFolder&&) = delete;
  [[nodiscard]] const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void writeAll(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

/// Writes `content` to `path`; a failure names the cause ("No space left on device").
void writeWholeFile(const fs::path& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path.filename().string() + ": cannot create (" + errnoText() + ")");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string cause = errnoText();
      ::close(fd);
      throw std::runtime_error(path.filename().string() + ": cannot write (" + cause + ")");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0)
    throw std::runtime_error(path.filename().string() + ": cannot write (" + errnoText() + ")");
}

/// CSV columns of a plot: real vectors as they are, complex ones as re(name), im(name).
/// Vectors shorter than the scale (a `let` scalar in a transient plot) leave empty cells.
std::string plotCsv(const spice::Plot& plot) {
  std::vector<std::string> header;
  std::vector<std::vector<double>> columns;
  for (const auto& v : plot.vectors) {
    if (v.real.empty()) continue;
    if (v.imaginary.empty()) {
      header.push_back(v.name);
      columns.push_back(v.real);
    } else {
      header.push_back("re(" + v.name + ")");
      columns.push_back(v.real);
      header.push_back("im(" + v.name + ")");
      columns.push_back(v.imaginary);
    }
  }
  return io::csvTextWithGaps(header, columns);
}

/// The deck's analyses as "'.tran 1n 1' (deck.cir:7)", for messages.
std::string analysesText(const spice::Deck& deck) {
  std::string text;
  for (const auto& a : deck.analyses) {
    if (text.size() > 300) return text + ", …";
    text += (text.empty() ? "" : ", ") + ("'" + a.text + "' (" + a.origin + ")");
  }
  return text.empty() ? "its analyses" : text;
}

/// Refuses an analysis whose estimated output (points × vectors) exceeds the budget.
void checkOutputBudget(const spice::Deck& deck, double maxValues) {
  const double vectors = static_cast<double>(std::max<std::size_t>(deck.elements, 1) + 1);
  for (const auto& analysis : deck.analyses) {
    const auto points = spice::estimatedPoints(analysis.text);
    if (!points || *points * vectors <= maxValues) continue;
    throw std::runtime_error(analysis.origin + ": '" + analysis.text + "' would produce about " +
                             io::formatNumber(*points) + " points × " + io::formatNumber(vectors) +
                             " vectors = " + io::formatNumber(*points * vectors) +
                             " values, over the output budget of " + io::formatNumber(maxValues) +
                             "; use a coarser step or a shorter span, or raise --max-points");
  }
}

// ---- the child: ngspice runs here, so that a crash inside it cannot take memcosim down ----

void report(const std::string& kind, const std::string& text) {
  std::string line = std::string(1, kReport) + kind + " " + text;
  std::replace(line.begin(), line.end(), '\n', kNewline);
  writeAll(STDERR_FILENO, line + "\n");
}

/// Throws if a `quit STATUS` inside a loop or if of the .control block ran with a non-zero status.
void checkQuitStatus(const std::vector<std::string>& ngspiceOutput) {
  for (const auto& line : ngspiceOutput) {
    const auto marker = line.find(spice::kQuitMarker);
    if (marker == std::string::npos || line.rfind("stdout ", 0) != 0) continue;
    std::istringstream fields(line.substr(marker + std::strlen(spice::kQuitMarker)));
    std::string status, origin;
    fields >> status;
    std::getline(fields >> std::ws, origin);
    if (status != "0")
      throw std::runtime_error(origin + ": the deck's .control block ran 'quit " + status +
                               "' (a failure status; ngspice -b would exit with it)");
  }
}

/// Writes each plot as <kind>.csv, <kind>_2.csv … in the working folder, reporting each file.
void writePlots(const std::vector<spice::Plot>& plots, const fs::path& deckPath) {
  std::map<std::string, int> seen;
  for (const auto& plot : plots) {
    const int count = ++seen[plot.type];
    const std::string name = plot.type + (count == 1 ? "" : "_" + std::to_string(count)) + ".csv";
    for (const auto& v : plot.vectors)
      if (v.real.empty())
        report("warning", deckPath.string() + ": ngspice gave no values for '" + v.name + "' in the " + plot.type +
                              " analysis (" + name +
                              "; it computes that quantity only for some analyses); column left out");
    if (fs::exists(name))
      throw std::runtime_error(deckPath.string() + ": the deck itself wrote a file named " + name +
                               ", which is where memcosim puts the " + plot.type + " plot; rename the deck's file");
    writeWholeFile(name, plotCsv(plot));
    report("file", name);
  }
}

void childRun(spice::Session& session, const spice::Deck& deck, const fs::path& deckPath) {
  try {
    session.load(deck.lines);
  } catch (const spice::SessionError& error) {
    throw std::runtime_error(deckPath.string() + (deck.hasControl ? " (with its .control block)" : "") + ": " +
                             error.what());
  }
  checkQuitStatus(session.lastOutput());
  std::vector<spice::Plot> plots = session.takeNewPlots();
  for (const auto& plot : plots)
    plot.requireFinite(deckPath.string() + ": the .control block's " + plot.type + " plot");
  // As `ngspice -b`: a .control block replaces the dot analyses unless .print/.plot/.four ask for them.
  if (!deck.hasControl || deck.hasOutputCards) {
    std::vector<spice::Plot> more = session.runDeckAnalyses();
    std::move(more.begin(), more.end(), std::back_inserter(plots));
  }
  if (plots.empty())
    throw std::runtime_error(deckPath.string() + ": the deck ran no analysis" +
                             (deck.hasControl ? " (its .control block has no analysis command or 'run')"
                                              : " (it has no .op, .dc, .tran, .ac or .noise card)"));
  writePlots(plots, deckPath);
}

[[noreturn]] void childMain(const spice::Deck& deck, const fs::path& deckPath, const fs::path& staging, int pipeFd,
                            pid_t parent) {
  io::becomeChildOf(parent);  // a killed parent (kill -9) takes its ngspice process with it
  ::dup2(pipeFd, STDERR_FILENO);
  ::dup2(pipeFd, STDOUT_FILENO);
  ::close(pipeFd);
  int status = 0;
  try {
    if (::chdir(staging.c_str()) != 0)
      throw std::runtime_error(staging.string() + ": cannot enter the staging folder (" + errnoText() + ")");
    // Never destroyed: the process ends with _exit, and tearing some circuits down (coupled
    // transmission lines, CPL) crashes libngspice 39 after every result was written.
    static spice::Session session(spice::Session::Options{true});
    childRun(session, deck, deckPath);
  } catch (const std::exception& error) {
    report("error", error.what());
    status = 1;
  }
  std::cerr.flush();
  ::_exit(status);  // no destructors: ngspice's teardown is not needed in a process that ends here
}

// ---- the parent ----

struct ChildOutcome {
  int exitCode = 0;
  int signal = 0;
  std::vector<std::string> files, warnings, errors;
  std::deque<std::string> lastOutput;  // ngspice's last lines
};

/// ngspice's chatter that says nothing about a failure.
bool isChatter(const std::string& line) {
  static const std::vector<std::string> kPrefixes{"ngspice: Circuit:",
                                                  "ngspice: Doing analysis at",
                                                  "ngspice: No. of Data Rows",
                                                  "ngspice: Note: No compatibility mode",
                                                  "ngspice: ******",
                                                  "ngspice: ** ngspice",
                                                  "ngspice: ** Creation Date",
                                                  "ngspice: ** The U. C. Berkeley",
                                                  "ngspice: ** Please",
                                                  "ngspice: Using SPARSE",
                                                  "ngspice: Reference value",
                                                  "ngspice: Warning: there is no circuit loaded.",
                                                  "ngspice: Command 'remcirc' is ignored."};
  if (line.find_first_not_of(" \t") == std::string::npos || line == "ngspice: ") return true;
  return std::any_of(kPrefixes.begin(), kPrefixes.end(), [&](const std::string& p) { return line.rfind(p, 0) == 0; });
}

void takeLine(ChildOutcome& outcome, std::string line, bool verbose) {
  if (!line.empty() && line[0] == kReport) {
    std::replace(line.begin(), line.end(), kNewline, '\n');
    const auto blank = line.find(' ');
    const std::string kind = line.substr(1, blank - 1), text = line.substr(blank + 1);
    if (kind == "file") outcome.files.push_back(text);
    if (kind == "warning") outcome.warnings.push_back(text);
    if (kind == "error") outcome.errors.push_back(text);
    return;
  }
  if (verbose) std::cerr << line << '\n';
  if (isChatter(line)) return;
  outcome.lastOutput.push_back(line);
  if (outcome.lastOutput.size() > 25) outcome.lastOutput.pop_front();
}

ChildOutcome runChild(const spice::Deck& deck, const fs::path& deckPath, const fs::path& staging, bool verbose) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("cannot create a pipe for the ngspice process (" + errnoText() + ")");
  std::cout.flush();
  std::cerr.flush();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error("cannot start the ngspice process (" + errnoText() + ")");
  }
  if (pid == 0) {
    ::close(fds[0]);
    childMain(deck, deckPath, staging, fds[1], parent);
  }
  ::close(fds[1]);
  ChildOutcome outcome;
  std::string pending;
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      if (io::StopSignals::caught() != 0) {
        ::kill(pid, SIGKILL);  // a Ctrl-C reaches the child too; a signal to the parent alone does not
        break;
      }
      continue;
    }
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
      takeLine(outcome, pending.substr(0, end), verbose);
      pending.erase(0, end + 1);
    }
  }
  if (!pending.empty()) takeLine(outcome, pending, verbose);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  if (WIFEXITED(status)) outcome.exitCode = WEXITSTATUS(status);
  return outcome;
}

std::string ngspiceSaid(const ChildOutcome& outcome) {
  if (outcome.lastOutput.empty()) return "";
  std::string text = "\nngspice's last output:";
  for (const auto& line : outcome.lastOutput) text += "\n  " + line;
  return text;
}

std::string signalName(int signal) {
  std::string name = ::strsignal(signal);
  if (!name.empty()) name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

/// Moves every file the child left in `staging` into `outDir`; the CSVs first, in plot order.
std::vector<fs::path> publish(const fs::path& staging, const fs::path& outDir, const std::vector<std::string>& csvs) {
  std::vector<std::string> names = csvs;
  std::vector<std::string> others;
  for (const auto& entry : fs::directory_iterator(staging)) {
    const std::string name = entry.path().filename().string();
    if (std::find(csvs.begin(), csvs.end(), name) == csvs.end()) others.push_back(name);
  }
  std::sort(others.begin(), others.end());
  names.insert(names.end(), others.begin(), others.end());
  for (const auto& name : names) {
    const fs::path target = outDir / name;
    if (fs::is_directory(target))
      throw std::runtime_error(target.string() + ": cannot write the result there (a folder of that name exists)");
  }
  std::vector<fs::path> files;
  for (const auto& name : names) {
    std::error_code error;
    fs::rename(staging / name, outDir / name, error);
    if (error) throw std::runtime_error((outDir / name).string() + ": cannot write (" + error.message() + ")");
    files.push_back(outDir / name);
  }
  return files;
}

}  // namespace

RunDeckResult runDeck(const fs::path& deckPath, const fs::path& outDir, const RunDeckOptions& options) {
  const spice::Deck deck = spice::readDeck(deckPath, spice::DeckOptions{options.trustDeck});
  if (!deck.hasControl && deck.analyses.empty())
    throw std::runtime_error(deckPath.string() +
                             ": the deck has no analysis card (.op, .dc, .tran, .ac, .noise …) and no .control block");
  checkOutputBudget(deck, options.maxValues);

  std::error_code error;
  fs::create_directories(outDir, error);
  if (error) throw std::runtime_error(outDir.string() + ": cannot create the output folder (" + error.message() + ")");
  const StagingFolder staging(outDir);
  const io::StopSignals guard;  // a stop signal ends the wait; runChild stops ngspice
  const ChildOutcome outcome = runChild(deck, deckPath, staging.path(), options.verbose);
  if (io::StopSignals::caught() != 0) {
    RunDeckResult interrupted;
    interrupted.interruptedBy = io::StopSignals::caught();
    return interrupted;  // the staging folder goes with `staging`; nothing was published
  }
  if (outcome.signal != 0)
    throw std::runtime_error("ngspice crashed (signal " + std::to_string(outcome.signal) + ", " +
                             signalName(outcome.signal) + ") while running " + deckPath.string() + "'s analyses (" +
                             analysesText(deck) +
                             "); nothing was written. The fault is inside ngspice: try another "
                             "analysis or circuit variant." +
                             ngspiceSaid(outcome));
  if (!outcome.errors.empty() || outcome.exitCode != 0) {
    std::string message = outcome.errors.empty() ? deckPath.string() + ": the ngspice process failed (exit status " +
                                                       std::to_string(outcome.exitCode) + ")"
                                                 : outcome.errors.front();
    throw std::runtime_error(message + "; nothing was written" + ngspiceSaid(outcome));
  }
  RunDeckResult result;
  result.warnings = deck.warnings;
  result.warnings.insert(result.warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
  result.files = publish(staging.path(), outDir, outcome.files);
  return result;
}

}  // namespace memcosim::commands
