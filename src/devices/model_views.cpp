// Generates the ngspice write/read subcircuits, the .lib file and the Verilog-A module of a model.
#include "devices/model_views.h"

#include <algorithm>

#include "io/atomic_file.h"
#include "io/number.h"
#include "io/text.h"
#include "spice/printer.h"

namespace memcosim::devices {
namespace {

constexpr const char* kStateNode = "x";             // write view: the state value
constexpr const char* kDisplacementNode = "u";      // write view: (x − x0) / span, integrated
constexpr const char* kReadStateNode = "state";     // read view: held at parameter x
constexpr const char* kReadStateSource = "Vstate";  // read view: the source that holds it

SymbolText spiceSymbols(const std::string& stateNode) {
  return [stateNode](const std::string& name) -> std::string {
    if (name == "v") return "V(p,n)";
    if (name == "x") return "V(" + stateNode + ")";
    return spiceParameterName(name);
  };
}

spice::DialectText dialectText(const Expr& e, const SymbolText& symbols) {
  return {print(e, Language::Ngspice, symbols), print(e, Language::Xyce, symbols)};
}

Expr stateSpan(const ModelDefinition& model) { return stateUpperBound(model) - stateLowerBound(model); }

/// s(d) = 1 − exp(−max(d, 0)/δ): 0 at and beyond the bound, 1 away from it (model_views.h).
Expr boundFactor(const Expr& distance) { return 1.0 - exp(-max(distance, 0.0) / kBoundLayer); }

spice::ParameterList defaultParameters(const ModelDefinition& model) {
  spice::ParameterList list;
  for (const auto& spec : model.parameters) list.emplace_back(spiceParameterName(spec.name), spec.defaultValue);
  list.emplace_back("x0", model.state.initial);
  return list;
}

spice::BehaviouralSource portSource(const ModelDefinition& model, const std::string& stateNode) {
  return {"Bport", "p", "n", spice::BehaviouralSource::Kind::Current,
          dialectText(model.current, spiceSymbols(stateNode))};
}

/// A Verilog-A real literal.
std::string realLiteral(double value) {
  return print(Expr(value), Language::VerilogA, [](const std::string& s) { return s; });
}

}  // namespace

std::string spiceParameterName(const std::string& name) { return "m_" + name; }

std::string identifierName(const std::string& modelName) {
  std::string id = modelName;
  std::replace(id.begin(), id.end(), '-', '_');
  return id;
}

std::string writeViewName(const ModelDefinition& model) { return identifierName(model.name) + "_write"; }
std::string readViewName(const ModelDefinition& model) { return identifierName(model.name) + "_read"; }

Expr heldStateRate(const ModelDefinition& model) {
  const Expr& g = model.stateRate;
  const Expr x = Expr::symbol("x");
  const Expr span = stateSpan(model);
  const Expr towardsUpper = boundFactor((stateUpperBound(model) - x) / span);
  const Expr towardsLower = boundFactor((x - stateLowerBound(model)) / span);
  return g * select(g > 0.0, towardsUpper, towardsLower);
}

spice::Subcircuit writeView(const ModelDefinition& model, const std::string& subcircuitName) {
  spice::Subcircuit sub(subcircuitName, {"p", "n"}, defaultParameters(model));
  const Expr span = stateSpan(model);
  sub.add(portSource(model, kStateNode));
  sub.add(spice::Capacitor{"Cstate", kDisplacementNode, "0", 1.0, 0.0});
  sub.add(spice::BehaviouralSource{"Bstate", "0", kDisplacementNode, spice::BehaviouralSource::Kind::Current,
                                   dialectText(heldStateRate(model) / span, spiceSymbols(kStateNode))});
  // Clamped: an integration step that crosses a bound overshoots u, but f and g see x in bounds.
  const Expr state =
      min(max(Expr::symbol("x0") + span * Expr::symbol("u"), stateLowerBound(model)), stateUpperBound(model));
  const SymbolText stateSymbols = [](const std::string& name) -> std::string {
    if (name == "u") return "V(u)";
    return name == "x0" ? name : spiceParameterName(name);
  };
  sub.add(spice::BehaviouralSource{"Bx", kStateNode, "0", spice::BehaviouralSource::Kind::Voltage,
                                   dialectText(state, stateSymbols)});
  return sub;
}

spice::Subcircuit readView(const ModelDefinition& model, const std::string& subcircuitName) {
  spice::ParameterList defaults = defaultParameters(model);
  defaults.emplace_back("x", model.state.initial);
  spice::Subcircuit sub(subcircuitName, {"p", "n"}, std::move(defaults));
  sub.add(portSource(model, kReadStateNode));
  spice::VoltageSource hold;
  hold.name = kReadStateSource;
  hold.positive = kReadStateNode;
  hold.negative = "0";
  hold.dc = spice::Value::expression("x");
  sub.add(hold);
  return sub;
}

std::string readViewStateSource(const std::string& instance) {
  // ngspice names an element inside a subcircuit instance <type letter>.<instance>.<element>,
  // lower case: "Vstate" in "X1" is "v.x1.vstate".
  return io::lowerCase("v." + instance + "." + kReadStateSource);
}

const ModelDefinition* readViewModel(const spice::Subcircuit& definition) {
  auto printed = [](const spice::Subcircuit& sub) {
    spice::Netlist holder;
    holder.addSubcircuit(sub);
    return spice::print(holder, spice::Dialect::Ngspice);
  };
  if (definition.pins().size() != 2 || definition.elements().size() != 2) return nullptr;
  const std::string text = printed(definition);
  const auto& registry = ModelRegistry::instance();
  for (const auto& name : registry.names()) {
    const ModelDefinition& model = registry.find(name);
    if (printed(readView(model, definition.name())) == text) return &model;
  }
  return nullptr;
}

ReadViewInstance readViewInstance(const ModelDefinition& model, const spice::SubcircuitInstance& instance) {
  ReadViewInstance result{ParameterSet(model), model.state.initial};  // the view's default x
  for (const auto& [name, value] : instance.parameters) {
    if (!value.isNumber())
      throw ParameterError(instance.name + ": parameter " + name + " = {" + value.expressionText() +
                           "} is an expression; a read view's parameters must be numbers");
    const std::string key = io::lowerCase(name);
    const std::string prefix = io::lowerCase(spiceParameterName(""));
    if (key == "x")
      result.state = value.number();
    else if (key.rfind(prefix, 0) == 0) {
      try {
        result.parameters.set(key.substr(prefix.size()), value.number());
      } catch (const ParameterError& error) {
        throw ParameterError(instance.name + ": " + name + ": " + error.what());
      }
    } else if (key != "x0")
      throw ParameterError(instance.name + ": '" + name + "' is no parameter of the " + model.name +
                           " read view (m_<name>, x0 or x)");
  }
  return result;
}

spice::ParameterList instanceParameters(const std::map<std::string, double>& values) {
  spice::ParameterList list;
  for (const auto& [name, value] : values) list.emplace_back(spiceParameterName(name), value);
  return list;
}

std::string ngspiceLibrary(const ModelDefinition& model) {
  spice::Netlist netlist(model.title);
  netlist.addSubcircuit(writeView(model, writeViewName(model)));
  netlist.addSubcircuit(readView(model, readViewName(model)));
  const auto lines = spice::printLines(netlist, spice::Dialect::Ngspice);
  std::string text = "* " + model.title + "\n* " + model.citation +
                     "\n* Generated by memcosim from its model definition: do not edit; run "
                     "`memcosim models generate`.\n"
                     "* Parameters are named m_<name>; x0 is the initial state. Transients need "
                     "`uic`.\n";
  for (const auto& equation : model.equations) text += "*   " + equation + "\n";
  for (std::size_t k = 1; k < lines.size(); ++k) {
    if (lines[k].text == ".end") continue;
    text += lines[k].text + "\n";
  }
  return text;
}

std::string verilogA(const ModelDefinition& model) {
  const SymbolText symbols = [](const std::string& name) -> std::string {
    if (name == "v") return "vpn";
    if (name == "x") return "xs";
    return spiceParameterName(name);
  };
  std::string text = "// " + model.title + "\n// " + model.citation +
                     "\n// Generated by memcosim from its model definition: do not edit; run "
                     "`memcosim models generate`.\n";
  for (const auto& equation : model.equations) text += "//   " + equation + "\n";
  text += "\n`include \"disciplines.vams\"\n\n";
  text += "module " + identifierName(model.name) + "(p, n);\n";
  text += "  inout p, n;\n  electrical p, n;\n";
  text += "  electrical x;  // internal node: V(x) is the state " + model.state.name + " (" + model.state.unit + ")\n";
  for (const auto& spec : model.parameters)
    text += "  parameter real " + spiceParameterName(spec.name) + " = " + realLiteral(spec.defaultValue) + " from [" +
            realLiteral(spec.minimum) + ":" + realLiteral(spec.maximum) + "];  // " + spec.unit + ": " +
            spec.description + "\n";
  const std::string lower = print(stateLowerBound(model), Language::VerilogA, symbols);
  const std::string upper = print(stateUpperBound(model), Language::VerilogA, symbols);
  text += "  parameter real x0 = " + realLiteral(model.state.initial) + " from [" + lower + ":" + upper +
          "];  // initial state\n";
  text += "  real vpn, xs, rate;\n\n  analog begin\n    vpn = V(p, n);\n";
  text += "    xs = min(max(V(x), " + lower + "), " + upper + ");  // the state, clamped to its bounds\n";
  text += "    I(p, n) <+ " + print(model.current, Language::VerilogA, symbols) + ";\n";
  text += "    // the state rate, limited smoothly within " + realLiteral(kBoundLayer) +
          " of the range below each bound it approaches\n";
  text += "    rate = " + print(heldStateRate(model), Language::VerilogA, symbols) + ";\n";
  text += "    V(x) <+ idt(rate, x0);\n";
  text += "  end\nendmodule\n";
  return text;
}

void writeModelFiles(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto& registry = ModelRegistry::instance();
  for (const auto& name : registry.names()) {
    const ModelDefinition& model = registry.find(name);
    io::writeFileAtomically(dir / (name + ".lib"), ngspiceLibrary(model));
    io::writeFileAtomically(dir / (name + ".va"), verilogA(model));
  }
}

}  // namespace memcosim::devices
