// Knowm mean metastable switch (MMS) memristor model (Molter & Nugent, 2016).
//
//   i = v [x / R_on + (1 − x) / R_off]                                   x ∈ [0, 1]
//   dx/dt = (1/τ) [σ(β (v − V_on)) (1 − x) − (1 − σ(β (v + V_off))) x],  β = q / (k T)
// σ(z) = 1/(1 + e^{−z}) is written 0.5 (1 + tanh(z/2)), which never overflows.
// The optional Schottky diode current in parallel (Knowm's generalised MSS) is not modelled.
#include "devices/model.h"
#include "devices/models/windows.h"

namespace memcosim::devices {
namespace {

using windows::sigmoid;

constexpr double kElementaryCharge_C = 1.602176634e-19;
constexpr double kBoltzmann_J_per_K = 1.380649e-23;

ModelDefinition meanMetastableSwitch() {
  const Expr v = Expr::symbol("v"), x = Expr::symbol("x");
  const Expr ron = Expr::symbol("ron"), roff = Expr::symbol("roff");
  const Expr von = Expr::symbol("von"), voff = Expr::symbol("voff");
  const Expr tau = Expr::symbol("tau"), temperature = Expr::symbol("temp");
  const Expr beta = kElementaryCharge_C / kBoltzmann_J_per_K / temperature;

  const Expr conductance = x / ron + (1.0 - x) / roff;
  ModelDefinition model;
  model.name = "mms";
  model.title = "Knowm mean metastable switch (Molter & Nugent 2016)";
  model.citation =
      "T. W. Molter, M. A. Nugent, \"The Generalized Metastable Switch Memristor Model\", "
      "Proc. CNNA 2016; Knowm Inc. MMS model";
  model.equations = {
      "i = v * (x/ron + (1 - x)/roff)",
      "dx/dt = (1/tau) * [sigma(beta*(v - von))*(1 - x) - (1 - sigma(beta*(v + voff)))*x]",
      "sigma(z) = 1/(1 + exp(-z)),  beta = q/(k*temp)",
  };
  model.parameters = {
      {"ron", 500.0, "Ohm", 1e-3, 1e12, "resistance of the on state (x = 1)"},
      {"roff", 1500.0, "Ohm", 1e-3, 1e12, "resistance of the off state (x = 0)"},
      {"von", 0.27, "V", 0.0, 100.0, "on switching voltage"},
      {"voff", 0.27, "V", 0.0, 100.0, "off switching voltage"},
      {"tau", 1e-4, "s", 1e-15, 1e6, "switching time constant"},
      {"temp", 298.5, "K", 1.0, 1000.0, "device temperature"},
  };
  model.state = {"x", "1", 0.0, 1.0, 0.0, "fraction of switches in the on state"};
  model.current = v * conductance;
  model.stateRate = (sigmoid(beta * (v - von)) * (1.0 - x) - (1.0 - sigmoid(beta * (v + voff))) * x) / tau;
  model.resistance = 1.0 / conductance;
  model.constraints = {{ron < roff, "ron < roff", "ron is the resistance of the on state x = 1; swap the values"}};
  model.characterisation = {0.5, 1e3};
  return model;
}

const ModelRegistration kRegistration{meanMetastableSwitch};

}  // namespace
}  // namespace memcosim::devices
