// Native evaluation and time integration of a compact model.
//
// A device driven by a source v_s(t) through a series resistance R_s (the circuit of
// test_bench.h, whose ngspice run is simulateNgspice) obeys
//     v_s(t) = v + R_s f(v, x),     dx/dt = g_held(v, x)
// (f the port current, g_held the state rate held at the bounds, model_views.h). At each time
// the algebraic equation is solved for v by a bracketed Newton iteration (∂f/∂v from
// derivative()): f(0, x) = 0 and f increasing in v put the root between 0 and v_s. The state
// is integrated with an adaptive Rosenbrock 4(3) stepper (rosenbrock.h: linearly implicit, so
// stiff switching, where ∂g/∂x reaches 1e20 /s near a bound, costs accuracy-limited steps
// rather than stability-limited ones), error per step ≤ absolute·(x_max − x_min) +
// relative·|x|, never stepping over a sample time, and clipped to [x_min, x_max] (the bounds
// of the parameter set) after every step. The stepper's Jacobian is the total derivative
// along the circuit,
//     dg/dx = ∂g/∂x + ∂g/∂v · dv/dx,   dv/dx = −R_s ∂f/∂x / (1 + R_s ∂f/∂v),
// and its time derivative ∂g/∂v · v_s'(t)/(1 + R_s ∂f/∂v), with v_s' by forward difference.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "devices/expression.h"
#include "devices/model.h"
#include "devices/trace.h"
#include "spice/netlist.h"

namespace memcosim::devices {

/// f, g_held, ∂f/∂v and R(x) of one parameter set, compiled for fast evaluation.
/// Not thread-safe (CompiledExpr scratch registers): copy per thread.
class NativeDevice {
 public:
  /// Throws ParameterError if the parameters are inconsistent (ParameterSet::checkConsistent).
  explicit NativeDevice(const ParameterSet& parameters);

  [[nodiscard]] double current(double v, double x) const;
  [[nodiscard]] double currentSlope(double v, double x) const;     // ∂f/∂v
  [[nodiscard]] double stateRate(double v, double x) const;        // g, held at the bounds
  [[nodiscard]] double stateRateSlopeV(double v, double x) const;  // ∂g_held/∂v
  [[nodiscard]] double stateRateSlopeX(double v, double x) const;  // ∂g_held/∂x
  [[nodiscard]] double currentSlopeX(double v, double x) const;    // ∂f/∂x
  [[nodiscard]] double resistance(double x) const;
  [[nodiscard]] double clip(double x) const;  // into the parameter set's [x_min, x_max]
  [[nodiscard]] StateBounds bounds() const { return bounds_; }
  [[nodiscard]] const ModelDefinition& model() const { return *model_; }

  /// The device voltage v with v + R_s f(v, x) = v_s; throws std::runtime_error if the
  /// iteration fails or meets a non-finite value.
  [[nodiscard]] double solveVoltage(double sourceVoltage, double seriesResistance_ohm, double x,
                                    double time_seconds) const;

 private:
  double evaluate(const CompiledExpr& e, double v, double x) const;

  const ModelDefinition* model_;
  mutable std::vector<double> slots_;  // [v, x, parameters in table order]
  StateBounds bounds_;
  CompiledExpr current_, currentSlope_, stateRate_, resistance_;
  CompiledExpr stateRateSlopeV_, stateRateSlopeX_, currentSlopeX_;
};

/// Integration tolerances of simulate(): per-step error bound absolute·(x_max − x_min) +
/// relative·|x|.
struct Tolerances {
  double absolute = 1e-9;
  double relative = 1e-7;
};

/// Integrates the device from x0 at sampleTimes.front() and samples it at every sample time
/// (strictly increasing). Throws ParameterError for inconsistent parameters or an x0 outside
/// the bounds, std::runtime_error naming the model, time and value on a non-finite result or a
/// failed voltage solve.
Trace simulate(const ParameterSet& parameters, const std::function<double(double)>& sourceVoltage,
               const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0,
               Tolerances tolerances = {});

/// v(t) of a Sine or Pwl waveform (SPICE semantics; Pulse too), for simulate().
double waveformValue(const spice::Waveform& waveform, double time_seconds);

}  // namespace memcosim::devices
