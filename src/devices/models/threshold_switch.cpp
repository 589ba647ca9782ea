// Volatile threshold-switching memristor: the neuron device of fully memristive spiking
// networks (MEMprop, Zhou, Eshraghian et al., arXiv 2206.12992; docs/design.md, "Memristive
// neurons").
//
//   i = v [x / R_on + (1 − x) / R_off]                                        x ∈ [0, 1]
//   dx/dt = (1/τ) [(1 − x) σ((v − V_on)/k_th) − x σ((V_off − v)/k_th)]
// σ(z) = 1/(1 + e^{−z}), written 0.5 (1 + tanh(z/2)) so that it never overflows.
//
// Above V_on the filament forms (x → 1); below V_off it dissolves on its own (x → 0): the
// device forgets, unlike the synaptic models. Between the thresholds both rates are small, so
// the state lags the voltage and the I-V loop is pinched with a lobe in the first quadrant
// only (the thresholds are on the signed voltage: a negative voltage only relaxes the device).
// Defaults: R_on, R_off, V_on, V_off and k_th as published with the MEMprop neuron (there in mV);
// τ in seconds (there in time steps).
#include "devices/model.h"
#include "devices/models/windows.h"

namespace memcosim::devices {
namespace {

using windows::sigmoid;

ModelDefinition thresholdSwitch() {
  const Expr v = Expr::symbol("v"), x = Expr::symbol("x");
  const Expr ron = Expr::symbol("ron"), roff = Expr::symbol("roff");
  const Expr von = Expr::symbol("von"), voff = Expr::symbol("voff");
  const Expr kth = Expr::symbol("kth"), tau = Expr::symbol("tau");

  const Expr conductance = x / ron + (1.0 - x) / roff;
  ModelDefinition model;
  model.name = "threshold-switch";
  model.title = "Volatile threshold switch (MEMprop neuron device, Zhou et al. 2022)";
  model.citation =
      "Y. Zhou, J. K. Eshraghian et al., \"Gradient-based Neuromorphic Learning on Dynamical RRAM "
      "Arrays\" (MEMprop), arXiv:2206.12992, 2022";
  model.equations = {
      "i = v * (x/ron + (1 - x)/roff)",
      "dx/dt = (1/tau) * [(1 - x)*sigma((v - von)/kth) - x*sigma((voff - v)/kth)]",
      "sigma(z) = 1/(1 + exp(-z))",
  };
  model.parameters = {
      {"ron", 1e3, "Ohm", 1e-3, 1e12, "resistance of the on state (x = 1)"},
      {"roff", 1e5, "Ohm", 1e-3, 1e12, "resistance of the off state (x = 0)"},
      {"von", 0.11, "V", 0.0, 100.0, "set threshold: above it the device switches on"},
      {"voff", 0.005, "V", -100.0, 100.0, "hold threshold: below it the device relaxes off"},
      {"kth", 0.015, "V", 1e-6, 10.0, "width of both thresholds"},
      {"tau", 1e-6, "s", 1e-15, 1e6, "switching and relaxation time constant"},
  };
  model.state = {"x", "1", 0.0, 1.0, 0.0, "filament fraction (0: off, 1: on)"};
  model.current = v * conductance;
  model.stateRate = ((1.0 - x) * sigmoid((v - von) / kth) - x * sigmoid((voff - v) / kth)) / tau;
  model.resistance = 1.0 / conductance;
  model.constraints = {
      {ron < roff, "ron < roff", "ron is the resistance of the on state x = 1; swap the values"},
      {voff < von, "voff < von", "the device sets above von and relaxes below voff"},
  };
  model.characterisation = {0.3, 1e5};
  model.isVolatile = true;
  return model;
}

const ModelRegistration kRegistration{thresholdSwitch};

}  // namespace
}  // namespace memcosim::devices
