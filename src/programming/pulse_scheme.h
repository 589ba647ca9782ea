// Programming pulses of a weight device: the scheme (amplitudes, widths) and one pulse's effect.
//
// A pulse is the rectangle of the characterisation pulse trains (devices::pulseShape:
// edges of width/50), applied straight across the device (an ideal driver, no series
// resistance). The device has no memory but its state, so the state after one pulse is a
// function of the state before it:
//     x⁺ = S(x)   (set pulse: amplitude setAmplitude_volt, width setWidth_seconds, raises G)
//     x⁻ = Q(x)   (reset pulse: resetAmplitude_volt, resetWidth_seconds, lowers G)
// computed by integrating the write dynamics dx/dt = g(v(t), x) over the pulse, natively
// (Boost.Odeint, devices::simulate) or by an ngspice transient of the write view.
//
// Crossing the window. A scheme crosses the window in N pulses when N set pulses carry the
// state from xOff until G ≥ G_min + kCrossingFraction·(G_max − G_min) (and N reset pulses
// from xOn until G ≤ G_max − kCrossingFraction·(G_max − G_min)). The last percent is left out
// because windowed and soft-bounded models only approach their bounds asymptotically.
#pragma once

#include <utility>

#include "devices/engine.h"
#include "programming/weight_models.h"

namespace memcosim::spice {
class Session;
}

namespace memcosim::programming {

/// Share of the conductance range a crossing of the window must cover (see above).
inline constexpr double kCrossingFraction = 0.99;

/// Pulses per crossing that defaultPulseScheme aims at.
inline constexpr int kTargetPulsesToCross = 100;

/// The pulse engines are the device engines: Native (Rosenbrock) or Ngspice.
using PulseEngine = devices::Engine;

/// Voltages are across the device's pins (p → n). Set raises G and reset lowers it; for most
/// models set is positive and reset negative, for TEAM and VTEAM (where positive drive moves
/// x towards x_off, the high-resistance end) set is negative and reset positive.
struct PulseScheme {
  double setAmplitude_volt;
  double setWidth_seconds;
  double resetAmplitude_volt;
  double resetWidth_seconds;
};

/// Throws std::invalid_argument naming the field if an amplitude is zero or not finite, the
/// two amplitudes have the same sign, or a width is not positive and finite.
void checkPulseScheme(const PulseScheme& scheme);

/// The model's default amplitudes (defaultPulseAmplitudes, weight_models.cpp) with widths
/// chosen so that each polarity crosses the window in about kTargetPulsesToCross pulses: the
/// crossing time T = ∫ dx / g(v, x) at constant amplitude (adaptive Gauss–Kronrod along the
/// crossing path) divided by kTargetPulsesToCross and by 0.98, the pulse's full-amplitude
/// equivalent (its edges are 2% of it). Throws std::invalid_argument if an amplitude does not
/// move the state somewhere on its path (below a threshold, or a window that locks the state).
PulseScheme defaultPulseScheme(const WeightDevice& device);

/// The time a constant `amplitude_v` takes to carry the state from x `from` to x `to`
/// (T = ∫ dx / g); throws std::invalid_argument if g is 0 or points away from `to` on the way.
double crossingTime(const WeightWindow& window, double amplitude_volt, double from, double to);

/// The state after one pulse of `amplitude_v`, `width_s` from state `x0`, by `engine`
/// (`session` needed for Ngspice: its loaded circuit is replaced). Not clamped to the window.
double stateAfterPulse(const devices::ParameterSet& parameters, double amplitude_volt, double width_seconds, double x0,
                       PulseEngine engine, spice::Session* session);

}  // namespace memcosim::programming
