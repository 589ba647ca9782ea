// The conductances of a circuit's weights, and how a change reaches the circuit.
//
// A WeightBank owns one conductance per weight. apply() asks for a change ΔG and decides what
// is actually written: IdealWeights clips to [G_min, G_max]; a device bank turns ΔG into
// programming pulses through a memristor model (learning/device_weights.h). A bank knows the
// circuit only through its weight sites (circuits/weight_sites.h): values() is what the
// circuit is built from, and write() puts one weight's present value into the loaded circuit
// in place (`alter` at the weight's site), never re-parsing it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <vector>

#include "circuits/weight_sites.h"
#include "programming/programmable_device.h"
#include "programming/pulse_scheme.h"
#include "spice/netlist.h"

namespace memcosim::solver {
class DcSolver;
}

namespace memcosim::learning {

class WeightBank {
 public:
  virtual ~WeightBank() = default;
  [[nodiscard]] virtual std::size_t size() const = 0;
  [[nodiscard]] virtual double conductance(std::size_t w) const = 0;
  [[nodiscard]] virtual double gMin() const = 0;
  [[nodiscard]] virtual double gMax() const = 0;
  /// Applies a requested change of weight w's conductance (siemens).
  virtual void apply(std::size_t w, double deltaG) = 0;
  /// The present weights as a circuit is built from them.
  [[nodiscard]] virtual circuits::WeightValues values() const = 0;
  /// The element that realises weight w in a circuit `sites` builds (a resistor, or a device's
  /// state source), and the value written there in place: 1/G, or the device's state.
  [[nodiscard]] virtual std::string site(const circuits::WeightSites& sites, std::size_t w) const = 0;
  [[nodiscard]] virtual double siteValue(std::size_t w) const = 0;
  /// The whole circuit as a deck with the present weights (and `inputs` on the sources).
  [[nodiscard]] spice::Netlist netlist(const circuits::WeightSites& sites,
                                       const std::vector<double>& inputs = {}) const {
    return sites.netlist(values(), inputs);
  }
  /// Whether every weight conducts I = G·ΔV (an ideal resistor, or a device whose read current
  /// is linear in the voltage): then EqProp's estimate is the quadratic one (learning/eqprop.h).
  [[nodiscard]] virtual bool linearRead() const { return true; }
  /// ∫_a^b h_w(u) du, where weight w conducts I = G_w·h_w(ΔV) + (terms that do not depend on
  /// G_w) near its present state: ∂/∂G_w of its co-content between drops a and b (volts²).
  /// (b² − a²)/2 for a linear read.
  [[nodiscard]] virtual double readCoContent(std::size_t w, double a, double b) const;
  /// Pulses, writes, energy and time of every write so far, summed over the weights; nothing
  /// for ideal conductances, which are set without pulses.
  [[nodiscard]] virtual std::optional<programming::WriteAccount> writeTotals() const { return std::nullopt; }
  /// The same per weight (empty for ideal conductances).
  [[nodiscard]] virtual std::vector<programming::WriteAccount> writeAccounts() const { return {}; }
  /// Whether disturb() applies: devices of a physical model, whose write view can be driven by
  /// any voltage. Ideal conductances and pulse-level devices know only their own pulses.
  [[nodiscard]] virtual bool canDisturb() const { return false; }
  /// The programming pulses of a bank that canDisturb() (amplitudes, widths).
  [[nodiscard]] virtual programming::PulseScheme pulseScheme() const;
  /// `count` pulses of `amplitude_volt` and `width_seconds` across weight w that were meant
  /// for other devices (a half-selected device in a crossbar's parallel write): its state moves
  /// as the model's write view moves it, and no account counts them. std::logic_error unless
  /// canDisturb().
  virtual void disturb(std::size_t w, double amplitude_volt, double width_seconds, int count);
  /// Where devices with a symmetry point (soft-bounds) sit relative to it: the mean of
  /// |w − w*| / (w_max − w_min) over them, at the weights' initial draw and now. Plain SGD on
  /// asymmetric devices drifts the weights towards w*; nothing for banks without such devices.
  struct SymmetryDrift {
    double initial = 0.0;
    double now = 0.0;
  };
  [[nodiscard]] virtual std::optional<SymmetryDrift> symmetryDrift() const { return std::nullopt; }
  /// Programming pulses applied so far (0 for ideal conductances).
  [[nodiscard]] std::int64_t pulses() const {
    const auto totals = writeTotals();
    return totals ? totals->pulses : 0;
  }
  /// Checkpoint: every value needed to carry on exactly.
  [[nodiscard]] virtual nlohmann::json save() const = 0;
  virtual void restore(const nlohmann::json& saved) = 0;
  [[nodiscard]] std::vector<double> conductances() const;
};

/// Ideal conductances set directly, clipped to [G_min, G_max].
class IdealWeights : public WeightBank {
 public:
  /// Conductances drawn uniformly from [G_min, G_max] with `rng`.
  IdealWeights(std::size_t count, double gMin, double gMax, std::mt19937_64& rng);
  [[nodiscard]] std::size_t size() const override { return g_.size(); }
  [[nodiscard]] double conductance(std::size_t w) const override { return g_[w]; }
  [[nodiscard]] double gMin() const override { return gMin_; }
  [[nodiscard]] double gMax() const override { return gMax_; }
  void set(std::size_t w, double g);
  void apply(std::size_t w, double deltaG) override { set(w, g_[w] + deltaG); }
  [[nodiscard]] circuits::WeightValues values() const override { return {g_, std::nullopt, {}, gMax_}; }
  [[nodiscard]] std::string site(const circuits::WeightSites& sites, std::size_t w) const override;
  [[nodiscard]] double siteValue(std::size_t w) const override;
  [[nodiscard]] nlohmann::json save() const override;
  void restore(const nlohmann::json& saved) override;

 private:
  std::vector<double> g_;
  double gMin_, gMax_;
};

}  // namespace memcosim::learning
