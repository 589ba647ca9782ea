// The EqProp training method: [network] shapes the network, [eqprop] holds the nudge.
//
//   [network]  hidden = [10], bias_voltage, diode_shift, diode_saturation, amplifier_gain
//   [eqprop]   beta (siemens), amplifier_correction
//
// Configs written before `method` existed keep beta and amplifier_correction in [training];
// they are read there too, and a field set in both places is an error.
#include <limits>
#include <memory>
#include <string>

#include "circuits/eqprop_network.h"
#include "commands/training_method.h"
#include "learning/eqprop.h"

namespace memcosim::commands {

namespace {

class EqPropMethod : public TrainingMethod {
 public:
  [[nodiscard]] std::string name() const override { return "eqprop"; }
  [[nodiscard]] std::string title() const override { return "EqProp"; }

  void readCircuit(io::ConfigTable& root) override {
    auto network = root.table("network");
    network_.hidden.clear();
    for (long size : network.integers("hidden", {10}, 1, 100000)) network_.hidden.push_back(static_cast<int>(size));
    network_.biasVoltage_volt = network.number("bias_voltage", network_.biasVoltage_volt, 1e-6, 100.0);
    network_.diodeShift_volt = network.number("diode_shift", network_.diodeShift_volt, 0.0, 100.0);
    network_.diodeSaturation_ampere = network.number("diode_saturation", network_.diodeSaturation_ampere, 1e-20, 1e-3);
    network_.amplifierGain = network.number("amplifier_gain", network_.amplifierGain, 1e-3, 1e3);
    network.finish();
  }

  void readSettings(io::ConfigTable& root, io::ConfigTable& training) override {
    auto section = root.table("eqprop");
    for (const char* key : {"beta", "amplifier_correction"})
      if (section.has(key) && training.has(key))
        section.fail(key, std::string("also set in [training]; keep it here only"));
    auto& beta = section.has("beta") ? section : training;
    settings_.beta_siemens = beta.number("beta", settings_.beta_siemens, 1e-18, std::numeric_limits<double>::max());
    auto& correction = section.has("amplifier_correction") ? section : training;
    settings_.amplifierCorrection = correction.flag("amplifier_correction", settings_.amplifierCorrection);
    section.finish();
  }

  [[nodiscard]] std::unique_ptr<circuits::WeightSites> circuit(int inputs, int outputs) const override {
    circuits::EqPropNetworkSpec spec = network_;
    spec.inputs = inputs;
    spec.outputs = outputs;
    return std::make_unique<circuits::EqPropNetwork>(spec);
  }

  [[nodiscard]] std::unique_ptr<learning::GradientEstimator> estimator(const circuits::WeightSites& circuit,
                                                                       learning::WeightBank& bank,
                                                                       solver::DcSolver& solver,
                                                                       const learning::Loss& loss,
                                                                       std::uint64_t /*seed*/) const override {
    learning::EqPropSettings settings = settings_;
    settings.loss = loss;
    return std::make_unique<learning::EqProp>(solver, dynamic_cast<const circuits::EqPropNetwork&>(circuit), bank,
                                              settings);
  }

 private:
  circuits::EqPropNetworkSpec network_;
  learning::EqPropSettings settings_;
};

const bool registered = registerTrainingMethod("eqprop", [] { return std::make_unique<EqPropMethod>(); });

}  // namespace

}  // namespace memcosim::commands
