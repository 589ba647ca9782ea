// The crossbar backpropagation training method: [crossbar] shapes the arrays and their periphery.
//
//   [crossbar]  hidden = [10], activation ("sigmoid", "tanh", "relu"), read_voltage (V),
//               wire_resistance (Ω per segment), transresistance (Ω), dac_bits, adc_bits, adc_range,
//               write_scheme ("isolated", "v/2", "v/3": learning/crossbar_backprop.h),
//               algorithm ("sgd", "tiki-taka" with gamma, transfer_every, transfer_rate; "shd" with
//               hamiltonian_rate; "ttv2" with transfer_every, transfer_rate, buffer_threshold;
//               "c-ttv2" with those and chop_probability: two arrays per layer,
//               learning/crossbar_backprop.h)
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "circuits/crossbar_network.h"
#include "commands/training_method.h"
#include "learning/crossbar_backprop.h"

namespace memcosim::commands {

namespace {

class BackpropMethod : public TrainingMethod {
 public:
  [[nodiscard]] std::string name() const override { return "backprop"; }
  [[nodiscard]] std::string title() const override { return "crossbar backprop"; }

  void readCircuit(io::ConfigTable& root) override {
    auto crossbar = root.table("crossbar");
    arrays_.hidden.clear();
    for (long size : crossbar.integers("hidden", {10}, 1, 100000)) arrays_.hidden.push_back(static_cast<int>(size));
    arrays_.readVoltage_volt = crossbar.number("read_voltage", arrays_.readVoltage_volt, 1e-3, 10.0);
    arrays_.wireResistance_ohm = crossbar.number("wire_resistance", arrays_.wireResistance_ohm, 0.0, 1e6);
    arrays_.transresistance_ohm = crossbar.number("transresistance", arrays_.transresistance_ohm, 1.0, 1e12);
    arrays_.activation = circuits::parseActivation(crossbar.text("activation", "sigmoid", {"sigmoid", "tanh", "relu"}));
    settings_.dacBits = static_cast<int>(crossbar.integer("dac_bits", settings_.dacBits, 0, 32));
    if (settings_.dacBits == 1) crossbar.fail("dac_bits", "must be 0 (ideal drivers) or 2 to 32");
    settings_.adcBits = static_cast<int>(crossbar.integer("adc_bits", settings_.adcBits, 0, 32));
    if (settings_.adcBits == 1) crossbar.fail("adc_bits", "must be 0 (ideal amplifiers) or 2 to 32");
    settings_.adcRange = crossbar.number("adc_range", settings_.adcRange, 1e-6, 1e6);
    settings_.writeScheme =
        learning::parseWriteScheme(crossbar.text("write_scheme", "isolated", {"isolated", "v/2", "v/3"}));
    const std::string algorithm = crossbar.text("algorithm", "sgd", {"sgd", "tiki-taka", "shd", "ttv2", "c-ttv2"});
    settings_.algorithm = learning::parseAlgorithm(algorithm);
    const bool tikiTaka = settings_.algorithm == learning::Algorithm::TikiTaka;
    const bool hamiltonian = settings_.algorithm == learning::Algorithm::Hamiltonian;
    const bool buffered = settings_.algorithm == learning::Algorithm::BufferedTransfer;
    const bool chopped = algorithm == "c-ttv2";
    if (crossbar.has("gamma") && !tikiTaka) crossbar.fail("gamma", "applies to algorithm = \"tiki-taka\" only");
    for (const char* key : {"transfer_every", "transfer_rate"})
      if (crossbar.has(key) && !tikiTaka && !buffered)
        crossbar.fail(key, "applies to algorithm = \"tiki-taka\", \"ttv2\" or \"c-ttv2\" only");
    if (crossbar.has("buffer_threshold") && !buffered)
      crossbar.fail("buffer_threshold", "applies to algorithm = \"ttv2\" or \"c-ttv2\" only");
    if (crossbar.has("chop_probability") && !chopped)
      crossbar.fail("chop_probability", "applies to algorithm = \"c-ttv2\" only (\"ttv2\" is c-TTv2 without choppers)");
    if (crossbar.has("hamiltonian_rate") && !hamiltonian)
      crossbar.fail("hamiltonian_rate", "applies to algorithm = \"shd\" only");
    arrays_.arrays = settings_.algorithm == learning::Algorithm::Sgd ? 1 : 2;
    arrays_.fastGain = tikiTaka ? crossbar.numberAbove("gamma", 0.1, 0.0, 100.0) : 0.0;
    settings_.transferEvery = static_cast<int>(crossbar.integer("transfer_every", settings_.transferEvery, 1, 1000000));
    settings_.transferRate = crossbar.numberAbove("transfer_rate", settings_.transferRate, 0.0, 1e6);
    settings_.hamiltonianRate = crossbar.numberAbove("hamiltonian_rate", settings_.hamiltonianRate, 0.0, 1e6);
    settings_.bufferThreshold = crossbar.numberAbove("buffer_threshold", settings_.bufferThreshold, 0.0, 2.0);
    settings_.chopProbability = chopped ? crossbar.numberAbove("chop_probability", 0.1, 0.0, 1.0) : 0.0;
    if (settings_.algorithm != learning::Algorithm::Sgd && settings_.writeScheme != learning::WriteScheme::Isolated)
      crossbar.fail("write_scheme", "Tiki-Taka, SHD and TTv2 write device by device: use \"isolated\"");
    crossbar.finish();
    section_ = crossbar;
  }

  void readSettings(io::ConfigTable& /*root*/, io::ConfigTable& /*training*/) override {}

  [[nodiscard]] std::unique_ptr<circuits::WeightSites> circuit(int inputs, int outputs) const override {
    circuits::CrossbarNetworkSpec spec = arrays_;
    spec.inputs = inputs;
    spec.outputs = outputs;
    return std::make_unique<circuits::CrossbarNetwork>(spec);
  }

  [[nodiscard]] std::unique_ptr<learning::GradientEstimator> estimator(const circuits::WeightSites& circuit,
                                                                       learning::WeightBank& bank,
                                                                       solver::DcSolver& solver,
                                                                       const learning::Loss& loss,
                                                                       std::uint64_t seed) const override {
    learning::CrossbarSettings settings = settings_;
    settings.loss = loss;
    settings.seed = seed;
    settings.closedForm = solver.name() == "native";
    if (settings.writeScheme != learning::WriteScheme::Isolated && !bank.canDisturb())
      section_->fail("write_scheme",
                     "a parallel write disturbs half-selected devices through a physical model's "
                     "write view; [weights] device must be a physical model (or write_scheme = "
                     "\"isolated\")");
    return std::make_unique<learning::CrossbarBackprop>(solver, dynamic_cast<const circuits::CrossbarNetwork&>(circuit),
                                                        bank, settings);
  }

 private:
  std::optional<io::ConfigTable> section_;  // [crossbar], for errors found once the bank is built
  circuits::CrossbarNetworkSpec arrays_;
  learning::CrossbarSettings settings_;
};

const bool registered = registerTrainingMethod("backprop", [] { return std::make_unique<BackpropMethod>(); });

}  // namespace

}  // namespace memcosim::commands
