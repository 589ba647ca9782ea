// In-process libngspice session: load a circuit once, change it in place, run analyses.
//
// Life cycle: Session() → load(netlist) → { alter…/alterModel… → operatingPoint() |
// dcSweep() | transient() }* → load(another) … → ~Session().
//
// ngspice keeps global state, so at most one Session is alive per process (a second throws
// SessionError); parallel work uses separate processes. Every analysis returns a Plot whose
// vectors are copied out of ngspice at once and whose ngspice plot is then destroyed, so
// memory stays flat over long runs. ngspice reports errors only as text on its stderr
// stream; the session turns them into exceptions naming the offending deck line, and an
// analysis that does not converge throws ConvergenceError instead of returning stale data.
// If ngspice asks to exit (a `quit` command or a fatal error), the process carries on but
// ngspice cannot be used again in it: every later call throws SessionError.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "spice/netlist.h"
#include "spice/printer.h"

namespace memcosim::spice {

/// An error reported by ngspice (or a misuse of the session); `what()` carries ngspice's
/// message and, where known, the deck line it refers to.
class SessionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An analysis that did not reach a solution (operating point, sweep or time step).
class ConvergenceError : public SessionError {
 public:
  using SessionError::SessionError;
};

/// One output vector of an analysis, copied out of ngspice.
struct Vector {
  std::string name;  // lower case: "v(out)", "i(v1)", "time", "v-sweep", "@r1[i]", "onoise_spectrum"
  std::vector<double> real;
  std::vector<double> imaginary;  // empty unless the vector is complex
};

/// The result of one analysis: its type ("op", "dc", "tran") and vectors, the scale first.
struct Plot {
  std::string type;
  std::vector<Vector> vectors;

  /// Vector by name, case-insensitive; "v(out)" may be given as "out". Throws SessionError.
  [[nodiscard]] const Vector& vector(const std::string& name) const;
  /// The vector of node `node`'s voltage (named nodeVoltage(node)). Throws SessionError.
  [[nodiscard]] const Vector& voltage(const std::string& node) const;
  /// The single value of a vector of an operating point.
  [[nodiscard]] double value(const std::string& name) const;
  [[nodiscard]] std::size_t points() const { return vectors.empty() ? 0 : vectors.front().real.size(); }
  /// Throws SessionError naming the first vector and point that holds ±inf or NaN.
  void requireFinite(const std::string& context) const;
};

/// libngspice 39 corrupts its memory on command lines longer than about 1 KiB (it then runs
/// garbage, even as a shell command), so no longer command ever reaches it: longer ones are
/// split where they can be (Session::save) and refused otherwise.
inline constexpr std::size_t kMaxCommandBytes = 512;

class Session {
 public:
  struct Options {
    bool verbose = false;  // echo ngspice's own output to stderr
  };

  explicit Session(Options options);
  Session() : Session(Options{}) {}
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;

  /// Replaces any loaded circuit. Throws SessionError naming the rejected line.
  void load(const Netlist& netlist);
  void load(const std::vector<SourceLine>& deck);

  Plot operatingPoint();
  Plot dcSweep(const std::string& source, double start, double stop, double step);
  Plot transient(double step_seconds, double stop_seconds, double start_seconds = 0.0, double maxStep_seconds = 0.0,
                 bool useInitialConditions = false);
  /// Runs the analysis cards (.op, .dc, .tran, .ac) of the loaded deck, in deck order.
  std::vector<Plot> runDeckAnalyses();

  /// Changes an element's main value (R, C, L, DC value of a source) in place.
  void alter(const std::string& element, double value);
  /// Changes a named instance parameter in place (e.g. a source's `dc`, a diode's `area`).
  void alter(const std::string& element, const std::string& parameter, double value);
  /// Changes a model parameter in place (e.g. a diode model's `is`).
  void alterModel(const std::string& model, const std::string& parameter, double value);

  /// Every plot ngspice holds but "const", oldest first, copied out and then destroyed in
  /// ngspice: after load() of a deck with a .control block, the plots its commands made.
  std::vector<Plot> takeNewPlots();

  /// Sends any ngspice command; throws SessionError on an error message, and on a command
  /// longer than kMaxCommandBytes.
  void command(const std::string& text);

  /// Restricts the vectors later analyses keep to these nodes' voltages (ngspice's `save`),
  /// sent as as many `save` commands as keep each under kMaxCommandBytes.
  void save(const std::vector<std::string>& nodes);

  /// ngspice's output lines from the most recent command (stdout and stderr, prefixed).
  [[nodiscard]] const std::vector<std::string>& lastOutput() const { return output_; }
  [[nodiscard]] bool circuitLoaded() const { return loaded_; }

  /// Internal: called from ngspice's callbacks.
  void receiveLine(const char* line);
  void receiveExit(int status);

 private:
  void send(const std::string& text);  // runs a command, collects output, throws on errors
  void dropCommandHistory();           // ngSpice_Command(NULL): ngspice forgets the commands sent so far
  static constexpr int kCommandsKept = 10000;
  int commandsKept_ = 0;
  std::string diagnosis() const;       // ngspice's stderr lines of the last command, joined
  Plot analyse(const std::string& command);
  void requireCircuit(const std::string& what) const;
  [[noreturn]] void failLoad(const std::string& message);
  void discardCircuit();

  Options options_;
  std::vector<std::string> output_;
  std::vector<SourceLine> deck_;  // the loaded deck, for naming rejected lines
  bool loaded_ = false;
  std::optional<int> exitStatus_;  // set when ngspice asked to exit during a command
  std::size_t commandsSinceHistoryReset_ = 0;
};

}  // namespace memcosim::spice
