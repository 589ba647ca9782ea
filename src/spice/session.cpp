// libngspice session: callbacks, error detection, copying vectors out, keeping memory flat.
#include "spice/session.h"

#include <ngspice/sharedspice.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <clocale>
#include <cmath>
#include <iostream>
#include <set>

#include "io/number.h"
#include "io/text.h"

namespace memcosim::spice {
namespace {

using io::formatNumber;
using io::lowerCase;
using io::trimmed;

Session* g_session = nullptr;  // the one live session; ngspice's callbacks report to it
std::atomic<bool> g_sessionAlive{false};
bool g_ngspiceInitialised = false;
std::optional<int> g_ngspiceExitStatus;  // ngspice cannot be used again in a process once it exits

int onOutput(char* line, int /*id*/, void* /*user*/) {
  if (g_session != nullptr && line != nullptr) g_session->receiveLine(line);
  return 0;
}

int onExit(int status, NG_BOOL /*immediate*/, NG_BOOL /*quit*/, int /*id*/, void* /*user*/) {
  // ngspice asks its host to unload it. The process carries on; ngspice itself cannot be
  // used again (a new circuit crashes it, with or without a new ngSpice_Init), so every
  // later call throws instead.
  g_ngspiceExitStatus = status;
  if (g_session != nullptr) g_session->receiveExit(status);
  return 0;
}

void requireNgspiceUsable() {
  if (g_ngspiceExitStatus)
    throw SessionError("ngspice has shut down in this process (it asked to exit with status " +
                       std::to_string(*g_ngspiceExitStatus) + "); start a new process to simulate again");
}

void initialiseNgspice() {
  ngSpice_Init(onOutput, nullptr, onExit, nullptr, nullptr, nullptr, nullptr);
  g_ngspiceInitialised = true;
}

std::string squeezed(const std::string& text) {  // lower case, runs of white space as one blank
  std::string out;
  bool blank = false;
  for (unsigned char c : text) {
    if (std::isspace(c)) {
      blank = !out.empty();
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

bool startsWith(const std::string& text, const std::string& prefix) { return text.rfind(prefix, 0) == 0; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// ngspice's stderr lines that mean a command failed (its notes and warnings do not).
bool isErrorLine(const std::string& line) {
  if (!startsWith(line, "stderr ")) return false;
  const std::string text = line.substr(7);
  return startsWith(text, "Error") || contains(text, "Error:") || startsWith(text, "doAnalyses:") ||
         contains(text, "simulation(s) aborted") || contains(text, "no such command") ||
         contains(text, "simulation interrupted") || contains(text, "is not a valid") || startsWith(text, "ERROR");
}

bool isConvergenceMessage(const std::string& text) {
  const std::string lower = lowerCase(text);
  return contains(lower, "timestep too small") || contains(lower, "no convergence") ||
         contains(lower, "singular matrix") || contains(lower, "gmin stepping failed") ||
         contains(lower, "source stepping failed") || contains(lower, "iteration limit");
}

std::string withoutStream(const std::string& line) {
  if (startsWith(line, "stderr ")) return line.substr(7);
  if (startsWith(line, "stdout ")) return line.substr(7);
  return line;
}

/// Warnings after which ngspice carries on with a result that is silently wrong; the
/// description of the first one found, or "" when there is none.
///
/// A singular matrix at the first Newton iterate is harmless when a convergence aid (gmin or
/// source stepping) then completes: the solution it reaches is regular. A node that floats
/// stays singular through every aid, and ngspice then returns whatever the last one left.
std::string wrongResultWarning(const std::vector<std::string>& output) {
  std::string singularNode;
  bool singular = false;
  for (const auto& line : output) {
    const std::string text = withoutStream(line);
    const std::string lower = lowerCase(text);
    const auto matrix = lower.find("singular matrix:");
    if (matrix != std::string::npos) {
      const auto check = lower.find("check node", matrix);
      singularNode = check == std::string::npos ? "" : trimmed(text.substr(check + 10));
      singular = true;
    }
    if (contains(lower, "stepping completed")) singular = false;
    const auto low = lower.find(": resistance to low");
    if (low != std::string::npos) {
      const auto begin = lower.find("warning:");
      const std::string element = trimmed(
          text.substr(begin == std::string::npos ? 0 : begin + 8, low - (begin == std::string::npos ? 0 : begin + 8)));
      return "resistor '" + element +
             "' has no value or one below 1 mOhm, which ngspice silently replaces by 1 mOhm; give it a value";
    }
  }
  if (singular)
    return "the circuit matrix is singular" +
           (singularNode.empty() ? std::string() : " at node '" + singularNode + "'") +
           " and stays so through gmin and source stepping: the node floats (no DC path to ground, or only "
           "capacitors and current sources), so ngspice's answer would be arbitrary; connect it (e.g. a large "
           "resistor to ground) or use `uic`";
  return {};
}

/// The first card (not the title, not a comment) that holds a byte outside ASCII: ngspice folds
/// every such byte to '_', so names like "aé" and "aö" would silently become one node.
const SourceLine* nonAsciiCard(const std::vector<SourceLine>& deck) {
  for (std::size_t k = 1; k < deck.size(); ++k) {
    const std::string& text = deck[k].text;
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos || text[first] == '*') continue;
    const std::string code = text.substr(0, std::min(text.find(';'), text.find('$')));
    if (std::any_of(code.begin(), code.end(), [](unsigned char c) { return c >= 0x80; })) return &deck[k];
  }
  return nullptr;
}

/// Names of the scale (independent variable) vectors of ngspice's analyses.
const std::vector<std::string> kScaleNames{"time", "frequency", "v-sweep", "i-sweep", "temp-sweep", "res-sweep"};

/// Instance and model names as ngspice knows them, including hierarchical ones ("r.x1.r2").
bool isInstancePath(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '.' || c == '#';
  });
}

/// ngspice names node vectors "out" or "V(2)" and branch currents "v1#branch" or
/// "v.x1.v1#branch"; results use "v(out)", "v(2)", "i(v1)" and "i(v.x1.v1)". ngspice's vector
/// type decides: voltages without parentheses become v(…), currents i(…); device parameters
/// ("@r1[i]"), scale vectors ("time", "v-sweep") and everything else (noise spectra, `let`
/// results without a voltage or current type) keep their own names.
/// ngspice's vector types (enum simulation_types in its src/include/ngspice/sim.h; the public
/// header sharedspice.h gives only the integer).
constexpr int kVoltageType = 3;  // SV_VOLTAGE
constexpr int kCurrentType = 4;  // SV_CURRENT

std::string canonicalVectorName(const std::string& name, int type) {
  std::string lower = lowerCase(name);
  if (std::find(kScaleNames.begin(), kScaleNames.end(), lower) != kScaleNames.end()) return lower;
  if (lower.empty() || lower[0] == '@' || lower.find('(') != std::string::npos) return lower;
  if (lower.find("noise_") != std::string::npos) return lower;  // noise analysis: onoise_spectrum, inoise_total …
  const auto branch = lower.find("#branch");
  if (branch != std::string::npos && branch + 7 == lower.size()) return "i(" + lower.substr(0, branch) + ")";
  if (type == kCurrentType) return "i(" + lower + ")";
  if (type == kVoltageType) return "v(" + lower + ")";
  return lower;
}

std::string plotType(const std::string& plotName) {  // "tran12" → "tran"
  std::string type = plotName;
  while (!type.empty() && std::isdigit(static_cast<unsigned char>(type.back()))) type.pop_back();
  return type;
}

}  // namespace

const Vector& Plot::vector(const std::string& name) const {
  const std::string wanted = lowerCase(name);
  for (const auto& v : vectors)
    if (v.name == wanted || v.name == "v(" + wanted + ")") return v;
  std::string known;
  for (const auto& v : vectors) known += (known.empty() ? "" : ", ") + v.name;
  throw SessionError("no vector '" + name + "' in the " + type + " result (vectors: " + known + ")");
}

void Plot::requireFinite(const std::string& context) const {
  for (const auto& v : vectors) {
    for (std::size_t k = 0; k < v.real.size(); ++k) {
      const bool finite = std::isfinite(v.real[k]) && (v.imaginary.empty() || std::isfinite(v.imaginary[k]));
      if (!finite)
        throw SessionError(context + ": vector '" + v.name + "' is not finite at point " + std::to_string(k) + " of " +
                           std::to_string(v.real.size()) + " (" + formatNumber(v.real[k]) +
                           "); the circuit has no finite solution there");
    }
  }
}

const Vector& Plot::voltage(const std::string& node) const { return vector(nodeVoltage(node)); }

double Plot::value(const std::string& name) const {
  const Vector& v = vector(name);
  if (v.real.size() != 1)
    throw SessionError("vector '" + name + "' has " + std::to_string(v.real.size()) + " points, not one");
  return v.real.front();
}

Session::Session(Options options) : options_(options) {
  if (g_sessionAlive.exchange(true))
    throw SessionError(
        "a spice::Session is already alive in this process: ngspice has global state, so use one "
        "session per process and separate processes for parallel work");
  if (g_ngspiceExitStatus) {
    g_sessionAlive = false;
    requireNgspiceUsable();
  }
  std::setlocale(LC_NUMERIC, "C");  // ngspice parses and prints numbers with the C locale
  g_session = this;
  if (!g_ngspiceInitialised) initialiseNgspice();
  output_.clear();
  ngSpice_Command(const_cast<char*>("destroy all"));
  discardCircuit();
}

Session::~Session() {
  if (!g_ngspiceExitStatus) {
    discardCircuit();
    ngSpice_Command(const_cast<char*>("destroy all"));
    ngSpice_Command(nullptr);
  }
  g_session = nullptr;
  g_sessionAlive = false;
}

void Session::receiveLine(const char* line) {
  output_.emplace_back(line);
  if (options_.verbose) std::cerr << "ngspice: " << withoutStream(output_.back()) << '\n';
}

void Session::receiveExit(int status) { exitStatus_ = status; }

void Session::discardCircuit() {
  // Remove every circuit ngspice holds (a failed parse may leave one behind).
  for (int guard = 0; guard < 64; ++guard) {
    output_.clear();
    ngSpice_Command(const_cast<char*>("remcirc"));
    const bool none =
        std::any_of(output_.begin(), output_.end(), [](const std::string& l) { return contains(l, "no circuit"); });
    if (none || output_.empty()) break;
  }
  loaded_ = false;
  deck_.clear();
}

std::string Session::diagnosis() const {
  std::string text;
  for (const auto& line : output_)
    if (startsWith(line, "stderr ")) {
      const std::string message = trimmed(withoutStream(line));
      if (!message.empty()) text += (text.empty() ? "" : "; ") + message;
    }
  return text;
}

void Session::send(const std::string& text) {
  requireNgspiceUsable();
  if (text.size() > kMaxCommandBytes)
    throw SessionError("refusing an ngspice command of " + std::to_string(text.size()) + " bytes (limit " +
                       std::to_string(kMaxCommandBytes) + "; libngspice corrupts memory on long command lines): '" +
                       text.substr(0, 60) + "…'");
  output_.clear();
  exitStatus_.reset();
  ngSpice_Command(const_cast<char*>(text.c_str()));
  if (exitStatus_) {
    loaded_ = false;
    deck_.clear();
    const std::string said = diagnosis();
    throw SessionError("ngspice asked to exit (status " + std::to_string(*exitStatus_) + ") during '" + text + "'" +
                       (said.empty() ? "" : " after: " + said) + "; it cannot be used again in this process");
  }
  std::string errors;
  for (const auto& line : output_)
    if (isErrorLine(line)) errors += (errors.empty() ? "" : "; ") + withoutStream(line);
  if (!errors.empty()) {
    const std::string message = "ngspice: '" + text + "' failed: " + errors;
    if (isConvergenceMessage(errors)) throw ConvergenceError(message);
    throw SessionError(message);
  }
  const std::string wrong = wrongResultWarning(output_);
  if (!wrong.empty()) throw SessionError("ngspice: '" + text + "': " + wrong);
  // ngspice keeps every command in a list that it frees recursively: hundreds of thousands of
  // alters between two analyses (a weight update of an MNIST-sized network) overflow the stack
  // when it is dropped. Dropping it every so often keeps it short.
  if (++commandsKept_ >= kCommandsKept) dropCommandHistory();
}

void Session::dropCommandHistory() {
  ngSpice_Command(nullptr);
  commandsKept_ = 0;
}

void Session::command(const std::string& text) { send(text); }

void Session::save(const std::vector<std::string>& nodes) {
  requireCircuit("save");
  std::string line = "save";
  bool pending = false;
  for (const auto& node : nodes) {
    if (!isInstancePath(node)) throw SessionError("save: malformed node name '" + node + "'");
    const std::string item = " v(" + lowerCase(node) + ")";
    if (line.size() + item.size() > kMaxCommandBytes) {
      send(line);
      line = "save";
    }
    line += item;
    pending = true;
  }
  if (pending) send(line);
}

void Session::load(const Netlist& netlist) { load(printLines(netlist, Dialect::Ngspice)); }

void Session::failLoad(const std::string& message) {
  discardCircuit();
  ngSpice_Command(nullptr);
  throw SessionError(message);
}

void Session::load(const std::vector<SourceLine>& deck) {
  if (deck.empty()) throw SessionError("cannot load an empty deck");
  requireNgspiceUsable();
  if (const SourceLine* card = nonAsciiCard(deck))
    throw SessionError(card->origin + ": '" + card->text +
                       "' holds a non-ASCII character; ngspice replaces each by '_', which would silently merge "
                       "names such as 'aé' and 'aö': use ASCII names");
  discardCircuit();
  ngSpice_Command(const_cast<char*>("destroy all"));
  std::vector<std::string> texts;
  texts.reserve(deck.size() + 1);
  for (const auto& line : deck) texts.push_back(line.text);
  if (squeezed(texts.back()) != ".end") texts.emplace_back(".end");
  std::vector<char*> pointers;
  pointers.reserve(texts.size() + 1);
  for (auto& text : texts) pointers.push_back(text.data());
  pointers.push_back(nullptr);

  output_.clear();
  exitStatus_.reset();
  ngSpice_Circ(pointers.data());
  if (exitStatus_) {
    const std::string said = diagnosis();
    failLoad("ngspice gave up while parsing the deck" + (said.empty() ? std::string() : ": " + said));
  }
  // "Error on line N or its substitute:" / card text / reason, or plain "Error: ..." lines.
  for (std::size_t k = 0; k < output_.size(); ++k) {
    const std::string text = withoutStream(output_[k]);
    if (startsWith(text, "Error on line")) {
      const std::string card = k + 1 < output_.size() ? withoutStream(output_[k + 1]) : "";
      const std::string reason = k + 2 < output_.size() ? withoutStream(output_[k + 2]) : "";
      std::string where = "ngspice line " + text.substr(14, text.find(' ', 14) - 14);
      const auto match = std::find_if(deck.begin(), deck.end(),
                                      [&](const SourceLine& l) { return squeezed(l.text) == squeezed(card); });
      if (match != deck.end()) where = match->origin;
      failLoad("ngspice rejected " + where + " ('" + card + "'): " + reason);
    }
    if (isErrorLine(output_[k])) failLoad("ngspice could not load the deck: " + diagnosis());
  }
  const std::string wrong = wrongResultWarning(output_);
  if (!wrong.empty()) failLoad("ngspice: " + wrong);
  // Parse problems that ngspice reports only when the circuit is first used.
  if (std::any_of(output_.begin(), output_.end(),
                  [](const std::string& l) { return contains(l, "circuit not parsed"); }))
    failLoad("ngspice could not parse the deck" + (diagnosis().empty() ? std::string() : ": " + diagnosis()));
  deck_ = deck;
  loaded_ = true;
}

void Session::requireCircuit(const std::string& what) const {
  if (!loaded_) throw SessionError(what + ": no circuit is loaded (call load first)");
}

std::vector<Plot> Session::takeNewPlots() {
  // Every plot but "const" is new: plots are destroyed as soon as they are read.
  std::vector<std::string> names;
  if (char** plots = ngSpice_AllPlots()) {
    for (int k = 0; plots[k] != nullptr; ++k)
      if (std::string(plots[k]) != "const") names.emplace_back(plots[k]);
  }
  std::reverse(names.begin(), names.end());  // ngspice lists the newest first
  std::vector<Plot> result;
  for (const auto& plotName : names) {
    Plot plot;
    plot.type = plotType(plotName);
    if (char** vectors = ngSpice_AllVecs(const_cast<char*>(plotName.c_str()))) {
      for (int k = 0; vectors[k] != nullptr; ++k) {
        const std::string name = vectors[k];
        const std::string qualified = plotName + "." + name;
        const pvector_info info = ngGet_Vec_Info(const_cast<char*>(qualified.c_str()));
        if (info == nullptr) continue;
        Vector v{canonicalVectorName(name, info->v_type), {}, {}};
        const auto length = static_cast<std::size_t>(std::max(info->v_length, 0));
        if (info->v_realdata != nullptr) {
          v.real.assign(info->v_realdata, info->v_realdata + length);
        } else if (info->v_compdata != nullptr) {
          v.real.resize(length);
          v.imaginary.resize(length);
          for (std::size_t i = 0; i < length; ++i) {
            v.real[i] = info->v_compdata[i].cx_real;
            v.imaginary[i] = info->v_compdata[i].cx_imag;
          }
        }
        plot.vectors.push_back(std::move(v));
      }
    }
    // The scale vector (names are canonical, so a plain comparison finds it) goes first.
    const auto scale = std::find_if(plot.vectors.begin(), plot.vectors.end(), [](const Vector& v) {
      return std::find(kScaleNames.begin(), kScaleNames.end(), v.name) != kScaleNames.end();
    });
    if (scale != plot.vectors.end()) std::rotate(plot.vectors.begin(), scale, scale + 1);
    result.push_back(std::move(plot));
    output_.clear();
    ngSpice_Command(const_cast<char*>(("destroy " + plotName).c_str()));
  }
  // The command history grows with every command unless it is dropped.
  dropCommandHistory();
  return result;
}

Plot Session::analyse(const std::string& command) {
  requireCircuit(command);
  try {
    send(command);
  } catch (const SessionError&) {
    takeNewPlots();  // discard the partial plot a failed analysis leaves behind
    throw;
  }
  std::vector<Plot> plots = takeNewPlots();
  if (plots.size() != 1)
    throw SessionError("ngspice: '" + command + "' produced " + std::to_string(plots.size()) +
                       " results instead of one");
  const Plot& plot = plots.front();
  const bool empty = plot.points() == 0 || std::any_of(plot.vectors.begin(), plot.vectors.end(),
                                                       [](const Vector& v) { return v.real.empty(); });
  if (empty) throw ConvergenceError("ngspice: '" + command + "' produced no solution");
  plot.requireFinite("ngspice: '" + command + "'");
  return std::move(plots.front());
}

Plot Session::operatingPoint() { return analyse("op"); }

Plot Session::dcSweep(const std::string& source, double start, double stop, double step) {
  if (!isIdentifier(source)) throw SessionError("dc sweep: malformed source name '" + source + "'");
  return analyse("dc " + lowerCase(source) + " " + formatNumber(start) + " " + formatNumber(stop) + " " +
                 formatNumber(step));
}

Plot Session::transient(double step_seconds, double stop_seconds, double start_seconds, double maxStep_seconds,
                        bool useInitialConditions) {
  if (!(step_seconds > 0) || !(stop_seconds > start_seconds) || start_seconds < 0 || maxStep_seconds < 0)
    throw SessionError("transient: need step > 0, 0 <= start < stop and max step >= 0");
  std::string text =
      "tran " + formatNumber(step_seconds) + " " + formatNumber(stop_seconds) + " " + formatNumber(start_seconds);
  if (maxStep_seconds > 0) text += " " + formatNumber(maxStep_seconds);
  if (useInitialConditions) text += " uic";
  return analyse(text);
}

std::vector<Plot> Session::runDeckAnalyses() {
  requireCircuit("run");
  try {
    send("run");
  } catch (const SessionError&) {
    takeNewPlots();
    throw;
  }
  std::vector<Plot> plots = takeNewPlots();
  for (const auto& plot : plots) {
    if (plot.points() == 0)
      throw ConvergenceError("ngspice: the deck's " + plot.type + " analysis produced no solution");
    plot.requireFinite("ngspice: the deck's " + plot.type + " analysis");
  }
  return plots;
}

void Session::alter(const std::string& element, double value) {
  requireCircuit("alter " + element);
  if (!isInstancePath(element)) throw SessionError("alter: malformed element name '" + element + "'");
  send("alter " + element + " = " + formatNumber(value));
}

void Session::alter(const std::string& element, const std::string& parameter, double value) {
  requireCircuit("alter " + element);
  if (!isInstancePath(element) || !isIdentifier(parameter))
    throw SessionError("alter: malformed element or parameter name '" + element + " " + parameter + "'");
  send("alter " + element + " " + parameter + " = " + formatNumber(value));
}

void Session::alterModel(const std::string& model, const std::string& parameter, double value) {
  requireCircuit("altermod " + model);
  if (!isInstancePath(model) || !isIdentifier(parameter))
    throw SessionError("altermod: malformed model or parameter name '" + model + " " + parameter + "'");
  send("altermod " + model + " " + parameter + " = " + formatNumber(value));
}

}  // namespace memcosim::spice
