// Figures of a sampled I-V hysteresis loop and the sweep stimuli that produce one.
//
// Call map: stimulus (sampleTimes + sineVoltage/triangleVoltage, or a PWL list for ngspice)
//           → simulate → IvTrace of the LAST cycle → lobeAreas / pinchCurrent / resistanceMetrics.
//
// Definitions (all on one cycle, samples in time order, SI units):
//   Loop area   A_loop = |∮ i dv| over the closed (v, i) polygon, by the shoelace formula
//               A = ½ Σ_k (v_k i_{k+1} − v_{k+1} i_k) (the polygon is closed back to sample 0);
//               since ∮ v di = −∮ i dv, |A| = |∮ i dv|. For a pinched loop the two lobes have
//               opposite orientation, so this signed total can cancel to ≈ 0.
//   Lobe areas  A_+ = |shoelace area| of the polygon clipped to v ≥ 0 and A_− of the polygon
//               clipped to v ≤ 0 (Sutherland–Hodgman half-plane clip: crossings are linearly
//               interpolated and each lobe is closed by segments along v = 0, where dv = 0).
//               lobes = A_+ + A_−: the figure to compare across frequency (docs/design.md, "Device models").
//   Pinch       max |i| at the instants v crosses zero, i linearly interpolated between the
//               two samples that bracket the crossing (a sample with v = 0 counts as is).
//   R_min/R_max min/max of the resistance column; ratio = R_max / R_min.
//   Set/reset   R_mid = √(R_min·R_max) (geometric mean, the midpoint on a log-R axis).
//               set_voltage   = v at the first crossing of R_mid with R falling (toward low R);
//               reset_voltage = v at the first crossing of R_mid with R rising (toward high R);
//               v is linearly interpolated at the crossing and keeps its sign, so a model that
//               sets at negative bias reports a negative set voltage. Absent (std::nullopt) when
//               R never crosses R_mid in that direction. Robust to noise far from R_mid and
//               independent of the sampling rate, unlike an extremum of dR/dt.
#pragma once

#include <optional>
#include <utility>
#include <vector>

namespace memcosim::characterise {

/// One cycle of a sampled I-V trace; all columns the same length (checked by each function).
struct IvTrace {
  std::vector<double> time_seconds;
  std::vector<double> voltage_volt;
  std::vector<double> current_ampere;
  std::vector<double> resistance_ohm;
};

struct LobeAreas {
  double loopSigned = 0.0;    ///< shoelace area of the whole cycle, sign = orientation (V·A = W)
  double loop = 0.0;          ///< |∮ i dv| = |loop_signed|
  double positiveLobe = 0.0;  ///< |area| of the v ≥ 0 lobe
  double negativeLobe = 0.0;  ///< |area| of the v ≤ 0 lobe
  double lobes = 0.0;         ///< positive_lobe + negative_lobe
};

struct ResistanceMetrics {
  double rMin_ohm = 0.0;
  double rMax_ohm = 0.0;
  double ratio = 0.0;                       ///< R_max / R_min
  std::optional<double> setVoltage_volt;    ///< first R_mid crossing with R falling
  std::optional<double> resetVoltage_volt;  ///< first R_mid crossing with R rising
};

/// Shoelace area of a closed polygon (last point joins the first); positive if counter-clockwise.
double shoelaceArea(const std::vector<double>& x, const std::vector<double>& y);

/// Loop and lobe areas of one cycle (see header comment). Throws std::invalid_argument if
/// voltage and current differ in length or hold fewer than 3 samples.
LobeAreas lobeAreas(const IvTrace& cycle);

/// Largest |i| at the zero crossings of v (see header). 0 if v never crosses zero.
double pinchCurrent(const IvTrace& cycle);

/// R_min, R_max, ratio, set and reset voltages (see header). Throws std::invalid_argument if the
/// resistance column is empty, not positive, or differs in length from the voltage column.
ResistanceMetrics resistanceMetrics(const IvTrace& cycle);

// ---- stimuli ----

/// cycles·pointsPerCycle + 1 instants t_k = k / (frequency·pointsPerCycle), both ends included.
/// Throws std::invalid_argument if frequency ≤ 0, cycles < 1 or pointsPerCycle < 4.
std::vector<double> sampleTimes(double frequency_hertz, int cycles, int points_per_cycle);

/// v(t) = A sin(2π f t).
double sineVoltage(double amplitude_volt, double frequency_hertz, double time_seconds);

/// Triangle of the same period as the sine: 0 at t = 0 rising to +A at T/4, −A at 3T/4, 0 at T.
double triangleVoltage(double amplitude_volt, double frequency_hertz, double time_seconds);

using PwlPoints = std::vector<std::pair<double, double>>;  ///< (time_s, voltage_v) for a PWL source

/// Sine sampled at sampleTimes(frequency, cycles, pointsPerCycle) as PWL corners.
PwlPoints sinePwl(double amplitude_volt, double frequency_hertz, int cycles, int points_per_cycle);

/// Triangle as its exact corners (0, T/4, 3T/4, T per cycle): the PWL source is exact.
PwlPoints trianglePwl(double amplitude_volt, double frequency_hertz, int cycles);

}  // namespace memcosim::characterise
