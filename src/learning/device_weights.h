// EqProp weights realised by memristors: each weight is a device in its read view whose state
// is held by a source altered in place; a requested ΔG becomes programming pulses through the
// device's write dynamics (programming/device_programmer.h), and the state those pulses reach
// is what the circuit reads next. So the model's nonlinearity, asymmetry, bounds and
// variation act on learning, and every pulse is counted.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "learning/weights.h"
#include "programming/device_programmer.h"

namespace memcosim::learning {

struct DeviceWeightSettings {
  std::string model;
  double rOn_ohm = 1e5;                 // 1/G_max
  double ratio = 10.0;                  // R_off/R_on
  std::vector<std::string> parameters;  // "key=value" overrides
  programming::PulseEngine engine = programming::PulseEngine::Native;
  programming::Variation variation;
  int maxPulses = 0;  // 0: the programmer's default
  /// Carry the part of each request that whole pulses did not write (ΔG − n·ΔG_nom) into the
  /// device's next request, as in gradient accumulation for quantised writes (Tan et al.
  /// 2024); without it every request below half a nominal step writes nothing.
  bool accumulate = true;
  /// How pulse counts are chosen (programming/device_programmer.h): StepTable by default, the
  /// count read from the device's tabulated response at its present state, which cancels the
  /// nonlinearity and asymmetry of its steps; OpenLoop counts nominal steps blind to the state;
  /// Verify reads after every pulse.
  programming::WritePolicy write = programming::WritePolicy::StepTable;
};

class DeviceWeights : public WeightBank {
 public:
  /// Fits the device to the window, tabulates its pulse response (with the Ngspice engine in
  /// `session`, before any network is loaded) and draws initial conductances uniformly in
  /// [G_min, G_max] and each device's variation factor from `rng`.
  DeviceWeights(const DeviceWeightSettings& settings, std::size_t count, std::mt19937_64& rng, spice::Session& session);

  [[nodiscard]] std::size_t size() const override { return states_.size(); }
  [[nodiscard]] double conductance(std::size_t w) const override { return programmer_->conductance(states_[w]); }
  [[nodiscard]] double gMin() const override { return programmer_->gMin(); }
  [[nodiscard]] double gMax() const override { return programmer_->gMax(); }
  void apply(std::size_t w, double deltaG) override;
  [[nodiscard]] circuits::WeightValues values() const override;
  void write(solver::DcSolver& circuit, const circuits::WeightSites& sites, std::size_t w) const override;
  [[nodiscard]] std::int64_t pulses() const override { return pulses_; }
  [[nodiscard]] bool linearRead() const override { return linearRead_; }
  /// ∫_a^b h(u) du with h(u) = (∂I/∂x)(u, x_w) / (∂²I/∂x∂v)(0, x_w): the read current's
  /// dependence on the state, normalised to unit slope at zero volts (for I = G(x)·s(v) it is
  /// s(u)/s'(0)), by 4-point Gauss–Legendre quadrature.
  [[nodiscard]] double readCoContent(std::size_t w, double a, double b) const override;
  [[nodiscard]] nlohmann::json save() const override;
  void restore(const nlohmann::json& saved) override;

  [[nodiscard]] double state(std::size_t w) const { return states_[w]; }
  /// Puts device w into state x (inside the window; std::invalid_argument otherwise), as if
  /// programmed there: for tests and finite differences.
  void setState(std::size_t w, double x);
  [[nodiscard]] const programming::DeviceProgrammer& programmer() const { return *programmer_; }

 private:
  std::unique_ptr<programming::DeviceProgrammer> programmer_;
  std::vector<double> states_;
  std::vector<double> factors_;    // device-to-device step factors
  std::vector<double> residuals_;  // requested but not yet written ΔG per device
  bool linearRead_ = true;         // h(u) = u for this model (checked at construction)
  /// (∂²I/∂x∂v)(0, x): the normaliser of h at state x.
  [[nodiscard]] double readSlope(double x) const;
  bool accumulate_ = true;
  programming::WritePolicy write_ = programming::WritePolicy::StepTable;
  std::mt19937_64 rng_;  // cycle-to-cycle draws
  std::int64_t pulses_ = 0;
};

}  // namespace memcosim::learning
