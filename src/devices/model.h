// Memristor compact models: one definition per model, from which every view is generated.
//
// A model (docs/design.md, "Device models") is
//   - a parameter table: name, default, unit, allowed range, description (Xyce style,
//     parameter_table.h, the same mechanism as the pulse-level devices' keys);
//   - one state variable x with bounds [x_min, x_max] and an initial value;
//   - the port current   i     = f(v, x, p)   (Expr over symbols "v", "x" and parameter names);
//   - the state equation dx/dt = g(v, x, p)   (same symbols).
// Current-controlled models (TEAM) write g in terms of f, so g still depends on v and x only.
//
// Views generated from the definition (model_views.h):
//   write view  ngspice subcircuit: port B-source i = f, state node x integrating g on a 1 F
//               capacitor (dx/dt = g), with the state held inside its bounds;
//   read view   ngspice subcircuit: port B-source i = f with x held by a voltage source whose
//               value the caller sets (a DC operating point cannot integrate the state);
//   Verilog-A   module with the parameter table as `parameter real … from [min:max]`;
//   native      CompiledExpr evaluation of f, g and their derivatives, integrated with
//               Boost.Odeint (native_device.h).
//
// Models register themselves by name (registry below): adding a model is adding one file.
#pragma once

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "devices/expression.h"
#include "devices/parameter_table.h"

namespace memcosim::devices {

/// The model's state variable. Its bounds are fixed numbers or, where the model has them as
/// parameters (TEAM's xon/xoff, Stanford-PKU's gmin/gmax), the values of those parameters:
/// minimum and maximum are then the parameters' defaults, and ParameterSet::stateBounds()
/// gives the bounds of a parameter set. Every view takes its bounds from stateLowerBound() and
/// stateUpperBound(), so moving a bound parameter moves the bound everywhere.
struct StateSpec {
  std::string name;  // "x", "w" (m), "gap" (m) ...
  std::string unit;
  double minimum;  // lower bound (with default parameters)
  double maximum;  // upper bound (with default parameters)
  double initial;  // default initial value
  std::string description;
  std::string minimumParameter = {};  // parameter holding the lower bound; empty: fixed
  std::string maximumParameter = {};  // parameter holding the upper bound; empty: fixed
  std::string initialParameter = {};  // parameter the initial state follows (a bound); empty: initial
};

/// A relation between parameters that every parameter set of the model must satisfy, e.g.
/// ron < roff. `holds` is a boolean Expr over parameter names.
struct ParameterConstraint {
  Expr holds;
  std::string description;  // "ron < roff", named in the error
  std::string advice;       // what to do, e.g. "ron is the low-resistance (on) state"
};

/// A sine stimulus that shows the model's hysteresis well: the default of `memcosim iv`.
struct Stimulus {
  double amplitude_volt = 1.0;
  double frequency_hertz = 1.0;
};

/// A compact model defined once.
struct ModelDefinition {
  std::string name;                    // command-line name, e.g. "linear-ion-drift"
  std::string title;                   // one line, e.g. "Linear ion drift (Strukov et al., Nature 2008)"
  std::string citation;                // full reference
  std::vector<std::string> equations;  // human-readable equations for `memcosim models show`
  std::vector<ParameterSpec> parameters;
  StateSpec state;
  Expr current = 0.0;                                 // i(v, x, p), current into the + terminal
  Expr stateRate = 0.0;                               // dx/dt(v, x, p)
  Expr resistance = 0.0;                              // R(x, p) at the state, for reports (v/i is 0/0 at v = 0)
  Stimulus characterisation;                          // default I-V stimulus (the lobe is clear and shrinks above it)
  std::vector<ParameterConstraint> constraints = {};  // beyond each parameter's own range
  /// Xyce's YMEMRISTOR level with these equations and parameter names (instance XO = x0), for
  /// a bench deck that runs Xyce's own implementation; 0: Xyce has none.
  int xyceMemristorLevel = 0;
  /// The state relaxes to its off value without drive (a threshold switch): a neuron device,
  /// refused as a synaptic weight, which must hold its programmed state.
  bool isVolatile = false;
};

/// The state bounds as expressions: the bound parameter's symbol, or the fixed number.
Expr stateLowerBound(const ModelDefinition& model);
Expr stateUpperBound(const ModelDefinition& model);

/// Numeric state bounds of one parameter set.
struct StateBounds {
  double minimum;
  double maximum;
};

/// Parameter values of one device: the defaults with validated overrides.
class ParameterSet {
 public:
  explicit ParameterSet(const ModelDefinition& model);
  /// Sets `name` (case-insensitive); throws ParameterError naming the parameter and its range
  /// if the name is unknown or the value outside [minimum, maximum] or not finite.
  void set(const std::string& name, double value);
  /// Parses "key=value" (value in SI, SPICE suffixes like 10k, 1u accepted).
  void setFromText(const std::string& assignment);
  [[nodiscard]] double get(const std::string& name) const;
  [[nodiscard]] const std::map<std::string, double>& values() const { return values_; }
  [[nodiscard]] const ModelDefinition& model() const { return *model_; }

  /// The state bounds with these values (bound parameters read from the set).
  [[nodiscard]] StateBounds stateBounds() const;
  /// Throws ParameterError naming the values if the bounds are not ordered (minimum < maximum)
  /// or a model constraint (e.g. ron < roff) fails. Checked by every engine before it runs,
  /// since single assignments cannot see relations between parameters.
  void checkConsistent() const;
  /// The default initial state: the value of state.initialParameter if set, else state.initial.
  [[nodiscard]] double initialState() const;
  /// Throws ParameterError naming x0 and the bounds if x0 lies outside them (or is not finite).
  void checkInitialState(double x0) const;

 private:
  /// The spec of `name` (case-insensitive); ParameterError listing the known names otherwise.
  [[nodiscard]] const ParameterSpec& spec(const std::string& name) const;
  const ModelDefinition* model_;
  std::map<std::string, double> values_;
};

/// Registry of models by name. Each model's source file registers a factory at start-up.
class ModelRegistry {
 public:
  static ModelRegistry& instance();
  void add(std::function<ModelDefinition()> factory);
  /// Throws std::invalid_argument listing the known names if `name` is unknown.
  [[nodiscard]] const ModelDefinition& find(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> names() const;  // sorted

 private:
  std::map<std::string, ModelDefinition> models_;
};

/// Registers a model at static-initialisation time:
///   const ModelRegistration kRegistration{[] { return ModelDefinition{...}; }};
struct ModelRegistration {
  explicit ModelRegistration(std::function<ModelDefinition()> factory) {
    ModelRegistry::instance().add(std::move(factory));
  }
};

}  // namespace memcosim::devices
