// The MEMprop training method: a spiking network of memristive neurons trained by BPTT through
// the discretised device dynamics (circuits/spiking_network.h, learning/spiking_bptt.h).
//
//   [snn]         hidden = [10], steps, dt (s), substeps, encoding ("direct", "latency", "rate"),
//                 latency_width (steps), spike_voltage (V), bias_voltage (V),
//                 output_transresistance (Ω), readout ("membrane": mean output membrane
//                 voltage; "spike_count": soft count of the output spikes), count_width (the
//                 count's smoothing of the spike level, in state units), ngspice_check (test
//                 samples also run as an ngspice transient after training; 0: none),
//                 program_device (a physical model: after training with ideal conductances,
//                 devices are written to the learned conductances by write-verify and the test
//                 set is classified again)
//   [snn.neuron]  capacitance (F), reversal1, reversal2 (V), spike_level, and any
//                 threshold-switch parameter (`memcosim models show threshold-switch`)
#include <memory>
#include <optional>
#include <string>

#include "circuits/spiking_network.h"
#include "commands/training_method.h"
#include "learning/spiking_bptt.h"
#include "programming/weight_models.h"

namespace memcosim::commands {

namespace {

class MempropMethod : public TrainingMethod {
 public:
  [[nodiscard]] std::string name() const override { return "memprop"; }
  [[nodiscard]] std::string title() const override { return "MEMprop BPTT"; }

  void setInputRange(double low, double high) override {
    spec_.inputLow_volt = low;
    spec_.inputHigh_volt = high;
  }

  void readCircuit(io::ConfigTable& root) override {
    auto snn = root.table("snn");
    spec_.hidden.clear();
    for (long size : snn.integers("hidden", {10}, 1, 100000)) spec_.hidden.push_back(static_cast<int>(size));
    spec_.grid.steps = static_cast<int>(snn.integer("steps", spec_.grid.steps, 1, 100000));
    spec_.grid.dt_s = snn.numberAbove("dt", spec_.grid.dt_s, 0.0, 1.0);
    spec_.grid.substeps = static_cast<int>(snn.integer("substeps", spec_.grid.substeps, 2, 100000));
    spec_.encoding = circuits::parseSpikeEncoding(snn.text("encoding", "direct", {"direct", "latency", "rate"}));
    if (snn.has("latency_width") && spec_.encoding != circuits::SpikeEncoding::Latency)
      snn.fail("latency_width", "applies to encoding = \"latency\" only");
    spec_.latencyWidth = static_cast<int>(snn.integer("latency_width", spec_.latencyWidth, 1, spec_.grid.steps));
    spec_.spikeVoltage_volt = snn.number("spike_voltage", spec_.spikeVoltage_volt, -10.0, 10.0);
    spec_.biasVoltage_volt = snn.number("bias_voltage", spec_.biasVoltage_volt, -10.0, 10.0);
    spec_.outputTransresistance_ohm =
        snn.numberAbove("output_transresistance", spec_.outputTransresistance_ohm, 0.0, 1e12);
    spec_.readout = circuits::parseSpikeReadout(snn.text("readout", "membrane", {"membrane", "spike_count"}));
    if (snn.has("count_width") && spec_.readout != circuits::SpikeReadout::SpikeCount)
      snn.fail("count_width", "applies to readout = \"spike_count\" only");
    spec_.countWidth = snn.numberAbove("count_width", spec_.countWidth, 0.0, 1.0);
    spec_.checkSamples = static_cast<int>(snn.integer("ngspice_check", spec_.checkSamples, 0, 1000000));
    // Left out: no programming. Given, one of the physical models (the error lists them).
    spec_.programDevice = snn.text("program_device", "", programming::weightModelNames());
    if (snn.has("neuron")) {
      auto neuron = snn.table("neuron");
      spec_.neuron.capacitance_F = neuron.numberAbove("capacitance", spec_.neuron.capacitance_F, 0.0, 1.0);
      spec_.neuron.reversal_V[0] = neuron.number("reversal1", spec_.neuron.reversal_V[0], -100.0, 100.0);
      spec_.neuron.reversal_V[1] = neuron.number("reversal2", spec_.neuron.reversal_V[1], -100.0, 100.0);
      spec_.neuron.spikeLevel = neuron.numberAbove("spike_level", spec_.neuron.spikeLevel, 0.0, 1.0);
      for (const auto& parameter : spec_.neuron.device.model().parameters)
        if (neuron.has(parameter.name)) {
          const double value = neuron.number(parameter.name, 0.0, parameter.minimum, parameter.maximum);
          spec_.neuron.device.set(parameter.name, value);
        }
      neuron.finish();
    }
    try {
      circuits::SpikingNetworkSpec check = spec_;
      check.inputs = 1;
      check.outputs = 2;
      (void)circuits::SpikingNetwork(check);  // the neuron, grid and voltages, named in the error
    } catch (const std::exception& e) {
      const std::string message = e.what();
      snn.fail(message.find("substep") != std::string::npos ? "substeps" : "neuron", message);
    }
    snn.finish();
  }

  void readSettings(io::ConfigTable& /*root*/, io::ConfigTable& /*training*/) override {}

  [[nodiscard]] std::unique_ptr<circuits::WeightSites> circuit(int inputs, int outputs) const override {
    circuits::SpikingNetworkSpec spec = spec_;
    spec.inputs = inputs;
    spec.outputs = outputs;
    return std::make_unique<circuits::SpikingNetwork>(spec);
  }

  [[nodiscard]] std::unique_ptr<learning::GradientEstimator> estimator(const circuits::WeightSites& circuit,
                                                                       learning::WeightBank& bank,
                                                                       solver::DcSolver& /*solver*/,
                                                                       const learning::Loss& loss,
                                                                       std::uint64_t /*seed*/) const override {
    return std::make_unique<learning::SpikingBptt>(dynamic_cast<const circuits::SpikingNetwork&>(circuit), bank, loss);
  }

 private:
  circuits::SpikingNetworkSpec spec_;
};

const bool registered = registerTrainingMethod("memprop", [] { return std::make_unique<MempropMethod>(); });

}  // namespace

}  // namespace memcosim::commands
