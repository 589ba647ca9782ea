// Validation and bookkeeping of the typed netlist.
#include "spice/netlist.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>
#include <set>

#include "io/text.h"

namespace memcosim::spice {
namespace {

using io::lowerCase;

void requireFinite(double value, const std::string& what) {
  if (!std::isfinite(value)) throw NetlistError(what + ": value is not a finite number");
}

void requireValue(const Value& value, const std::string& what) {
  if (value.isNumber()) requireFinite(value.number(), what);
}

/// Nodes are printed bare: no white space, brackets, quotes, '=' or ','.
void requireNode(const std::string& node, const std::string& element) {
  static const std::string forbidden = "(){}[]=,;'\"";
  const bool bad = node.empty() || std::any_of(node.begin(), node.end(), [](unsigned char c) {
                     return std::isspace(c) || forbidden.find(static_cast<char>(c)) != std::string::npos;
                   });
  if (bad) throw NetlistError(element + ": malformed node name '" + node + "'");
}

void requireParameters(const ParameterList& parameters, const std::string& owner) {
  std::set<std::string> seen;
  for (const auto& [name, value] : parameters) {
    if (!isIdentifier(name)) throw NetlistError(owner + ": malformed parameter name '" + name + "'");
    if (!seen.insert(lowerCase(name)).second) throw NetlistError(owner + ": parameter '" + name + "' given twice");
    requireValue(value, owner + " parameter " + name);
  }
}

void requireWaveform(const Waveform& waveform, const std::string& element) {
  std::visit(
      [&](const auto& w) {
        using T = std::decay_t<decltype(w)>;
        if constexpr (std::is_same_v<T, Sine>) {
          for (double v :
               {w.offset, w.amplitude, w.frequency_hertz, w.delay_seconds, w.damping_per_second, w.phase_deg})
            requireFinite(v, element + " SIN");
          if (w.frequency_hertz < 0) throw NetlistError(element + " SIN: negative frequency");
        } else if constexpr (std::is_same_v<T, Pulse>) {
          for (double v : {w.initial, w.pulsed, w.delay_seconds, w.rise_seconds, w.fall_seconds, w.width_seconds,
                           w.period_seconds})
            requireFinite(v, element + " PULSE");
          if (w.delay_seconds < 0 || w.rise_seconds < 0 || w.fall_seconds < 0 || w.width_seconds < 0 ||
              w.period_seconds < 0)
            throw NetlistError(element + " PULSE: times must not be negative");
        } else if constexpr (std::is_same_v<T, Pwl>) {
          if (w.points.empty()) throw NetlistError(element + " PWL: no points");
          for (std::size_t k = 0; k < w.points.size(); ++k) {
            requireFinite(w.points[k].first, element + " PWL time");
            requireFinite(w.points[k].second, element + " PWL value");
            if (k > 0 && !(w.points[k].first > w.points[k - 1].first))
              throw NetlistError(element + " PWL: times must increase strictly (point " + std::to_string(k + 1) + ")");
          }
        } else {
          static_assert(kNotHandled<T>, "requireWaveform: check the new waveform here");
        }
      },
      waveform);
}

void requireElementValues(const Element& element) {
  const std::string& name = elementName(element);
  std::visit(
      [&](const auto& e) {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, Resistor>) {
          requireValue(e.resistance, name);
          if (e.resistance.isNumber() && e.resistance.number() == 0.0)
            throw NetlistError(name + ": zero resistance (use a 0 V source for a short)");
        } else if constexpr (std::is_same_v<T, Capacitor>) {
          requireValue(e.capacitance, name);
          if (e.initialVoltage) requireFinite(*e.initialVoltage, name + " IC");
        } else if constexpr (std::is_same_v<T, Inductor>) {
          requireValue(e.inductance, name);
          if (e.initialCurrent) requireFinite(*e.initialCurrent, name + " IC");
        } else if constexpr (std::is_base_of_v<IndependentSource, T>) {
          requireValue(e.dc, name);
          if (e.waveform) requireWaveform(*e.waveform, name);
          if (e.acMagnitude) requireFinite(*e.acMagnitude, name + " AC");
        } else if constexpr (std::is_same_v<T, Diode>) {
          if (!isIdentifier(e.model)) throw NetlistError(name + ": malformed model name '" + e.model + "'");
          if (e.area) requireValue(*e.area, name + " area");
        } else if constexpr (std::is_same_v<T, Vcvs>) {
          requireValue(e.gain, name);
        } else if constexpr (std::is_same_v<T, Vccs>) {
          requireValue(e.transconductance, name);
        } else if constexpr (std::is_same_v<T, SaturatingVcvs>) {
          requireFinite(e.gain, name + " gain");
          requireFinite(e.limit, name + " limit");
          if (!(e.limit > 0.0)) throw NetlistError(name + ": the limit must be > 0");
        } else if constexpr (std::is_same_v<T, Cccs> || std::is_same_v<T, Ccvs>) {
          if (!isIdentifier(e.controllingSource) || std::toupper(e.controllingSource[0]) != 'V')
            throw NetlistError(name + ": controlling source '" + e.controllingSource +
                               "' must be a voltage source (name starting with V)");
          if constexpr (std::is_same_v<T, Cccs>)
            requireValue(e.gain, name);
          else
            requireValue(e.transresistance, name);
        } else if constexpr (std::is_same_v<T, BehaviouralSource>) {
          if (e.expression.ngspice.empty() || e.expression.xyce.empty())
            throw NetlistError(name + ": empty behavioural expression");
        } else if constexpr (std::is_same_v<T, XyceMemristor>) {
          if (!isIdentifier(e.model)) throw NetlistError(name + ": malformed model name '" + e.model + "'");
          requireParameters(e.parameters, name);
        } else if constexpr (std::is_same_v<T, SubcircuitInstance>) {
          if (!isIdentifier(e.subcircuit))
            throw NetlistError(name + ": malformed subcircuit name '" + e.subcircuit + "'");
          requireParameters(e.parameters, name);
        } else {
          static_assert(kNotHandled<T>, "requireElementValues: check the new element's values here");
        }
      },
      element);
}

}  // namespace

Value::Value(double number) : content_(number) {}

Value Value::expression(std::string text) {
  if (text.empty() || text.find_first_of("{}") != std::string::npos)
    throw NetlistError("parameter expression '" + text + "' is empty or contains braces");
  return Value(std::move(text));
}

double Value::number() const {
  if (!isNumber()) throw std::logic_error("Value holds the expression '" + expressionText() + "'");
  return std::get<double>(content_);
}

const std::string& Value::expressionText() const {
  if (isNumber()) throw std::logic_error("Value holds a number");
  return std::get<std::string>(content_);
}

bool isIdentifier(const std::string& name) {
  if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

std::string nodeVoltage(const std::string& node) { return "v(" + node + ")"; }

const std::string& elementName(const Element& element) {
  return std::visit([](const auto& e) -> const std::string& { return e.name; }, element);
}

std::vector<std::string> elementNodes(const Element& element) {
  return std::visit([](const auto& e) { return ElementTraits<std::decay_t<decltype(e)>>::nodes(e); }, element);
}

char elementPrefix(const Element& element) {
  return std::visit([](const auto& e) { return ElementTraits<std::decay_t<decltype(e)>>::prefix; }, element);
}

void CircuitBody::add(Element element) {
  const std::string& name = elementName(element);
  const char prefix = elementPrefix(element);
  if (!isIdentifier(name) || std::toupper(static_cast<unsigned char>(name[0])) != prefix)
    throw NetlistError("element '" + name + "': name must start with '" + std::string(1, prefix) +
                       "' followed by letters, digits or '_'");
  const std::string key = lowerCase(name);
  if (elementIndex_.count(key) != 0) throw NetlistError("element '" + name + "' is defined twice");
  const auto nodes = elementNodes(element);
  if (std::holds_alternative<SubcircuitInstance>(element) && nodes.empty())
    throw NetlistError("element '" + name + "': a subcircuit instance needs at least one node");
  for (const auto& node : nodes) requireNode(node, "element '" + name + "'");
  requireElementValues(element);
  elementIndex_.emplace(key, elements_.size());
  elements_.push_back(std::move(element));
}

void CircuitBody::addModel(Model model) {
  if (!isIdentifier(model.name)) throw NetlistError("model '" + model.name + "': malformed name");
  if (!isIdentifier(model.type)) throw NetlistError("model '" + model.name + "': malformed type '" + model.type + "'");
  const auto clash = std::find_if(models_.begin(), models_.end(),
                                  [&](const Model& m) { return lowerCase(m.name) == lowerCase(model.name); });
  if (clash != models_.end()) throw NetlistError("model '" + model.name + "' is defined twice");
  requireParameters(model.parameters, "model '" + model.name + "'");
  models_.push_back(std::move(model));
}

void CircuitBody::addSubcircuit(Subcircuit subcircuit) {
  if (findSubcircuit(subcircuit.name()) != nullptr)
    throw NetlistError("subcircuit '" + subcircuit.name() + "' is defined twice");
  subcircuits_.push_back(std::move(subcircuit));
}

const Subcircuit* CircuitBody::findSubcircuit(const std::string& name) const {
  const auto found = std::find_if(subcircuits_.begin(), subcircuits_.end(),
                                  [&](const Subcircuit& s) { return lowerCase(s.name()) == lowerCase(name); });
  return found == subcircuits_.end() ? nullptr : &*found;
}

bool CircuitBody::hasElement(const std::string& name) const { return elementIndex_.count(lowerCase(name)) != 0; }

Subcircuit::Subcircuit(std::string name, std::vector<std::string> pins, ParameterList defaults)
    : name_(std::move(name)), pins_(std::move(pins)), defaults_(std::move(defaults)) {
  if (!isIdentifier(name_)) throw NetlistError("subcircuit '" + name_ + "': malformed name");
  if (pins_.empty()) throw NetlistError("subcircuit '" + name_ + "': needs at least one pin");
  std::set<std::string> seen;
  for (const auto& pin : pins_) {
    requireNode(pin, "subcircuit '" + name_ + "'");
    if (!seen.insert(lowerCase(pin)).second)
      throw NetlistError("subcircuit '" + name_ + "': pin '" + pin + "' listed twice");
  }
  requireParameters(defaults_, "subcircuit '" + name_ + "'");
}

Netlist::Netlist(std::string title) : title_(std::move(title)) {
  if (title_.find('\n') != std::string::npos) throw NetlistError("netlist title must be one line");
}

void Netlist::addParameter(const std::string& name, Value value) {
  ParameterList single{{name, value}};
  requireParameters(single, ".param");
  const auto clash = std::find_if(parameters_.begin(), parameters_.end(),
                                  [&](const auto& p) { return lowerCase(p.first) == lowerCase(name); });
  if (clash != parameters_.end()) throw NetlistError(".param '" + name + "' is defined twice");
  parameters_.emplace_back(name, std::move(value));
}

void Netlist::addInclude(std::string path) {
  if (path.empty() || path.find_first_of("\"\n") != std::string::npos)
    throw NetlistError(".include: malformed path '" + path + "'");
  includes_.push_back(std::move(path));
}

void Netlist::setInitialCondition(const std::string& node, double volts) {
  requireNode(node, ".ic");
  requireFinite(volts, ".ic v(" + node + ")");
  initialConditions_[node] = volts;
}

void Netlist::setNodeset(const std::string& node, double volts) {
  requireNode(node, ".nodeset");
  requireFinite(volts, ".nodeset v(" + node + ")");
  nodesets_[node] = volts;
}

void Netlist::setOption(const std::string& name, double value) {
  if (!isIdentifier(name)) throw NetlistError(".options: malformed option name '" + name + "'");
  requireFinite(value, ".options " + name);
  options_[lowerCase(name)] = value;
}

void Netlist::setTemperature(double celsius) {
  requireFinite(celsius, ".temp");
  temperature_ = celsius;
}

void Netlist::addAnalysis(Analysis analysis) {
  std::visit(
      [](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, DcSweepAnalysis>) {
          if (!isIdentifier(a.source)) throw NetlistError(".dc: malformed source name '" + a.source + "'");
          for (double v : {a.start, a.stop, a.step}) requireFinite(v, ".dc " + a.source);
          if (a.step == 0.0 || (a.stop - a.start) / a.step < 0)
            throw NetlistError(".dc " + a.source + ": step must be non-zero and point from start to stop");
        } else if constexpr (std::is_same_v<T, TransientAnalysis>) {
          for (double v : {a.step_seconds, a.stop_seconds, a.start_seconds, a.maxStep_seconds})
            requireFinite(v, ".tran");
          if (!(a.step_seconds > 0) || !(a.stop_seconds > a.start_seconds) || a.start_seconds < 0 ||
              a.maxStep_seconds < 0)
            throw NetlistError(".tran: need step > 0, 0 <= start < stop, maxstep >= 0");
        } else {
          static_assert(std::is_same_v<T, OperatingPointAnalysis>, "addAnalysis: check the new analysis here");
        }
      },
      analysis);
  analyses_.push_back(std::move(analysis));
}

void Netlist::addPrint(std::string analysisType, std::vector<std::string> outputs) {
  static const std::set<std::string> known{"op", "dc", "tran", "ac"};
  if (known.count(lowerCase(analysisType)) == 0)
    throw NetlistError(".print: unknown analysis type '" + analysisType + "'");
  if (outputs.empty()) throw NetlistError(".print " + analysisType + ": no outputs");
  prints_.emplace_back(std::move(analysisType), std::move(outputs));
}

void Netlist::validate() const {
  // X instances: the subcircuit is defined in the same body, an enclosing one, or (possibly)
  // in an included file; pin counts must match where the definition is known.
  std::function<void(const CircuitBody&, std::vector<const CircuitBody*>)> check =
      [&](const CircuitBody& body, std::vector<const CircuitBody*> scopes) {
        scopes.push_back(&body);
        for (const auto& element : body.elements()) {
          const std::string& name = elementName(element);
          if (const auto* x = std::get_if<SubcircuitInstance>(&element)) {
            const Subcircuit* definition = nullptr;
            for (auto it = scopes.rbegin(); it != scopes.rend() && definition == nullptr; ++it)
              definition = (*it)->findSubcircuit(x->subcircuit);
            if (definition == nullptr && includes_.empty())
              throw NetlistError("element '" + name + "': subcircuit '" + x->subcircuit + "' is not defined");
            if (definition != nullptr && definition->pins().size() != x->nodes.size())
              throw NetlistError("element '" + name + "': subcircuit '" + x->subcircuit + "' has " +
                                 std::to_string(definition->pins().size()) + " pins but " +
                                 std::to_string(x->nodes.size()) + " nodes are given");
          }
          const std::string* controlling = nullptr;
          if (const auto* f = std::get_if<Cccs>(&element)) controlling = &f->controllingSource;
          if (const auto* h = std::get_if<Ccvs>(&element)) controlling = &h->controllingSource;
          if (controlling != nullptr && !body.hasElement(*controlling))
            throw NetlistError("element '" + name + "': controlling source '" + *controlling +
                               "' is not in the same circuit body");
        }
        for (const auto& sub : body.subcircuits()) check(sub, scopes);
      };
  check(*this, {});
}

}  // namespace memcosim::spice
