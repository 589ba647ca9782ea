// Write policies: how many pulses a requested ΔG becomes, for any programmable device.
//
// Call map:
//   Writer writer(devices, policy, accumulate, electrical)      one per bank of devices
//   per update:  writer.write(i, device_i, ΔG, rng)             → WriteResult, counted
//                └ write(device, policy, ΔG + r_i, rng)         the policy alone, no memory
//   writer.account(i), writer.totals()                          pulses, writes, energy, time
//
// Policies (ΔG_nom = device.nominalStep(), n_max = device.maxPulses(), polarity sign(ΔG)):
//   OpenLoop   n = min(round(|ΔG| / ΔG_nom), n_max). The count depends on ΔG alone, blind to
//              the state: the device's nonlinearity (the conductance step of one pulse varies
//              along the window), its asymmetry and its bounds all act on what is written.
//   StepTable  n from the device's own step table at its present state, without reading it
//              (device.walkNominal): nominal pulses are stepped from G until one more would be
//              expected to overshoot the target G + ΔG (clamped to [G_min, G_max]) by more than
//              it closes. This is the step table a calibrated programmer keeps per conductance:
//              it cancels the nonlinearity and asymmetry the table knows; variation and the
//              bounds remain.
//   Verify     write-verify: read (with read noise), and while one more pulse of the expected
//              step from the present state would bring the read closer to the target, apply
//              it, up to n_max: variation is corrected too, at the cost of a read per pulse.
//   Siamese    (Tan et al., Cogn. Neurodyn. 2024; in the Writer, with its own memory) a float
//              twin T_i of each device takes every requested ΔG unquantised (T ← clamp(T + ΔG,
//              G_min, G_max), starting at the device's conductance): gradient accumulation with
//              the quantisation error carried. T is quantised to the device's levels, G_min + k·ΔG_nom;
//              only when its level k changes is the device written, closed loop (write-verify, as
//              Verify) to its new level. Writes are sparse: a device whose level stays is not touched.
// A pulse is worth applying only if its expected step s moves towards the remaining distance
// D, by more than kStalledStep·ΔG_nom (a state creeping towards its bound closes a fixed share
// of the distance left and would take pulses without end), and |D| > |s|/2.
// WriteResult::believed is the conductance change the policy takes as written (n·ΔG_nom, the
// table's prediction, or the read-back).
//
// Residual accumulation (Writer, when `accumulate`): the part of a request the policy did not
// take as written, r = ΔG + r_prev − believed, is carried into the device's next request,
// as in gradient accumulation for quantised writes (Tan et al. 2024), clamped to one pulse's
// worth: ΔG_nom for open loop, else the step of one nominal pulse from the new state in r's
// direction, so a request too small for one local pulse still builds up to it, and at a bound
// (step 0) the residual is dropped instead of piling up against a device that cannot follow.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "programming/programmable_device.h"

namespace memcosim::programming {

/// How the pulse count of a write is chosen (see the header comment).
enum class WritePolicy { OpenLoop, StepTable, Verify, Siamese };

/// A pulse whose expected conductance step is below this share of the nominal step is taken as
/// stalled against a bound (the smallest steps inside the windows of the library's physical
/// models are above 0.15 of the nominal step).
inline constexpr double kStalledStep = 0.01;

struct WriteResult {
  PulseRecord record;       // pulses applied, their energy and time
  double believed_siemens;  // the change the policy takes as written
};

/// Writes ΔG (siemens) into `device` by `policy` (Siamese needs a Writer's twin: here it writes
/// as Verify). Throws std::invalid_argument for a non-finite ΔG.
WriteResult write(ProgrammableDevice& device, WritePolicy policy, double deltaG_siemens, std::mt19937_64& rng);

/// OpenLoop's count for `device`: min(round(|ΔG| / ΔG_nom), maxPulses).
int openLoopPulses(const ProgrammableDevice& device, double deltaG_siemens);

/// The conductance change of one nominal pulse of `polarity` from the device's present state.
double nominalStepFrom(const ProgrammableDevice& device, Polarity polarity);

/// A policy applied to a bank of devices, with residual accumulation and per-device accounts.
class Writer {
 public:
  /// `count` devices; `electrical`: their pulses have energy and time (accounts start at 0,
  /// else they stay null).
  Writer(std::size_t count, WritePolicy policy, bool accumulate, bool electrical);

  /// Writes ΔG + r_i into device i (the header comment) and counts what it took.
  WriteResult write(std::size_t i, ProgrammableDevice& device, double deltaG_siemens, std::mt19937_64& rng);

  [[nodiscard]] std::size_t size() const { return accounts_.size(); }
  [[nodiscard]] WritePolicy policy() const { return policy_; }
  [[nodiscard]] const WriteAccount& account(std::size_t i) const { return accounts_.at(i); }
  [[nodiscard]] WriteAccount totals() const;
  [[nodiscard]] double residual(std::size_t i) const { return residuals_.at(i); }
  /// Device i's float twin (Siamese; NaN before its first write).
  [[nodiscard]] double twin(std::size_t i) const { return twins_.at(i); }

  /// Checkpoint: residuals and accounts.
  [[nodiscard]] nlohmann::json save() const;
  /// Throws std::runtime_error naming the field if `saved` does not fit `count` devices or a
  /// residual exceeds `residualLimit` (siemens) or is not finite.
  void restore(const nlohmann::json& saved, double residualLimit);

 private:
  WritePolicy policy_;
  bool accumulate_;
  std::vector<double> residuals_;  // requested but not yet written ΔG per device
  std::vector<double> twins_;      // Siamese: the float twin per device (NaN: not yet started)
  std::vector<WriteAccount> accounts_;
};

}  // namespace memcosim::programming
