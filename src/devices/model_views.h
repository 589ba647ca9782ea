// Views generated from one ModelDefinition: ngspice subcircuits, a .lib file, Verilog-A.
//
// Names. Every model parameter `name` appears in SPICE and Verilog-A as `m_<name>`
// (spiceParameterName): model parameters such as p, n, a, q or j would otherwise collide
// with the pin names p and n or with SPICE's own names, and ngspice substitutes subcircuit
// parameters even inside V(...) of B-source expressions. The initial state is `x0` and the
// read view's state value is `x`.
//
// Bounds. The state stays in [L, U] (ParameterSet::stateBounds(): fixed numbers or the bound
// parameters, printed as m_<name>, so a moved bound parameter moves the bound in every view).
// A hard stop, g set to 0 at the bound, is a discontinuity that neither ngspice's Newton
// iteration nor an adaptive integrator can step over when g is large (a TEAM reset with
// α_on = 10 moves x at ~1e9 m/s): both stop with a time-step underflow. Instead the rate is
// limited smoothly in the direction of travel (heldStateRate):
//
//     g_held = g · s(d),   d = (U − x)/(U − L) if g > 0,  (x − L)/(U − L) if g ≤ 0
//     s(d)   = 1 − exp(−max(d, 0)/δ),   δ = kBoundLayer (a fraction of the range)
//
// s is 1 to within e^{−10} farther than 10 δ from the bound approached, vanishes at the bound
// and beyond it, and never slows motion away from a bound (a state at U moves down at full rate).
// Approaching a bound, the remaining distance decays exponentially with time constant
// δ (U − L)/|g|, so the state reaches the bound to within 1e-9 of the range in ~21 such time
// constants; g_held is continuous in x (Lipschitz), so implicit integrators step over the
// arrival. The last δ of the range is crossed more slowly than with a hard stop; with δ = 1e-4
// the resistance differs from the hard-stop model's by less than 1e-4 of its range.
//
// Write view (transient), pins (p, n):
//     Bport p n I = f(V(p,n), V(x))                      port current
//     Cstate u 0 1 IC=0,  Bstate 0 u I = g_held / span   u = (x − x0)/span, span = U − L
//     Bx     x 0 V = min(max(x0 + span·V(u), L), U)      node x: the state, clamped
// The capacitor integrates the normalised displacement u from 0, so node voltages stay of
// order one whatever the state's unit (metres for a filament gap), and the initial state is
// the subcircuit parameter x0. A time step that ends past a bound overshoots u; the clamp
// keeps f and g evaluated inside the bounds, and s = 0 there holds u until the drive
// reverses. ngspice cannot solve the operating point of a node fed only by a current source
// and a capacitor, so transients with the write view must use `uic`.
//
// Read view (operating point), pins (p, n):
//     Vstate state 0 DC {x}      Bport p n I = f(V(p,n), V(state))
// Instance X1's state source is `v.x1.vstate` in ngspice: `alter v.x1.vstate dc=<x>` (or
// Session::alter("v.x1.vstate", x)) changes the state without reloading the circuit.
#pragma once

#include <filesystem>
#include <string>

#include "devices/model.h"
#include "spice/netlist.h"

namespace memcosim::devices {

/// The SPICE / Verilog-A name of model parameter `name`: "m_" + name.
std::string spiceParameterName(const std::string& name);

/// The identifier form of a model name: "linear-ion-drift" → "linear_ion_drift".
std::string identifierName(const std::string& modelName);

/// Default subcircuit names of the two views: "<identifier>_write", "<identifier>_read".
std::string writeViewName(const ModelDefinition& model);
std::string readViewName(const ModelDefinition& model);

/// Width δ of the layer below each bound in which the rate is limited, as a fraction of the
/// state range (see "Bounds" above).
inline constexpr double kBoundLayer = 1e-4;

/// g_held = g · s(d): the state rate limited smoothly at the bounds (see "Bounds" above).
/// Every view (write view, Verilog-A, native) integrates this expression.
Expr heldStateRate(const ModelDefinition& model);

/// The write (transient) view; defaults: every parameter at its default, x0 = state.initial.
spice::Subcircuit writeView(const ModelDefinition& model, const std::string& subcircuitName);
/// The read (operating-point) view; defaults as above plus x = state.initial.
spice::Subcircuit readView(const ModelDefinition& model, const std::string& subcircuitName);

/// The source inside read-view instance `instance` whose DC value is the state, by the name
/// ngspice gives it ("X1" → "v.x1.vstate"): alter it to change the state in place.
std::string readViewStateSource(const std::string& instance);

/// The registered model whose read view `definition` is, exactly as readView(model,
/// definition.name()) builds it (the same pins, defaults and elements); nullptr if it is no
/// model's read view. For a solver that evaluates read views itself (solver/mna_solver.h).
const ModelDefinition* readViewModel(const spice::Subcircuit& definition);

/// One instance of a model's read view: the parameter set (the model's defaults with the
/// instance's m_<name> values) and the state x it holds.
struct ReadViewInstance {
  ParameterSet parameters;
  double state;
};

/// The parameters and state of `instance`, an X instance of `model`'s read view. Throws
/// ParameterError naming the instance for an unknown, non-numeric or out-of-range parameter.
ReadViewInstance readViewInstance(const ModelDefinition& model, const spice::SubcircuitInstance& instance);

/// Instance parameters of a write/read view for `values` (model parameter name → value).
spice::ParameterList instanceParameters(const std::map<std::string, double>& values);

/// Text of models/<name>.lib: both views, for `.include` in an ngspice deck.
std::string ngspiceLibrary(const ModelDefinition& model);

/// Text of models/<name>.va: a Verilog-A module `<identifier>(p, n)`; the state is an
/// internal node x with V(x) <+ idt(rate, x0); f and g see xs = V(x) clamped to the bounds,
/// and rate = g_held (heldStateRate) of xs.
std::string verilogA(const ModelDefinition& model);

/// Writes <dir>/<name>.lib and <dir>/<name>.va for every registered model (creates dir).
void writeModelFiles(const std::filesystem::path& dir);

}  // namespace memcosim::devices
