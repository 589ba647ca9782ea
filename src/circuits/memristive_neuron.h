// Memristive integrate-and-fire neurons (docs/design.md, "Memristive neurons"): a membrane
// capacitor C in parallel with two volatile threshold switches, each in series with its own
// reversal source E_k. There is no comparator and no reset circuit: a spike is device 1
// switching on (its state x1 rising through `spikeLevel`), which discharges the membrane
// towards E1, after which the device relaxes by itself.
//
//     C dv/dt = I(t) − f(v − E1, x1) − f(v − E2, x2)
//     dx_k/dt = g_held(v − E_k, x_k)                          k = 1, 2
//
// f and g_held are the threshold-switch model's current and (bound-held) state rate, from its
// one definition (devices/model.h): the ngspice views below and the native step evaluate the
// same expression trees, never a hand-written copy.
//
// A layer: input voltages u_i(t) drive rows of differential conductance pairs; neuron j's
// input current is I_j = Σ_i (G⁺_ij − G⁻_ij) u_i, its column held at a virtual ground.
//
// Time. A run has `steps` time steps of length dt; each input is held for its step and moves
// to the next step's value over the first substep h = dt/substeps (a piecewise-linear
// waveform both engines see identically). Traces are sampled at the step ends k·dt.
//
// Native discretisation: explicit trapezoidal (Heun) substeps of length h on (v, x1, x2),
//     y* = y + h F(y, t),   y' = y + h/2 [F(y, t) + F(y*, t + h)],
// states clipped to the model's bounds. Explicit Heun is stable for h·(G1 + G2)/C < 2 and
// h/τ < 2; the defaults keep a margin of 10, and a run whose substep exceeds a quarter of the
// stable one is refused. Its Jacobian needs only first derivatives of f and g, which is what
// backpropagation through time differentiates.
//
// ngspice: the same circuit as a transient with `uic` and maximum step h; the threshold
// switches are the model's write-view subcircuits.
//
// Call map: NeuronSpec → simulateNeurons (native) | simulateNeuronsNgspice (spice::Session)
//           → NeuronTrace → compareTraces (fidelity: nRMS of v, spike counts and times)
#pragma once

#include <array>
#include <string>
#include <vector>

#include "devices/model.h"
#include "devices/native_device.h"
#include "spice/netlist.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::circuits {

/// One neuron's circuit; every neuron of a layer shares it.
struct NeuronSpec {
  NeuronSpec();                  ///< the threshold-switch model at its defaults, C = 1 nF, E = (0, 0.05) V
  devices::ParameterSet device;  ///< both threshold switches
  double capacitance_F = 1e-9;   ///< membrane capacitor
  std::array<double, 2> reversal_V = {0.0, 0.05};  ///< E1 (the firing device's), E2
  double spikeLevel = 0.5;                         ///< a spike: x1 rising through this
  /// Throws std::invalid_argument naming the field for a non-finite or out-of-range value,
  /// a non-volatile device model, or inconsistent device parameters.
  void validate() const;
};

/// Membrane voltage and the two device states of one neuron.
struct NeuronState {
  double v = 0.0;
  double x1 = 0.0;
  double x2 = 0.0;
};

/// Time grid of a run.
struct TimeGrid {
  int steps = 100;
  double dt_s = 1e-6;
  int substeps = 10;
  [[nodiscard]] double substep() const { return dt_s / substeps; }
  /// Throws std::invalid_argument for steps < 1, substeps < 2 or a non-positive dt.
  void validate() const;
};

/// The piecewise-linear waveform of per-step values (values.size() = grid.steps): each held for
/// its step, moving to the next over the first substep.
spice::Pwl heldSteps(const std::vector<double>& values, const TimeGrid& grid);

/// What drives a layer: either currents straight into the membranes, or input voltages through
/// a synapse array.
struct LayerDrive {
  /// currents[k][j]: input current of neuron j during step k (A). Used when `inputs` is empty.
  std::vector<std::vector<double>> currents;
  /// inputs[k][i]: voltage of input row i during step k (V).
  std::vector<std::vector<double>> inputs;
  /// positive[i][j], negative[i][j]: the pair's conductances (S), i input, j neuron.
  std::vector<std::vector<double>> positive, negative;

  [[nodiscard]] int neurons() const;
  /// Neuron currents of every step (from `inputs` through the synapses, or `currents`).
  [[nodiscard]] std::vector<std::vector<double>> neuronCurrents() const;
  /// Throws std::invalid_argument naming the field for ragged or mismatched tables, negative
  /// conductances, non-finite values, or a step count other than grid.steps.
  void validate(const TimeGrid& grid) const;
};

/// Sampled run of a layer: per neuron, v, x1, x2 at the step ends k·dt, k = 0 … steps, and
/// the steps k ≥ 1 at which x1 rose through the spike level during step k.
struct NeuronTrace {
  std::vector<double> time;
  std::vector<std::vector<double>> v, x1, x2;  // [neuron][sample]
  std::vector<std::vector<int>> spikes;        // [neuron] → steps
};

/// The neuron's right-hand side and its Jacobian from the device definition (native).
class NeuronDynamics {
 public:
  explicit NeuronDynamics(const NeuronSpec& spec);
  /// dy/dt at state y with input current I.
  [[nodiscard]] NeuronState rate(const NeuronState& y, double current) const;
  /// One Heun substep of length h from y, the input moving from current0 to current1.
  [[nodiscard]] NeuronState step(const NeuronState& y, double current0, double current1, double h) const;
  /// The state clipped to the device bounds (v unchanged).
  [[nodiscard]] NeuronState clip(NeuronState y) const;
  /// Largest Heun-stable substep: 2 / max(max (G1 + G2)/C, max |∂g/∂x|) over the device range.
  [[nodiscard]] double stableSubstep() const;
  [[nodiscard]] const NeuronSpec& spec() const { return spec_; }

 private:
  NeuronSpec spec_;
  devices::NativeDevice device_;
};

/// Throws std::invalid_argument naming dt/substeps and the substeps to use if the grid's substep
/// exceeds a quarter of dynamics.stableSubstep().
void checkStableSubstep(const NeuronDynamics& dynamics, const TimeGrid& grid);

/// Native run from `initial` (every neuron). Throws std::invalid_argument for a bad spec, grid
/// or drive, a substep above NeuronDynamics::stableSubstep()/4 (naming dt and substeps),
/// and std::runtime_error naming neuron, step and value for a non-finite result.
NeuronTrace simulateNeurons(const NeuronSpec& spec, const LayerDrive& drive, const TimeGrid& grid,
                            const NeuronState& initial = {});

/// The layer as an ngspice deck with a `.tran … uic` card and `.print` of every membrane
/// voltage and device state, for plain `ngspice -b` (the model's write view defined in it).
/// Throws as simulateNeurons for a bad spec, grid, drive or substep.
spice::Netlist neuronDeck(const NeuronSpec& spec, const LayerDrive& drive, const TimeGrid& grid,
                          const NeuronState& initial = {});

/// The same run in ngspice (reltol as given), its time points interpolated onto k·dt. Throws as
/// simulateNeurons, and std::runtime_error naming the value when ngspice returns a non-finite one.
NeuronTrace simulateNeuronsNgspice(spice::Session& session, const NeuronSpec& spec, const LayerDrive& drive,
                                   const TimeGrid& grid, const NeuronState& initial = {}, double reltol = 1e-6);

/// Agreement of two runs of the same layer (`test` against `reference`).
struct TraceAgreement {
  double membraneNrms = 0.0;     ///< max over neurons of rms(v_test − v_ref) / rms(v_ref)
  int spikeCountDifference = 0;  ///< max over neurons of |count_test − count_ref|
  int maxSpikeShift = 0;         ///< max |step_test − step_ref| over paired spikes (counts equal)
  int referenceSpikes = 0;       ///< total spikes in the reference
};
TraceAgreement compareTraces(const NeuronTrace& test, const NeuronTrace& reference);

/// The spikes of x1 samples: steps k ≥ 1 with x1[k−1] < level ≤ x1[k].
std::vector<int> spikeSteps(const std::vector<double>& x1, double level);

}  // namespace memcosim::circuits
