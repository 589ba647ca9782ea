// EqProp weights realised by memristors: each weight is a device in its read view whose state
// is held by a source altered in place. This bank only maps weights to devices: weight w is
// programming::PhysicalDevice w (programming/physical_device.h), a requested ΔG goes to the
// programming layer's Writer through learning::ProgrammedWeights (programmed_weights.h), and
// the state the pulses reach is what the circuit reads next. So the model's nonlinearity,
// asymmetry, bounds and variation act on learning, and every pulse is counted.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "learning/programmed_weights.h"
#include "programming/device_programmer.h"
#include "programming/physical_device.h"
#include "programming/write_policy.h"

namespace memcosim::learning {

struct DeviceWeightSettings {
  std::string model;
  double rOn_ohm = 1e5;                 // 1/G_max
  double ratio = 10.0;                  // R_off/R_on
  std::vector<std::string> parameters;  // "key=value" overrides
  programming::PulseEngine engine = programming::PulseEngine::Native;
  devices::Variation variation;  // boundDeviceToDevice must be 0 (physical devices)
  int maxPulses = 0;             // 0: the programmer's default
  /// Residual accumulation (programming/write_policy.h); without it every request below half
  /// a pulse's step writes nothing.
  bool accumulate = true;
  /// The write policy (programming/write_policy.h): StepTable by default, which cancels the
  /// nonlinearity and asymmetry of the steps; OpenLoop counts nominal steps blind to the state;
  /// Verify reads after every pulse.
  programming::WritePolicy write = programming::WritePolicy::StepTable;
};

class DeviceWeights : public ProgrammedWeights {
 public:
  /// Fits the device to the window, tabulates its pulse response (with the Ngspice engine in
  /// `session`, before any network is loaded) and draws initial conductances uniformly in
  /// [G_min, G_max] and each device's step factor and stuck-at fault from `rng` (nothing for
  /// an ideal variation).
  DeviceWeights(const DeviceWeightSettings& settings, std::size_t count, std::mt19937_64& rng, spice::Session& session);

  [[nodiscard]] std::size_t size() const override { return devices_.size(); }
  [[nodiscard]] double conductance(std::size_t w) const override { return devices_[w].conductance(); }
  [[nodiscard]] double gMin() const override { return programmer_->gMin(); }
  [[nodiscard]] double gMax() const override { return programmer_->gMax(); }
  [[nodiscard]] circuits::WeightValues values() const override;
  [[nodiscard]] std::string site(const circuits::WeightSites& sites, std::size_t w) const override;
  [[nodiscard]] double siteValue(std::size_t w) const override;
  [[nodiscard]] bool linearRead() const override { return linearRead_; }
  /// ∫_a^b h(u) du with h(u) = (∂I/∂x)(u, x_w) / (∂²I/∂x∂v)(0, x_w): the read current's
  /// dependence on the state, normalised to unit slope at zero volts (for I = G(x)·s(v) it is
  /// s(u)/s'(0)), by 4-point Gauss–Legendre quadrature.
  [[nodiscard]] double readCoContent(std::size_t w, double a, double b) const override;
  [[nodiscard]] nlohmann::json save() const override;
  void restore(const nlohmann::json& saved) override;

  /// Device w's hidden state (the one its pulses act on).
  [[nodiscard]] double state(std::size_t w) const { return devices_[w].state(); }
  /// Puts device w into state x (inside the window; std::invalid_argument otherwise), as if
  /// programmed there: for tests and finite differences.
  void setState(std::size_t w, double x);
  [[nodiscard]] const programming::DeviceProgrammer& programmer() const { return *programmer_; }
  [[nodiscard]] bool canDisturb() const override { return true; }
  [[nodiscard]] programming::PulseScheme pulseScheme() const override { return programmer_->scheme(); }
  /// Each pulse as the programming pulses are applied, from the programmer's table of one such
  /// pulse (DeviceProgrammer::pulseTable, tabulated on the first use of each amplitude and
  /// width), scaled by the device's factor, without cycle-to-cycle noise; a stuck device stays.
  void disturb(std::size_t w, double amplitude_volt, double width_seconds, int count) override;

 private:
  programming::ProgrammableDevice& programmable(std::size_t w) override { return devices_[w]; }
  void moved(std::size_t w) override { stateChanged(w); }
  /// (∂²I/∂x∂v)(0, x): the normaliser of h at state x.
  [[nodiscard]] double readSlope(double x) const;
  /// Recomputes readSlopes_[w] after device w's visible state changed (nonlinear reads only).
  void stateChanged(std::size_t w);

  std::unique_ptr<programming::DeviceProgrammer> programmer_;  // shared by every device; outlives them
  std::vector<programming::PhysicalDevice> devices_;
  bool linearRead_ = true;          // h(u) = u for this model (checked at construction)
  std::vector<double> readSlopes_;  // readSlope of each device's visible state (nonlinear reads)
  /// (amplitude, width) → DeviceProgrammer::pulseTable of that pulse.
  std::map<std::pair<double, double>, std::vector<double>> disturbTables_;
};

}  // namespace memcosim::learning
