// Figures of a conductance-vs-pulse (LTP then LTD) sequence: range, nonlinearity, asymmetry, states.
//
// Nonlinearity follows NeuroSim (MLP_NeuroSim V3.0, Chen, Peng & Yu, IEEE TCAD 2018). NeuroSim
// models potentiation as
//     G(P) = B (1 − e^{−P/A}) + G_min,   B = (G_max − G_min) / (1 − e^{−P_max/A}),
// and depression as the mirror image. With x = P/P_max, y = (G − G_start)/(G_end − G_start) and
// c = P_max/A (c = 1/normalised A) one branch is
//     y(x; c) = (1 − e^{−c x}) / (1 − e^{−c}),   c → 0 gives the line y = x.
// Here c is fitted by least squares to each branch separately (LTP from its first to its last
// sample, LTD likewise, measured as the fraction of its own swing covered after x·P_max pulses),
// so c > 0 means large steps first then saturation (the usual shape of both branches) and c < 0
// the opposite curvature.
//
// NeuroSim labels a curve by a "nonlinearity" NL tabulated against normalised A in
// documents/Nonlinearity-NormA.htm of neurosim/MLP_NeuroSim_V3.0 (NL 0.01 … 9, A/P_max 126.27 …).
// That table satisfies, to 0.05 % at every point checked (NL 0.01, 0.1, 1.51, 3.01, 4.51, 6.01,
// 7.51), NL = 10.1 · D(c) with D(c) = max_x |y(x; c) − x| the largest deviation of the
// normalised curve from the straight line, which in closed form is
//     D(c) = 1/(1 − e^{−c}) − 1/c − ln(c/(1 − e^{−c}))/c   (c > 0; D(−c) = D(c)).
// We use this relation (empirical constant 10.1 read off the table, not a formula NeuroSim
// states) with the sign of c: nl = sign(c)·10.1·D(|c|). NeuroSim's parameter files quote the LTD
// label with a negative sign for a saturating depression curve (e.g. NL_LTD = −4.88); our nl_ltd
// is +4.88 for that curve, i.e. NeuroSim's NL_LTD = −nl_ltd.
//
// Asymmetry = |nl_ltp − nl_ltd| (0 when both branches have the same shape; our own definition).
// States = number of distinguishable conductance levels: all samples sorted, a new level counted
// whenever a sample exceeds the last counted level by more than `resolution` (default 0.5 % of
// G_max − G_min; pass the read-noise σ, or a multiple of it, to count levels a read can resolve).
#pragma once

#include <vector>

namespace memcosim::characterise {

struct PulseMetrics {
  double gMin_siemens = 0.0;
  double gMax_siemens = 0.0;
  double cLtp = 0.0;       ///< fitted P_max/A of the LTP branch (0 = linear)
  double cLtd = 0.0;       ///< fitted P_max/A of the LTD branch
  double nlLtp = 0.0;      ///< NeuroSim-style label, sign(c)·10.1·D(|c|)
  double nlLtd = 0.0;      ///< same convention (NeuroSim's NL_LTD = −nl_ltd)
  double asymmetry = 0.0;  ///< |nl_ltp − nl_ltd|
  int states = 0;          ///< distinguishable levels at `resolution_siemens`
  double resolution_siemens = 0.0;
};

/// The normalised branch y(x; c) (see header).
double normalisedBranch(double x, double c);

/// Largest deviation D(c) of the normalised branch from y = x.
double maximumDeviation(double c);

/// NeuroSim's NL label for c = P_max/A: sign(c)·10.1·D(|c|).
double neurosimNonlinearity(double c);

/// Inverse of neurosimNonlinearity: the c whose label is `nl` (bisection on |c| ≤ 500, i.e.
/// |nl| < 9.95; NeuroSim's table stops at 9). Throws std::invalid_argument outside that range.
double neurosimCurvature(double nl);

/// Least-squares c for one branch (samples at pulses 0 … n−1). Throws std::invalid_argument if
/// fewer than 3 samples or the first and last are equal.
double fitCurvature(const std::vector<double>& branch_siemens);

/// Levels separated by more than `resolution` (see header).
int distinguishableStates(std::vector<double> conductances_siemens, double resolution_siemens);

/// All figures from an LTP branch followed by an LTD branch. resolution ≤ 0 selects the default
/// 0.5 % of the range.
PulseMetrics pulseMetrics(const std::vector<double>& ltp_siemens, const std::vector<double>& ltd_siemens,
                          double resolution_siemens = 0.0);

}  // namespace memcosim::characterise
