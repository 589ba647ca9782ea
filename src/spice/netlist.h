// Typed SPICE netlist: the only way memcosim describes a circuit; printers turn it into text.
//
// Life cycle: build a Netlist (add elements, models, subcircuits, directives; each add
// validates and throws NetlistError naming the offending item) → print it with a dialect
// printer (printer.h) → load it into a spice::Session or write it to a .cir file.
//
// Units are SI throughout: ohm, farad, henry, volt, ampere, second, hertz.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace memcosim::spice {

/// A netlist that cannot be built as asked: the message names the element or directive.
class NetlistError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// A component value: a finite number in SI units, or a parameter expression that the
/// simulator evaluates (printed as `{text}`), e.g. `Value::expression("2*rload")`.
class Value {
 public:
  Value(double number);  // NOLINT(google-explicit-constructor): numbers are the common case
  static Value expression(std::string text);

  [[nodiscard]] bool isNumber() const { return std::holds_alternative<double>(content_); }
  [[nodiscard]] double number() const;                      // throws if an expression
  [[nodiscard]] const std::string& expressionText() const;  // throws if a number

 private:
  explicit Value(std::string text) : content_(std::move(text)) {}
  std::variant<double, std::string> content_;
};

using ParameterList = std::vector<std::pair<std::string, Value>>;

// ---- independent-source waveforms (transient behaviour; DC value given separately) ----

/// v(t) = offset + amplitude·e^{−damping·(t−delay)}·sin(2π·frequency·(t−delay) + phase) for t ≥ delay.
struct Sine {
  double offset = 0.0;
  double amplitude = 0.0;
  double frequency_hertz = 0.0;
  double delay_seconds = 0.0;
  double damping_per_second = 0.0;
  double phase_deg = 0.0;
};

/// Trapezoidal pulse train from `initial` to `pulsed` (SPICE PULSE semantics).
struct Pulse {
  double initial = 0.0;
  double pulsed = 0.0;
  double delay_seconds = 0.0;
  double rise_seconds = 0.0;
  double fall_seconds = 0.0;
  double width_seconds = 0.0;
  double period_seconds = 0.0;  // 0: a single pulse
};

/// Piecewise-linear waveform through (time, value) points with strictly increasing times.
struct Pwl {
  std::vector<std::pair<double, double>> points;
};

using Waveform = std::variant<Sine, Pulse, Pwl>;

// ---- elements (one struct per SPICE prefix letter) ----

struct Resistor {  // R
  std::string name, positive, negative;
  Value resistance;
};
struct Capacitor {  // C
  std::string name, positive, negative;
  Value capacitance;
  std::optional<double> initialVoltage;  // IC=, used with `uic`
};
struct Inductor {  // L
  std::string name, positive, negative;
  Value inductance;
  std::optional<double> initialCurrent;
};
/// Independent source (V or I): DC value for operating points and sweeps, optional
/// transient waveform, optional AC magnitude.
struct IndependentSource {
  std::string name, positive, negative;
  Value dc = 0.0;
  std::optional<Waveform> waveform;
  std::optional<double> acMagnitude;
};
struct VoltageSource : IndependentSource {};  // V: current flows from + through the source to −
struct CurrentSource : IndependentSource {};  // I: current flows from + through the source to −
struct Diode {                                // D
  std::string name, anode, cathode, model;
  std::optional<Value> area;
};
struct Vcvs {  // E: v(p,n) = gain · v(cp,cn)
  std::string name, positive, negative, controlPositive, controlNegative;
  Value gain;
};
struct Cccs {  // F: i(p→n) = gain · i(controlling V source)
  std::string name, positive, negative, controllingSource;
  Value gain;
};
struct Vccs {  // G: i(p→n) = transconductance · v(cp,cn)
  std::string name, positive, negative, controlPositive, controlNegative;
  Value transconductance;
};
struct Ccvs {  // H: v(p,n) = transresistance · i(controlling V source)
  std::string name, positive, negative, controllingSource;
  Value transresistance;
};
/// Expression text of a behavioural source, per dialect (function names differ between
/// simulators); a single string serves every dialect.
struct DialectText {
  DialectText(std::string common) : ngspice(common), xyce(std::move(common)) {}  // NOLINT
  DialectText(std::string ngspiceText, std::string xyceText)
      : ngspice(std::move(ngspiceText)), xyce(std::move(xyceText)) {}
  std::string ngspice;
  std::string xyce;
};
struct BehaviouralSource {  // B: v(p,n) = f(...) or i(p→n) = f(...)
  enum class Kind { Voltage, Current };
  std::string name, positive, negative;
  Kind kind = Kind::Current;
  DialectText expression;
};
/// E with a saturating transfer, v(p,n) = f(x) with x = v(cp,cn): the nonlinear amplifiers every
/// dialect can express (gnucap has no behavioural source, but has these as element functions).
///   Tanh:  f(x) = limit·tanh(gain·x/limit)        (odd, saturating at ±limit; slope gain at 0)
///   Clip:  f(x) = min(max(gain·x, 0), limit)      (a rectifier saturating at limit)
struct SaturatingVcvs {
  enum class Shape { Tanh, Clip };
  std::string name, positive, negative, controlPositive, controlNegative;
  Shape shape = Shape::Tanh;
  double gain = 1.0;   // volts per volt
  double limit = 1.0;  // volts, > 0
};
/// Xyce's built-in memristor, printed `YMEMRISTOR <name> p n <model> <parameters>` with a
/// `.model <model> MEMRISTOR (level=…)`: only Xyce runs it, and the ngspice and gnucap printers
/// refuse it, naming the element. memcosim's own models are subcircuits every dialect prints
/// (devices/model_views.h); this element serves decks that compare them with Xyce's devices.
struct XyceMemristor {  // Y
  std::string name, positive, negative, model;
  ParameterList parameters;  // instance parameters, e.g. XO (the initial state)
};
struct SubcircuitInstance {  // X
  std::string name;
  std::vector<std::string> nodes;
  std::string subcircuit;
  ParameterList parameters;
};

using Element = std::variant<Resistor, Capacitor, Inductor, VoltageSource, CurrentSource, Diode, Vcvs, Cccs, Vccs, Ccvs,
                             SaturatingVcvs, BehaviouralSource, XyceMemristor, SubcircuitInstance>;

// ---- element traits: what every element type declares, in one table ----
//
// ElementTraits<T> gives the SPICE prefix letter and the nodes in card order (controlling nodes
// included). The primary template is not defined, so an element type without a row here does
// not compile wherever elements are named or checked. Code that treats each type differently
// (validation, the printers, the native solver) lists the types in an `if constexpr` chain that
// ends in `static_assert(kNotHandled<T>)`: adding an element to the variant is a compile error
// until every such chain handles it.

template <class T>
struct ElementTraits;

/// False for every type: the last branch of an `if constexpr` chain over a variant's types.
template <class T>
inline constexpr bool kNotHandled = false;

/// Traits of an element with the nodes `positive negative`.
template <char Prefix>
struct TwoNodeElement {
  static constexpr char prefix = Prefix;
  template <class E>
  static std::vector<std::string> nodes(const E& e) {
    return {e.positive, e.negative};
  }
};
/// Traits of a voltage-controlled element: `positive negative controlPositive controlNegative`.
template <char Prefix>
struct NodeControlledElement {
  static constexpr char prefix = Prefix;
  template <class E>
  static std::vector<std::string> nodes(const E& e) {
    return {e.positive, e.negative, e.controlPositive, e.controlNegative};
  }
};

// clang-format off
template <> struct ElementTraits<Resistor> : TwoNodeElement<'R'> {};
template <> struct ElementTraits<Capacitor> : TwoNodeElement<'C'> {};
template <> struct ElementTraits<Inductor> : TwoNodeElement<'L'> {};
template <> struct ElementTraits<VoltageSource> : TwoNodeElement<'V'> {};
template <> struct ElementTraits<CurrentSource> : TwoNodeElement<'I'> {};
template <> struct ElementTraits<Vcvs> : NodeControlledElement<'E'> {};
template <> struct ElementTraits<SaturatingVcvs> : NodeControlledElement<'E'> {};
template <> struct ElementTraits<Cccs> : TwoNodeElement<'F'> {};  // the controlling source is no node
template <> struct ElementTraits<Vccs> : NodeControlledElement<'G'> {};
template <> struct ElementTraits<Ccvs> : TwoNodeElement<'H'> {};
template <> struct ElementTraits<BehaviouralSource> : TwoNodeElement<'B'> {};
template <> struct ElementTraits<XyceMemristor> : TwoNodeElement<'Y'> {};
// clang-format on
template <>
struct ElementTraits<Diode> {
  static constexpr char prefix = 'D';
  static std::vector<std::string> nodes(const Diode& e) { return {e.anode, e.cathode}; }
};
template <>
struct ElementTraits<SubcircuitInstance> {
  static constexpr char prefix = 'X';
  static std::vector<std::string> nodes(const SubcircuitInstance& e) { return e.nodes; }
};

/// The SPICE prefix letter of the element's type (R, C, ..., X).
char elementPrefix(const Element& element);

/// The element's instance name (e.g. "R1").
const std::string& elementName(const Element& element);

/// A node's voltage as an output variable of `.print`/`.save` and as its vector is named:
/// "out" → "v(out)".
std::string nodeVoltage(const std::string& node);
/// The element's nodes in SPICE card order (controlling nodes included).
std::vector<std::string> elementNodes(const Element& element);

/// `.model name type (parameters)`.
struct Model {
  std::string name;
  std::string type;  // D, SW, NPN, R, C ...
  ParameterList parameters;
};

class Subcircuit;

/// Elements, models and nested subcircuit definitions: the body of a netlist or subcircuit.
/// Every add validates (SPICE prefix rules, unique names, well-formed nodes and values).
class CircuitBody {
 public:
  void add(Element element);
  void addModel(Model model);
  void addSubcircuit(Subcircuit subcircuit);

  [[nodiscard]] const std::vector<Element>& elements() const { return elements_; }
  [[nodiscard]] const std::vector<Model>& models() const { return models_; }
  [[nodiscard]] const std::vector<Subcircuit>& subcircuits() const { return subcircuits_; }
  [[nodiscard]] const Subcircuit* findSubcircuit(const std::string& name) const;
  [[nodiscard]] bool hasElement(const std::string& name) const;

 private:
  std::vector<Element> elements_;
  std::vector<Model> models_;
  std::vector<Subcircuit> subcircuits_;
  std::map<std::string, std::size_t> elementIndex_;  // lower-case name → position
};

/// `.subckt name pins params: ...` … `.ends`.
class Subcircuit : public CircuitBody {
 public:
  Subcircuit(std::string name, std::vector<std::string> pins, ParameterList defaults = {});
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::vector<std::string>& pins() const { return pins_; }
  [[nodiscard]] const ParameterList& defaults() const { return defaults_; }

 private:
  std::string name_;
  std::vector<std::string> pins_;
  ParameterList defaults_;
};

// ---- analyses written into a deck (a Session runs analyses by calling them directly) ----
struct OperatingPointAnalysis {};
struct DcSweepAnalysis {
  std::string source;
  double start = 0.0, stop = 0.0, step = 0.0;
};
struct TransientAnalysis {
  double step_seconds = 0.0, stop_seconds = 0.0, start_seconds = 0.0,
         maxStep_seconds = 0.0;       // maxStep 0: simulator's choice
  bool useInitialConditions = false;  // `uic`
};
using Analysis = std::variant<OperatingPointAnalysis, DcSweepAnalysis, TransientAnalysis>;

/// A whole deck: title, body, and the dot-directives that belong only at top level.
class Netlist : public CircuitBody {
 public:
  explicit Netlist(std::string title = "memcosim circuit");

  void addParameter(const std::string& name, Value value);          // .param
  void addInclude(std::string path);                                // .include
  void setInitialCondition(const std::string& node, double volts);  // .ic v(node)=volts
  void setNodeset(const std::string& node, double volts);           // .nodeset v(node)=volts
  void setOption(const std::string& name, double value);            // .options name=value
  void setTemperature(double celsius);                              // .temp
  void addAnalysis(Analysis analysis);
  void addPrint(std::string analysisType, std::vector<std::string> outputs);  // .print tran v(1) ...

  [[nodiscard]] const std::string& title() const { return title_; }
  [[nodiscard]] const ParameterList& parameters() const { return parameters_; }
  [[nodiscard]] const std::vector<std::string>& includes() const { return includes_; }
  [[nodiscard]] const std::map<std::string, double>& initialConditions() const { return initialConditions_; }
  [[nodiscard]] const std::map<std::string, double>& nodesets() const { return nodesets_; }
  [[nodiscard]] const std::map<std::string, double>& options() const { return options_; }
  [[nodiscard]] const std::optional<double>& temperature() const { return temperature_; }
  [[nodiscard]] const std::vector<Analysis>& analyses() const { return analyses_; }
  [[nodiscard]] const std::vector<std::pair<std::string, std::vector<std::string>>>& prints() const { return prints_; }

  /// Whole-deck checks that cannot be made element by element: every X instance names a
  /// known subcircuit with the right pin count (unless .include files may define it), every
  /// F/H names an existing voltage source. Throws NetlistError.
  void validate() const;

 private:
  std::string title_;
  ParameterList parameters_;
  std::vector<std::string> includes_;
  std::map<std::string, double> initialConditions_;
  std::map<std::string, double> nodesets_;
  std::map<std::string, double> options_;
  std::optional<double> temperature_;
  std::vector<Analysis> analyses_;
  std::vector<std::pair<std::string, std::vector<std::string>>> prints_;
};

/// True if `name` is a valid SPICE identifier (letters, digits, `_`, starting with a letter).
bool isIdentifier(const std::string& name);

}  // namespace memcosim::spice
