// Stanford–PKU RRAM model (oxide filament gap), defined once as expressions.
//
// Jiang, Yu, Wong et al., "A compact model for metal-oxide resistive random access memory with
// experiment verification", IEEE TED 63(5):1884–1892, 2016 (and SISPAD 2014, pp. 41–44);
// based on Guan, Yu, Wong, IEEE EDL 33(10):1405, 2012. The state is the gap g (m) between the
// filament tip and the electrode:
//
//   i     = I0 exp(−g/g0) sinh(v/V0)
//   dg/dt = −ν0 exp(−E_a/(k T)) sinh(γ_F a0 q v / (t_ox k T))
//   γ     = γ0± − β (g / 1 nm)³,     γ0± = γ0 for v ≥ 0, γ0⁻ for v < 0
//   γ_F   = γ · ½ (1 + tanh((γ |v| / t_ox − F_min) / w_F)),   w_F = 0.003 F_min
//           (field threshold: the gap moves only while γ |v| / t_ox ≥ F_min)
//   T     = T0 + |v i| R_th                    (steady-state Joule heating)
//
// with g held in [g_min, g_max], the parameters gmin and gmax: the views limit the rate
// smoothly at these bounds (model_views.h, "Bounds"). k T/q is written k_B T with k_B in eV/K and E_a in eV.
// Defaults: the typical values of the papers above (listed in docs/design.md, "Device models").
//
// Omitted: the stochastic gap noise δg (the papers' random term, set to 0 here) and the
// thermal time constant (T follows the dissipated power instantly, as in the SISPAD form).
//
// Against the published Verilog-A (Stanford RRAM model v1.0.0, Z. Jiang, H.-S. P. Wong,
// doi:10.4231/D37H1DN48, module rram_v_1_0_0), which the equations above follow term by term:
//   - F_min (fmin, 1.4e9 V/m) and the negative-voltage γ0⁻ (gamma0neg, 16: the published code
//     sets gamma_ini = 16 for v < 0 whatever gamma0 is) are parameters with the published
//     defaults. The published threshold is a hard switch (γ = 0 below F_min): during a reset
//     it stops the gap where γ(g)|v|/t_ox = F_min, a rate discontinuous in g that the gap then
//     slides along, and both integrators stalled there (a 2 V, 1 kHz sine made no progress in
//     30 s). Here it is a smooth step of width w_F = 0.3% of F_min: on the comparison sines of
//     the tests the current stays within 0.5% (nRMS) of the published hard switch (1%: 1.7%).
//     Where the gap creeps along the threshold for many periods (e.g. 1.8 V, 100 Hz with gmax
//     raised to 2.5 nm) the set becomes a runaway whose onset is exponentially sensitive to the
//     state, and ngspice (tolerance-limited to ~1e-14 m) ran away a sample earlier than the
//     native integrator (which agreed with an independent fine RK4 run; measured with a 1%
//     step: 55% current nRMS between the engines at any ngspice reltol).
//   - Clamp: the published code integrates gap = idt(dg/dt) without bound and clamps only the
//     value it uses, so the integral winds up past a bound: a 1.5 V, 100 kHz sine from 1.7 nm
//     drives it below −1e-8 m, and the device then stays in its low-resistance state until a
//     reset has unwound the excess, although its current showed nothing of it. Here the gap
//     itself is held in [gmin, gmax] (the physical gap of Jiang et al. 2016), so the state is
//     the gap the current sees (tests/devices/stanford_pku_test.cpp shows the wind-up).
//   - Defaults that differ: gmin = 0.1 nm (docs/design.md, "Device models": gap in ~[0.1, 1.7] nm) where the
//     published gap_min is 0.2 nm; the initial gap is gmax (the high-resistance state, where
//     the I-V sweeps start) where the published gap_ini is 0.2 nm. k_B/q is CODATA 2018 (the
//     published `P_K/`P_Q are CODATA 1998; the ratios differ by 1.5e-6).
//
// Resistance: v/i is 0/0 at v = 0, so `resistance` is the small-signal resistance at v → 0,
// R(g) = V0 / (I0 exp(−g/g0)).
#include "devices/model.h"

namespace memcosim::devices {
namespace {

constexpr double kBoltzmannElectronVoltsPerKelvin = 8.617333262e-5;  // k_B / q (CODATA 2018)
constexpr double kNanometre = 1e-9;
constexpr double kThresholdWidth = 3e-3;  // w_F / F_min

ModelDefinition stanfordPkuModel() {
  const Expr v = Expr::symbol("v");
  const Expr gap = Expr::symbol("x");
  const Expr current = Expr::symbol("i0") * exp(-gap / Expr::symbol("g0")) * sinh(v / Expr::symbol("v0"));

  const Expr temperature = Expr::symbol("t0") + abs(v * current) * Expr::symbol("rth");
  const Expr thermalVoltage = kBoltzmannElectronVoltsPerKelvin * temperature;  // k T / q (V)
  const Expr gapInNanometres = gap / kNanometre;
  const Expr gammaAtZeroGap = select(v < 0.0, Expr::symbol("gamma0neg"), Expr::symbol("gamma0"));
  const Expr gamma = gammaAtZeroGap - Expr::symbol("beta") * gapInNanometres * gapInNanometres * gapInNanometres;
  // The field threshold as a smooth step of width w_F = 0.3% of F_min (see above).
  const Expr field = gamma * abs(v) / Expr::symbol("tox");
  const Expr width = max(kThresholdWidth * Expr::symbol("fmin"), 1e5);
  const Expr gammaEffective = gamma * 0.5 * (1.0 + tanh((field - Expr::symbol("fmin")) / width));
  const Expr rate = -Expr::symbol("nu0") * exp(-Expr::symbol("ea") / thermalVoltage) *
                    sinh(gammaEffective * Expr::symbol("a0") * v / (Expr::symbol("tox") * thermalVoltage));

  std::string name = "stanford-pku";
  std::string title = "Stanford-PKU metal-oxide RRAM, filament gap (Jiang, Wong et al., 2014/2016)";
  std::string citation =
      "Z. Jiang, Y. Wu, S. Yu, L. Yang, K. Song, Z. Karim, H.-S. P. Wong, \"A Compact Model for "
      "Metal-Oxide Resistive Random Access Memory With Experiment Verification\", IEEE "
      "Transactions on Electron Devices 63(5), 1884-1892 (2016); Z. Jiang et al., \"Verilog-A "
      "compact model for oxide-based resistive random access memory (RRAM)\", SISPAD 2014, "
      "41-44; X. Guan, S. Yu, H.-S. P. Wong, IEEE Electron Device Letters 33(10), 1405 (2012).";
  std::vector<std::string> equations = {
      "i = i0 exp(-g/g0) sinh(v/v0)",
      "dg/dt = -nu0 exp(-ea/(k T)) sinh(gammaf a0 q v/(tox k T))",
      "gamma = gamma0 - beta (g/1nm)^3 for v >= 0, gamma0neg - beta (g/1nm)^3 for v < 0",
      "gammaf = gamma (1 + tanh((gamma |v|/tox - fmin)/(0.003 fmin)))/2 (field threshold, smoothed)",
      "T = t0 + |v i| rth",
      "g held in [gmin, gmax]: the rate is limited smoothly in the last 1e-4 of the range it approaches; "
      "gap noise omitted",
      "resistance (v -> 0) = v0 / (i0 exp(-g/g0))",
  };
  std::vector<ParameterSpec> parameters = {
      {"i0", 1e-3, "A", 1e-12, 1.0, "current scale I0"},
      {"g0", 0.25e-9, "m", 1e-12, 1e-8, "gap decay length of the tunnelling current"},
      {"v0", 0.25, "V", 1e-3, 10.0, "voltage scale V0 of the current"},
      {"nu0", 10.0, "m/s", 1e-6, 1e6, "attempt velocity of oxygen-vacancy migration"},
      {"ea", 0.6, "eV", 0.0, 5.0, "activation energy of vacancy generation/migration"},
      {"a0", 0.25e-9, "m", 1e-12, 1e-8, "atomic hopping distance"},
      {"tox", 12e-9, "m", 1e-10, 1e-6, "oxide thickness"},
      {"gamma0", 16.0, "1", 0.0, 100.0, "local field enhancement factor at zero gap (v >= 0)"},
      {"gamma0neg", 16.0, "1", 0.0, 100.0,
       "local field enhancement factor at zero gap for v < 0 (the published code fixes it at 16)"},
      {"fmin", 1.4e9, "V/m", 0.0, 1e11, "field threshold F_min: the gap moves only while gamma |v|/tox >= fmin"},
      {"beta", 0.8, "1", 0.0, 100.0, "decrease of the field enhancement with the gap, per nm^3"},
      {"t0", 298.0, "K", 1.0, 1000.0, "ambient temperature"},
      {"rth", 2.1e3, "K/W", 0.0, 1e9, "effective thermal resistance"},
      {"gmin", 0.1e-9, "m", 0.0, 1e-8, "smallest gap (lowest resistance)"},
      {"gmax", 1.7e-9, "m", 1e-12, 1e-8, "largest gap (highest resistance)"},
  };
  StateSpec state = {"gap",  "m",    0.1e-9,
                     1.7e-9, 1.7e-9, "tunnelling gap between the filament tip and the electrode",
                     "gmin", "gmax", "gmax"};
  return ModelDefinition{.name = std::move(name),
                         .title = std::move(title),
                         .citation = std::move(citation),
                         .equations = std::move(equations),
                         .parameters = std::move(parameters),
                         .state = std::move(state),
                         .current = current,
                         .stateRate = rate,
                         .resistance = Expr::symbol("v0") / (Expr::symbol("i0") * exp(-gap / Expr::symbol("g0"))),
                         .characterisation = {1.5, 1e6}};
}

const ModelRegistration kRegistration{stanfordPkuModel};

}  // namespace
}  // namespace memcosim::devices
