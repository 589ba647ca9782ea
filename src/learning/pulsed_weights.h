// EqProp weights backed by pulse-level devices (devices/pulsed/, after aihwkit): each weight is
// a plain conductance in the circuit, a resistor altered in place as ideal weights are (so the
// read is linear), whose value is what its pulse-level device holds.
//
// Weight w is programming::PulsedProgrammable w, whose device weight ω maps linearly onto the
// conductance window (programming/programmable_device.h):
//     G_w = G_min + (ω − ω_min)/(ω_max − ω_min) · (G_max − G_min),   G_min = G_max / ratio,
// with ω_min, ω_max the kind's nominal bounds. A requested ΔG is written by the programming
// layer's Writer through learning::ProgrammedWeights (policy, residual accumulation, accounts;
// energy and time stay null: a pulse-level pulse has no voltage, current or width).
//
// Construction draws, per device and in order, its device-to-device seed and its initial weight
// ω uniform on [ω_min, ω_max] (so G uniform on [G_min, G_max], as for every bank) from the
// run's generator; the device's cycle-to-cycle and read noise come from the bank's stream.
#pragma once

#include <cstddef>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "devices/pulsed/pulsed_device.h"
#include "learning/programmed_weights.h"
#include "programming/programmable_device.h"
#include "programming/write_policy.h"

namespace memcosim::learning {

struct PulsedWeightSettings {
  std::string device = "soft-bounds";  // a name of devices::pulsed::pulsedDeviceNames()
  /// The device's keys (devices/pulsed/pulsed_device.h: dw_min, w_max, dw_min_dtod, …); not
  /// w_init, since weights start uniformly in the window.
  std::map<std::string, std::string> parameters;
  double gMax_siemens = 1e-5;
  double ratio = 10.0;  // G_max / G_min
  int maxPulses = 0;    // per write; 0: twice the nominal pulses across the bounds
  bool accumulate = true;
  programming::WritePolicy write = programming::WritePolicy::StepTable;
};

class PulsedWeights : public ProgrammedWeights {
 public:
  /// Throws std::invalid_argument for w_init, a factory error, or a device whose lower bound
  /// (spread by w_bound_dtod) would map to a conductance ≤ 0.
  PulsedWeights(const PulsedWeightSettings& settings, std::size_t count, std::mt19937_64& rng);
  PulsedWeights(const PulsedWeights&) = delete;  // the devices are owned
  PulsedWeights& operator=(const PulsedWeights&) = delete;
  PulsedWeights(PulsedWeights&&) = default;
  PulsedWeights& operator=(PulsedWeights&&) = default;
  ~PulsedWeights() override = default;

  [[nodiscard]] std::size_t size() const override { return devices_.size(); }
  [[nodiscard]] double conductance(std::size_t w) const override { return devices_[w].conductance(); }
  [[nodiscard]] double gMin() const override { return gMin_; }
  [[nodiscard]] double gMax() const override { return gMax_; }
  [[nodiscard]] circuits::WeightValues values() const override { return {conductances(), std::nullopt, {}, gMax()}; }
  [[nodiscard]] std::string site(const circuits::WeightSites& sites, std::size_t w) const override;
  [[nodiscard]] double siteValue(std::size_t w) const override;
  [[nodiscard]] nlohmann::json save() const override;
  void restore(const nlohmann::json& saved) override;

  [[nodiscard]] std::optional<SymmetryDrift> symmetryDrift() const override;
  /// Weight w's pulse-level device.
  [[nodiscard]] const devices::pulsed::PulsedDevice& device(std::size_t w) const { return devices_.at(w).device(); }

 private:
  programming::ProgrammableDevice& programmable(std::size_t w) override { return devices_[w]; }

  std::string kind_;  // the device name, checked on restore
  double gMin_, gMax_;
  std::vector<programming::PulsedProgrammable> devices_;
  std::optional<double> initialSymmetryDistance_;  // soft-bounds devices: symmetryDrift().initial
  /// The mean |w − w*| / (w_max − w_min) over soft-bounds devices now; nothing for other kinds.
  [[nodiscard]] std::optional<double> symmetryDistance() const;
};

}  // namespace memcosim::learning
