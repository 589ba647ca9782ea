// ngspice, Xyce and gnucap printers for the typed netlist.
#include "spice/printer.h"

#include "io/number.h"
#include "io/text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <sstream>
#include <stdexcept>

namespace memcosim::spice {
namespace {

using io::formatNumber;

constexpr std::size_t kPwlPointsPerLine = 8;

std::string valueText(const Value& value) {
  return value.isNumber() ? formatNumber(value.number()) : "{" + value.expressionText() + "}";
}

std::string parameterText(const ParameterList& parameters) {
  std::string text;
  for (const auto& [name, value] : parameters) text += " " + name + "=" + valueText(value);
  return text;
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += " " + item;
  return text;
}

class LineWriter {
 public:
  LineWriter(std::vector<SourceLine>& lines, Dialect dialect) : lines_(lines), dialect_(dialect) {}

  void line(std::string text, const std::string& origin) { lines_.push_back({std::move(text), origin}); }

  void body(const CircuitBody& body) {
    for (const auto& model : body.models())
      line(".model " + model.name + " " + model.type + " (" + trimmed(parameterText(model.parameters)) + ")",
           "model " + model.name);
    for (const auto& sub : body.subcircuits()) subcircuit(sub);
    for (const auto& element : body.elements()) this->element(element);
  }

 private:
  static std::string trimmed(const std::string& text) { return text.empty() ? text : text.substr(1); }

  void subcircuit(const Subcircuit& sub) {
    const std::string origin = "subcircuit " + sub.name();
    std::string head = ".subckt " + sub.name() + joined(sub.pins());
    if (!sub.defaults().empty() && dialect_ == Dialect::Gnucap) unsupported(origin, "subcircuit parameters");
    if (!sub.defaults().empty()) head += " params:" + parameterText(sub.defaults());
    line(head, origin);
    body(sub);
    line(".ends " + sub.name(), origin);
  }

  /// The dialect cannot express this item: an error naming it, never a different circuit.
  [[noreturn]] void unsupported(const std::string& origin, const std::string& what) const {
    throw NetlistError(origin + ": " + what + " cannot be expressed for " + dialectName(dialect_));
  }

  void source(const IndependentSource& s) {
    const std::string origin = "element " + s.name;
    std::string text = s.name + " " + s.positive + " " + s.negative;
    if (dialect_ == Dialect::Gnucap) {
      // gnucap takes one value form per source: a DC value or a waveform.
      if (s.acMagnitude) unsupported(origin, "an AC magnitude");
      if (s.waveform && !(s.dc.isNumber() && s.dc.number() == 0.0)) unsupported(origin, "a DC value beside a waveform");
      if (!s.waveform) text += " DC " + valueText(s.dc);
    } else {
      text += " DC " + valueText(s.dc);
    }
    if (s.acMagnitude) text += " AC " + formatNumber(*s.acMagnitude);
    if (!s.waveform) {
      line(text, "element " + s.name);
      return;
    }
    std::visit(
        [&](const auto& w) {
          using T = std::decay_t<decltype(w)>;
          if constexpr (std::is_same_v<T, Sine>) {
            text += " SIN(" + formatNumber(w.offset) + " " + formatNumber(w.amplitude) + " " +
                    formatNumber(w.frequency_hertz) + " " + formatNumber(w.delay_seconds) + " " +
                    formatNumber(w.damping_per_second) + " " + formatNumber(w.phase_deg) + ")";
            line(text, "element " + s.name);
          } else if constexpr (std::is_same_v<T, Pulse>) {
            text += " PULSE(" + formatNumber(w.initial) + " " + formatNumber(w.pulsed) + " " +
                    formatNumber(w.delay_seconds) + " " + formatNumber(w.rise_seconds) + " " +
                    formatNumber(w.fall_seconds) + " " + formatNumber(w.width_seconds) + " " +
                    formatNumber(w.period_seconds) + ")";
            line(text, "element " + s.name);
          } else if constexpr (std::is_same_v<T, Pwl>) {
            // Long PWL lists are split over '+' continuation lines.
            text += " PWL(";
            for (std::size_t k = 0; k < w.points.size(); ++k) {
              if (k > 0 && k % kPwlPointsPerLine == 0) {
                line(text, "element " + s.name);
                text = "+";
              }
              text += " " + formatNumber(w.points[k].first) + " " + formatNumber(w.points[k].second);
            }
            line(text + " )", "element " + s.name);
          } else {
            static_assert(kNotHandled<T>, "source: print the new waveform here");
          }
        },
        *s.waveform);
  }

  void element(const Element& element) {
    const std::string origin = "element " + elementName(element);
    std::visit(
        [&](const auto& e) {
          using T = std::decay_t<decltype(e)>;
          if constexpr (std::is_same_v<T, Resistor>) {
            line(e.name + " " + e.positive + " " + e.negative + " " + valueText(e.resistance), origin);
          } else if constexpr (std::is_same_v<T, Capacitor>) {
            std::string text = e.name + " " + e.positive + " " + e.negative + " " + valueText(e.capacitance);
            if (e.initialVoltage) text += " IC=" + formatNumber(*e.initialVoltage);
            line(text, origin);
          } else if constexpr (std::is_same_v<T, Inductor>) {
            std::string text = e.name + " " + e.positive + " " + e.negative + " " + valueText(e.inductance);
            if (e.initialCurrent) text += " IC=" + formatNumber(*e.initialCurrent);
            line(text, origin);
          } else if constexpr (std::is_base_of_v<IndependentSource, T>) {
            source(e);
          } else if constexpr (std::is_same_v<T, Diode>) {
            std::string text = e.name + " " + e.anode + " " + e.cathode + " " + e.model;
            if (e.area) text += " " + valueText(*e.area);
            line(text, origin);
          } else if constexpr (std::is_same_v<T, Vcvs>) {
            line(e.name + " " + e.positive + " " + e.negative + " " + e.controlPositive + " " + e.controlNegative +
                     " " + valueText(e.gain),
                 origin);
          } else if constexpr (std::is_same_v<T, Vccs>) {
            line(e.name + " " + e.positive + " " + e.negative + " " + e.controlPositive + " " + e.controlNegative +
                     " " + valueText(e.transconductance),
                 origin);
          } else if constexpr (std::is_same_v<T, Cccs>) {
            line(e.name + " " + e.positive + " " + e.negative + " " + e.controllingSource + " " + valueText(e.gain),
                 origin);
          } else if constexpr (std::is_same_v<T, Ccvs>) {
            line(e.name + " " + e.positive + " " + e.negative + " " + e.controllingSource + " " +
                     valueText(e.transresistance),
                 origin);
          } else if constexpr (std::is_same_v<T, SaturatingVcvs>) {
            line(saturating(e), origin);
          } else if constexpr (std::is_same_v<T, XyceMemristor>) {
            if (dialect_ != Dialect::Xyce) unsupported(origin, "Xyce's built-in memristor (YMEMRISTOR)");
            line("YMEMRISTOR " + e.name + " " + e.positive + " " + e.negative + " " + e.model +
                     parameterText(e.parameters),
                 origin);
          } else if constexpr (std::is_same_v<T, BehaviouralSource>) {
            if (dialect_ == Dialect::Gnucap) unsupported(origin, "a behavioural source");
            const char kind = e.kind == BehaviouralSource::Kind::Current ? 'I' : 'V';
            // ngspice would treat {…} as a parse-time parameter expression; Xyce requires braces.
            const std::string expression =
                dialect_ == Dialect::Ngspice ? e.expression.ngspice : "{" + e.expression.xyce + "}";
            line(e.name + " " + e.positive + " " + e.negative + " " + kind + "=" + expression, origin);
          } else if constexpr (std::is_same_v<T, SubcircuitInstance>) {
            std::string text = e.name + joined(e.nodes) + " " + e.subcircuit;
            if (!e.parameters.empty() && dialect_ == Dialect::Gnucap) unsupported(origin, "subcircuit parameters");
            if (!e.parameters.empty()) text += " params:" + parameterText(e.parameters);
            line(text, origin);
          } else {
            static_assert(kNotHandled<T>, "element: print the new element here");
          }
        },
        element);
  }

  /// gnucap has both shapes as element functions (`tanh gain= limit=`, a `pwl` table whose flat
  /// end segments hold the clip beyond its corners); ngspice (`vol='…'`) and Xyce (`VALUE={…}`)
  /// take the same curve as an expression.
  [[nodiscard]] std::string saturating(const SaturatingVcvs& e) const {
    const std::string head = e.name + " " + e.positive + " " + e.negative;
    const std::string gain = formatNumber(e.gain), limit = formatNumber(e.limit);
    if (dialect_ == Dialect::Gnucap) {
      const std::string controls = " " + e.controlPositive + " " + e.controlNegative;
      if (e.shape == SaturatingVcvs::Shape::Tanh) return head + controls + " tanh gain=" + gain + " limit=" + limit;
      if (!(e.gain > 0.0)) unsupported("element " + e.name, "a clip with a gain that is not positive");
      const double corner = e.limit / e.gain;
      return head + controls + " pwl (" + formatNumber(-1.0) + " 0 0 0 " + formatNumber(corner) + " " + limit + " " +
             formatNumber(corner + 1.0) + " " + limit + ")";
    }
    const std::string x = "v(" + e.controlPositive + "," + e.controlNegative + ")";
    const std::string f = e.shape == SaturatingVcvs::Shape::Tanh ? limit + "*tanh(" + gain + "*" + x + "/" + limit + ")"
                                                                 : "min(max(" + gain + "*" + x + ",0)," + limit + ")";
    return dialect_ == Dialect::Ngspice ? head + " vol='" + f + "'" : head + " VALUE={" + f + "}";
  }

  std::vector<SourceLine>& lines_;
  Dialect dialect_;
};

/// The options gnucap reads under the same names as ngspice (checked with gnucap 0.36).
const std::array<const char*, 7> kGnucapOptions{"numdgt", "reltol", "abstol", "vntol", "itl1", "gmin", "chgtol"};

void printOptions(LineWriter& out, const Netlist& netlist, Dialect dialect) {
  if (netlist.options().empty()) return;
  if (dialect == Dialect::Gnucap)
    for (const auto& [name, value] : netlist.options())
      if (std::find_if(kGnucapOptions.begin(), kGnucapOptions.end(),
                       [&](const char* known) { return name == known; }) == kGnucapOptions.end())
        throw NetlistError(".options " + name + ": no gnucap equivalent is known to memcosim's gnucap printer");
  if (dialect != Dialect::Xyce) {
    std::string text = ".options";
    for (const auto& [name, value] : netlist.options()) text += " " + name + "=" + formatNumber(value);
    out.line(text, ".options");
    return;
  }
  // Xyce groups options by package; memcosim knows the ones it sets itself. The Newton solve
  // (package NONLIN) takes SPICE's iteration limit as maxstep, the relative tolerance, and as
  // abstol the absolute tolerance of its weighted norm, the role vntol plays for node voltages.
  // numdgt only sets how many digits ngspice and gnucap print; Xyce's output has its own.
  std::string timeint = ".options timeint";
  std::string nonlin = ".options nonlin";
  std::string device = ".options device";
  for (const auto& [name, value] : netlist.options()) {
    if (name == "reltol") {
      timeint += " reltol=" + formatNumber(value);
      nonlin += " reltol=" + formatNumber(value);
    } else if (name == "abstol") {
      timeint += " abstol=" + formatNumber(value);
    } else if (name == "vntol") {
      nonlin += " abstol=" + formatNumber(value);
    } else if (name == "itl1") {
      nonlin += " maxstep=" + formatNumber(value);
    } else if (name == "gmin") {
      device += " gmin=" + formatNumber(value);
    } else if (name != "numdgt") {
      throw NetlistError(".options " + name + ": no Xyce equivalent is known to memcosim's Xyce printer");
    }
  }
  if (timeint != ".options timeint") out.line(timeint, ".options");
  if (nonlin != ".options nonlin") out.line(nonlin, ".options");
  if (device != ".options device") out.line(device, ".options");
}

void printPrints(LineWriter& out, const Netlist& netlist) {
  for (const auto& [type, outputs] : netlist.prints()) out.line(".print " + type + joined(outputs), ".print");
}

void printAnalyses(LineWriter& out, const Netlist& netlist, Dialect dialect) {
  // gnucap runs each card as it reads it: what to print must be known before the analysis.
  if (dialect == Dialect::Gnucap) printPrints(out, netlist);
  for (const auto& analysis : netlist.analyses()) {
    std::visit(
        [&](const auto& a) {
          using T = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<T, OperatingPointAnalysis>) {
            out.line(".op", ".op");
          } else if constexpr (std::is_same_v<T, DcSweepAnalysis>) {
            out.line(".dc " + a.source + " " + formatNumber(a.start) + " " + formatNumber(a.stop) + " " +
                         formatNumber(a.step),
                     ".dc");
          } else if constexpr (std::is_same_v<T, TransientAnalysis>) {
            if (dialect == Dialect::Gnucap && (a.start_seconds > 0 || a.maxStep_seconds > 0 || a.useInitialConditions))
              throw NetlistError(".tran: a start time, maximum step or uic cannot be expressed for gnucap");
            std::string text = ".tran " + formatNumber(a.step_seconds) + " " + formatNumber(a.stop_seconds);
            if (a.start_seconds > 0 || a.maxStep_seconds > 0) text += " " + formatNumber(a.start_seconds);
            if (a.maxStep_seconds > 0) text += " " + formatNumber(a.maxStep_seconds);
            if (a.useInitialConditions) text += " uic";
            out.line(text, ".tran");
          } else {
            static_assert(kNotHandled<T>, "printAnalyses: print the new analysis here");
          }
        },
        analysis);
  }
  if (dialect != Dialect::Gnucap) printPrints(out, netlist);
}

}  // namespace

Dialect parseDialect(const std::string& name) {
  const std::string lower = io::lowerCase(name);
  if (lower == "ngspice") return Dialect::Ngspice;
  if (lower == "xyce") return Dialect::Xyce;
  if (lower == "gnucap") return Dialect::Gnucap;
  throw std::invalid_argument("unknown SPICE dialect '" + name + "' (expected ngspice, xyce or gnucap)");
}

std::string dialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::Ngspice:
      return "ngspice";
    case Dialect::Xyce:
      return "xyce";
    case Dialect::Gnucap:
      return "gnucap";
  }
  return "ngspice";
}

std::vector<SourceLine> printLines(const Netlist& netlist, Dialect dialect) {
  netlist.validate();
  std::vector<SourceLine> lines;
  LineWriter out(lines, dialect);
  out.line(netlist.title(), "title");
  for (const auto& path : netlist.includes()) out.line(".include \"" + path + "\"", ".include " + path);
  printOptions(out, netlist, dialect);
  if (netlist.temperature()) {
    if (dialect == Dialect::Gnucap) throw NetlistError(".temp: no gnucap card is known to memcosim's gnucap printer");
    out.line(".temp " + formatNumber(*netlist.temperature()), ".temp");
  }
  for (const auto& [name, value] : netlist.parameters())
    out.line(".param " + name + "=" + valueText(value), ".param " + name);
  out.body(netlist);
  if (dialect == Dialect::Gnucap && (!netlist.nodesets().empty() || !netlist.initialConditions().empty()))
    throw NetlistError(".nodeset/.ic: not expressed for gnucap by memcosim's gnucap printer");
  for (const auto& [node, volts] : netlist.nodesets())
    out.line(".nodeset v(" + node + ")=" + formatNumber(volts), ".nodeset v(" + node + ")");
  for (const auto& [node, volts] : netlist.initialConditions())
    out.line(".ic v(" + node + ")=" + formatNumber(volts), ".ic v(" + node + ")");
  printAnalyses(out, netlist, dialect);
  out.line(".end", ".end");
  return lines;
}

std::string print(const Netlist& netlist, Dialect dialect) {
  std::ostringstream text;
  for (const auto& line : printLines(netlist, dialect)) text << line.text << '\n';
  return text.str();
}

}  // namespace memcosim::spice
