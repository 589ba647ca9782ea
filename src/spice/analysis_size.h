// How many output points an analysis will produce, estimated from its card before ngspice runs it.
//
//   .tran tstep tstop [tstart [tmax]]   (tstop − tstart) / min(tstep, tmax) + 1
//   .dc src start stop step [src2 …]    (|stop − start| / |step| + 1) per source, multiplied
//   .ac / .noise / .sp dec|oct|lin n f1 f2   n·log10(f2/f1) + 1, n·log2(f2/f1) + 1, or n
//   anything else (.op, .tf, .sens, …)  1
// ngspice's transient may take more (smaller) steps than this where the circuit needs them,
// so the estimate is a lower bound for .tran and exact for the others.
#pragma once

#include <optional>
#include <string>

namespace memcosim::spice {

/// The points `analysis` (a card ".tran 1n 1" or a control command "tran 1n 1") will produce,
/// or nothing when its arguments are not plain numbers (parameters, expressions).
std::optional<double> estimatedPoints(const std::string& analysis);

}  // namespace memcosim::spice
