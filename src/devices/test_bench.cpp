// The device test bench deck, its ngspice run, and the standalone I-V bench decks.
#include "devices/test_bench.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "devices/model_views.h"
#include "devices/native_device.h"
#include "io/atomic_file.h"
#include "io/number.h"
#include "io/text.h"
#include "spice/printer.h"
#include "spice/session.h"

namespace memcosim::devices {
namespace {

constexpr const char* kSource = "Vsource";
constexpr const char* kSeriesResistor = "Rseries";
constexpr const char* kDevice = "Xdevice";
constexpr const char* kInputNode = "in";
constexpr const char* kDeviceNode = "dev";

/// ngspice's vector of the current through the drive (from + through the source: −device current).
std::string sourceCurrentVector() { return "i(" + io::lowerCase(kSource) + ")"; }

/// ngspice's vector of the write view's state node x inside the device instance.
std::string stateVector() { return io::lowerCase(kDevice) + ".x"; }

}  // namespace

TestBench testBench(const ModelDefinition& model, const TestBenchSetup& setup) {
  if (!(setup.seriesResistance_ohm >= 0.0) || !std::isfinite(setup.seriesResistance_ohm))
    throw std::invalid_argument("series resistance must be finite and >= 0");
  TestBench bench{spice::Netlist(setup.title), kInputNode};
  const std::string subcircuit = writeViewName(model);
  if (setup.library.empty())
    bench.deck.addSubcircuit(writeView(model, subcircuit));
  else
    bench.deck.addInclude(setup.library);
  spice::VoltageSource drive{{kSource, kInputNode, "0", waveformValue(setup.source, 0.0)}};
  drive.waveform = setup.source;
  bench.deck.add(drive);
  if (setup.seriesResistance_ohm > 0.0) {
    bench.deck.add(spice::Resistor{kSeriesResistor, kInputNode, kDeviceNode, setup.seriesResistance_ohm});
    bench.deviceNode = kDeviceNode;
  }
  bench.deck.add(spice::SubcircuitInstance{kDevice, {bench.deviceNode, "0"}, subcircuit, setup.instance});
  bench.deck.setOption("reltol", setup.reltol);
  return bench;
}

Trace simulateNgspice(spice::Session& session, const ParameterSet& parameters, const spice::Waveform& source,
                      const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0, double reltol) {
  const ModelDefinition& model = parameters.model();
  if (sampleTimes.size() < 2) throw std::invalid_argument("simulateNgspice needs two or more samples");
  const NativeDevice device(parameters);  // checks the parameters
  parameters.checkInitialState(x0);
  spice::ParameterList instance = instanceParameters(parameters.values());
  instance.emplace_back("x0", x0);
  const TestBench bench = testBench(model, {.title = "memcosim device check: " + model.name,
                                            .source = source,
                                            .seriesResistance_ohm = seriesResistance_ohm,
                                            .instance = std::move(instance),
                                            .reltol = reltol});
  session.load(bench.deck);

  const double spacing = sampleTimes[1] - sampleTimes[0];
  const spice::Plot plot = session.transient(spacing, sampleTimes.back(), 0.0, spacing, true);
  const auto& time = plot.vector("time").real;
  std::vector<double> current = plot.vector(sourceCurrentVector()).real;
  for (double& i : current) i = -i;  // i(Vsource) flows from + through the source: −(device current)

  Trace trace;
  trace.time = sampleTimes;
  trace.voltage = resample(time, plot.vector(bench.deviceNode).real, sampleTimes);
  trace.current = resample(time, current, sampleTimes);
  trace.state = resample(time, plot.vector(stateVector()).real, sampleTimes);
  for (std::size_t k = 0; k < sampleTimes.size(); ++k) {
    if (!std::isfinite(trace.voltage[k]) || !std::isfinite(trace.current[k]) || !std::isfinite(trace.state[k]))
      throw std::runtime_error("model '" + model.name + "' at t = " + io::formatNumber(sampleTimes[k]) +
                               " s: ngspice returned a non-finite value (v = " + io::formatNumber(trace.voltage[k]) +
                               " V, i = " + io::formatNumber(trace.current[k]) + " A, x = " +
                               io::formatNumber(trace.state[k]) + "); lower the stimulus or check the parameters");
    trace.resistance.push_back(device.resistance(device.clip(trace.state[k])));
  }
  return trace;
}

namespace {

/// The I-V run of a bench: the characterisation sine for two cycles, v(node) and i(Vsource) printed.
spice::Netlist ivRun(spice::Netlist deck, const ModelDefinition& model, const std::string& node) {
  const double period = 1.0 / model.characterisation.frequency_hertz;
  deck.addAnalysis(spice::TransientAnalysis{period / 1000, 2 * period, 0.0, period / 1000, true});
  deck.addPrint("tran", {"v(" + node + ")", sourceCurrentVector()});
  return deck;
}

std::string ivTitle(const ModelDefinition& model, const std::string& device) {
  const Stimulus& s = model.characterisation;
  return "iv_" + model.name + ": " + model.title + device + ", " + io::formatNumber(s.amplitude_volt) + " V " +
         io::formatNumber(s.frequency_hertz) + " Hz sine, device current = -" + sourceCurrentVector();
}

}  // namespace

spice::Netlist ivTestBench(const ModelDefinition& model, const std::string& library) {
  const Stimulus& s = model.characterisation;
  TestBench bench = testBench(model, {.title = ivTitle(model, ""),
                                      .source = spice::Sine{0.0, s.amplitude_volt, s.frequency_hertz},
                                      .library = library});
  return ivRun(std::move(bench.deck), model, bench.deviceNode);
}

spice::Netlist xyceIvTestBench(const ModelDefinition& model) {
  if (model.xyceMemristorLevel <= 0)
    throw std::invalid_argument("model '" + model.name + "': Xyce has no built-in memristor with its equations");
  const Stimulus& s = model.characterisation;
  spice::Netlist deck(ivTitle(model, " as Xyce's YMEMRISTOR level=" + std::to_string(model.xyceMemristorLevel)));
  const std::string card = model.name + "_xyce";
  spice::ParameterList parameters = {{"level", model.xyceMemristorLevel}};
  const ParameterSet defaults(model);
  for (const auto& [name, value] : defaults.values()) parameters.emplace_back(name, value);
  deck.addModel(spice::Model{card, "MEMRISTOR", std::move(parameters)});
  spice::VoltageSource drive{{kSource, kInputNode, "0", 0.0}};
  drive.waveform = spice::Sine{0.0, s.amplitude_volt, s.frequency_hertz};
  deck.add(drive);
  deck.add(spice::XyceMemristor{"Ydevice", kInputNode, "0", card, {{"XO", model.state.initial}}});
  deck.setOption("reltol", kTestBenchReltol);
  return ivRun(std::move(deck), model, kInputNode);
}

std::vector<std::filesystem::path> writeTestBenches(const std::filesystem::path& netlists,
                                                    const std::filesystem::path& models) {
  std::filesystem::create_directories(netlists);
  const std::filesystem::path relative =
      std::filesystem::absolute(models).lexically_relative(std::filesystem::absolute(netlists));
  std::vector<std::filesystem::path> files;
  for (const auto& name : ModelRegistry::instance().names()) {
    const auto& model = ModelRegistry::instance().find(name);
    const auto file = netlists / ("iv_" + name + ".cir");
    io::writeFileAtomically(
        file, spice::print(ivTestBench(model, (relative / (name + ".lib")).string()), spice::Dialect::Ngspice));
    files.push_back(file);
    if (model.xyceMemristorLevel > 0) {
      const auto xyce = netlists / ("iv_" + name + "_xyce.cir");
      io::writeFileAtomically(xyce, spice::print(xyceIvTestBench(model), spice::Dialect::Xyce));
      files.push_back(xyce);
    }
  }
  return files;
}

}  // namespace memcosim::devices
