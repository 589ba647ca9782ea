// Views generated from one ModelDefinition: ngspice subcircuits, a .lib file, Verilog-A.
//
// Names. Every model parameter `name` appears in SPICE and Verilog-A as `m_<name>`
// (spiceParameterName): model parameters such as p, n, a, q or j would otherwise collide
// with the pin names p and n or with SPICE's own names, and ngspice substitutes subcircuit
// parameters even inside V(...) of B-source expressions. The initial state is `x0` and the
// read view's state value is `x`.
//
// Write view (transient), pins (p, n):
//     Bport p n I = f(V(p,n), V(x))                      port current
//     Cstate u 0 1 IC=0,  Bstate 0 u I = g_held / span   u = (x − x0)/span, span = x_max − x_min
//     Bx     x 0 V = min(max(x0 + span·V(u), x_min), x_max)   node x: the state, clamped
// The capacitor integrates the normalised displacement u from 0, so node voltages stay of
// order one whatever the state's unit (metres for a filament gap), and the initial state is
// the subcircuit parameter x0. A time step that crosses a bound overshoots u (by 0.3% of the
// range in a test that drives an unwindowed linear drift device into its bound); the clamp
// keeps f and g evaluated inside the bounds, so the overshoot only delays the way back by
// overshoot/|g|. ngspice cannot solve the operating point of a node fed only by
// a current source and a capacitor, so transients with the write view must use `uic`.
// g_held (heldStateRate) is g set to 0 where it would push x beyond a bound.
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

/// g(v, x) with 0 where x ≥ x_max and g > 0, or x ≤ x_min and g < 0.
Expr heldStateRate(const ModelDefinition& model);

/// The write (transient) view; defaults: every parameter at its default, x0 = state.initial.
spice::Subcircuit writeView(const ModelDefinition& model, const std::string& subcircuitName);
/// The read (operating-point) view; defaults as above plus x = state.initial.
spice::Subcircuit readView(const ModelDefinition& model, const std::string& subcircuitName);

/// Instance parameters of a write/read view for `values` (model parameter name → value).
spice::ParameterList instanceParameters(const std::map<std::string, double>& values);

/// Text of models/<name>.lib: both views, for `.include` in an ngspice deck.
std::string ngspiceLibrary(const ModelDefinition& model);

/// Text of models/<name>.va: a Verilog-A module `<identifier>(p, n)`; the state is an
/// internal node x with V(x) <+ idt(rate, x0); f and g see xs = V(x) clamped to the bounds,
/// and rate = g is set to 0 where it would push xs out of them.
std::string verilogA(const ModelDefinition& model);

/// Writes <dir>/<name>.lib and <dir>/<name>.va for every registered model (creates dir).
void writeModelFiles(const std::filesystem::path& dir);

}  // namespace memcosim::devices
