// What every bank of programmed devices shares: weight w is device w, a requested ΔG goes to the
// programming layer's Writer (programming/write_policy.h: the policy, residual accumulation,
// per-device write accounts), and the pulses draw their noise from the bank's own stream.
//
// Call map (a derived bank supplies the devices):
//   ProgrammedWeights(count, policy, accumulate, electrical, rng)   draws the noise stream's seed
//   apply(w, ΔG) → writer.write(w, programmable(w), ΔG, rng) → moved(w) if a pulse was applied
//   save()    → saveProgramming() + the bank's device states
//   restore() → the bank checks its states → restoreProgramming(saved, residualLimit)
//               → the bank sets its states
// Banks: learning::DeviceWeights (physical models in read views, device_weights.h) and
// learning::PulsedWeights (pulse-level devices behind plain conductances, pulsed_weights.h).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <vector>

#include "learning/weights.h"
#include "programming/programmable_device.h"
#include "programming/write_policy.h"

namespace memcosim::learning {

class ProgrammedWeights : public WeightBank {
 public:
  /// Writes ΔG + the carried residual into device w through the policy and counts it.
  void apply(std::size_t w, double deltaG) override;
  [[nodiscard]] std::optional<programming::WriteAccount> writeTotals() const override { return writer_.totals(); }
  [[nodiscard]] std::vector<programming::WriteAccount> writeAccounts() const override;
  [[nodiscard]] const programming::Writer& writer() const { return writer_; }

 protected:
  /// `count` devices written by `policy`; the noise stream's seed is the next draw of `rng`.
  ProgrammedWeights(std::size_t count, programming::WritePolicy policy, bool accumulate, bool electrical,
                    std::mt19937_64& rng);

  /// Device w as the write policies see it.
  virtual programming::ProgrammableDevice& programmable(std::size_t w) = 0;
  /// Called after pulses changed device w.
  virtual void moved(std::size_t /*w*/) {}

  /// Checkpoint of the writer (residuals, accounts), the noise stream and the pulse total.
  [[nodiscard]] nlohmann::json saveProgramming() const;
  /// Restores what saveProgramming() wrote. Throws std::runtime_error naming the field, with
  /// nothing changed, if the stream is not a generator state or a residual exceeds
  /// `residualLimit` (siemens, one pulse's largest step).
  void restoreProgramming(const nlohmann::json& saved, double residualLimit);

 private:
  programming::Writer writer_;
  std::mt19937_64 rng_;  // cycle-to-cycle and read-noise draws
};

}  // namespace memcosim::learning
