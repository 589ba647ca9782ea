// `memcosim neuron`: a memristive neuron run natively and in ngspice, with plots.
#include "commands/neuron_command.h"

#include <nlohmann/json.hpp>

#include <random>
#include <stdexcept>

#include "io/atomic_file.h"
#include "io/csv.h"
#include "io/number.h"
#include "io/random.h"
#include "plot/gnuplot.h"
#include "spice/printer.h"
#include "spice/session.h"

namespace memcosim::commands {
namespace {

using io::formatNumber;

/// The most time points an ngspice run of one neuron may take (its vectors stay in memory).
constexpr long long kMaxNgspicePoints = 5'000'000;

void requireFiniteOption(double value, const std::string& option) {
  if (!std::isfinite(value)) throw std::invalid_argument(option + " = " + formatNumber(value) + " is not finite");
}

circuits::NeuronSpec neuronSpec(const NeuronCommandOptions& options) {
  circuits::NeuronSpec spec;
  for (const auto& assignment : options.deviceParameters) spec.device.setFromText(assignment);
  spec.capacitance_F = options.capacitance_F;
  spec.reversal_V = {options.reversal1_V, options.reversal2_V};
  spec.validate();
  return spec;
}

std::vector<double> microseconds(const std::vector<double>& seconds) {
  std::vector<double> result;
  for (const double t : seconds) result.push_back(t * 1e6);
  return result;
}

}  // namespace

std::vector<double> neuronInput(const NeuronCommandOptions& options) {
  requireFiniteOption(options.amplitude_A, "--amplitude");
  requireFiniteOption(options.sigma_A, "--sigma");
  if (!(options.sigma_A >= 0.0))
    throw std::invalid_argument("--sigma = " + formatNumber(options.sigma_A) + " must be >= 0");
  if (!(options.rate >= 0.0 && options.rate <= 1.0))
    throw std::invalid_argument("--rate = " + formatNumber(options.rate) + " must lie in [0, 1]");
  options.grid.validate();
  std::mt19937_64 random(options.seed);
  std::vector<double> currents;
  for (int k = 0; k < options.grid.steps; ++k) {
    if (options.input == "step")
      currents.push_back(k < options.onset ? 0.0 : options.amplitude_A);
    else if (options.input == "noise")
      currents.push_back(io::normal(random, options.amplitude_A, options.sigma_A));
    else if (options.input == "spikes")
      currents.push_back(io::uniform01(random) < options.rate ? options.amplitude_A : 0.0);
    else
      throw std::invalid_argument("--input = '" + options.input + "': use step, noise or spikes");
  }
  return currents;
}

NeuronCommandResult runNeuron(const NeuronCommandOptions& options, const std::filesystem::path& out) {
  if (options.engine != "native" && options.engine != "ngspice" && options.engine != "both")
    throw std::invalid_argument("--engine = '" + options.engine + "': use native, ngspice or both");
  const long long points = static_cast<long long>(options.grid.steps) * options.grid.substeps;
  if (options.engine != "native" && points > kMaxNgspicePoints)
    throw std::invalid_argument("--steps x --substeps = " + std::to_string(points) +
                                " time points: ngspice keeps every one in memory; use at most " +
                                std::to_string(kMaxNgspicePoints) + " or --engine native");
  const circuits::NeuronSpec spec = neuronSpec(options);
  const std::vector<double> input = neuronInput(options);
  circuits::LayerDrive drive;
  for (const double current : input) drive.currents.push_back({current});
  const spice::Netlist deck = circuits::neuronDeck(spec, drive, options.grid);

  NeuronCommandResult result;
  std::optional<circuits::NeuronTrace> native, ngspice;
  if (options.engine != "ngspice") native = circuits::simulateNeurons(spec, drive, options.grid);
  if (options.engine != "native") {
    spice::Session session;
    ngspice = circuits::simulateNeuronsNgspice(session, spec, drive, options.grid);
  }
  const circuits::NeuronTrace& any = native ? *native : *ngspice;
  const std::vector<double> time_us = microseconds(any.time);

  std::vector<std::string> header = {"step", "time", "current"};
  std::vector<std::vector<double>> columns(3);
  plot::Figure membrane{"memristive neuron: membrane voltage", "time (us)", "membrane voltage (V)", {}};
  plot::Figure states{"memristive neuron: device states", "time (us)", "state x", {}};
  plot::Figure raster{
      "memristive neuron: spikes (x1 rising through " + formatNumber(spec.spikeLevel) + ")", "time (us)", "engine", {}};
  raster.style = plot::Style::points;
  raster.height_px = 300;
  for (std::size_t k = 0; k < any.time.size(); ++k) {
    columns[0].push_back(static_cast<double>(k));
    columns[1].push_back(any.time[k]);
    columns[2].push_back(k == 0 ? input.front() : input[k - 1]);
  }
  int row = 0;
  for (const auto& [name, trace] : {std::pair{"native", &native}, std::pair{"ngspice", &ngspice}}) {
    if (!*trace) continue;
    const circuits::NeuronTrace& t = **trace;
    for (const char* field : {"v_", "x1_", "x2_"}) header.push_back(field + std::string(name));
    columns.push_back(t.v[0]);
    columns.push_back(t.x1[0]);
    columns.push_back(t.x2[0]);
    membrane.series.push_back({name, time_us, t.v[0]});
    states.series.push_back({std::string("x1 ") + name, time_us, t.x1[0]});
    states.series.push_back({std::string("x2 ") + name, time_us, t.x2[0]});
    plot::Series spikes{name, {}, {}};
    ++row;
    raster.y_tic_labels.emplace_back(name, row);
    for (const int k : t.spikes[0]) {
      spikes.x.push_back(time_us[k]);
      spikes.y.push_back(row);
    }
    if (!spikes.x.empty()) raster.series.push_back(std::move(spikes));
    (std::string(name) == "native" ? result.nativeSpikes : result.ngspiceSpikes) = t.spikes[0];
  }

  // No spikes at all: an empty row 0 keeps the time axis (gnuplot needs a series).
  if (raster.series.empty()) {
    raster.series.push_back({"no spikes", {time_us.front(), time_us.back()}, {0.0, 0.0}});
    raster.y_tic_labels.emplace_back("no spikes", 0.0);
  }

  nlohmann::json summary;
  summary["input"] = options.input;
  summary["amplitude"] = options.amplitude_A;
  summary["steps"] = options.grid.steps;
  summary["dt"] = options.grid.dt_s;
  summary["substeps"] = options.grid.substeps;
  summary["seed"] = options.seed;
  summary["capacitance"] = spec.capacitance_F;
  summary["reversal"] = {spec.reversal_V[0], spec.reversal_V[1]};
  summary["device"] = spec.device.values();
  if (native) summary["spikes_native"] = result.nativeSpikes;
  if (ngspice) summary["spikes_ngspice"] = result.ngspiceSpikes;
  if (native && ngspice) {
    result.compared = true;
    result.agreement = circuits::compareTraces(*native, *ngspice);
    summary["agreement"] = {{"membrane_nrms", result.agreement.membraneNrms},
                            {"spike_count_difference", result.agreement.spikeCountDifference},
                            {"max_spike_shift_steps", result.agreement.maxSpikeShift}};
  }

  std::filesystem::create_directories(out);
  // Plots first: they are the step most likely to fail (gnuplot missing), and then nothing is left.
  plot::renderPng(membrane, out / "membrane.png");
  plot::renderPng(states, out / "states.png");
  plot::renderPng(raster, out / "raster.png");
  io::writeFileAtomically(out / "neuron.cir", spice::print(deck, spice::Dialect::Ngspice));
  io::writeFileAtomically(out / "neuron.csv", io::csvText(header, columns));
  io::writeFileAtomically(out / "summary.json", summary.dump(2) + "\n");
  return result;
}

}  // namespace memcosim::commands
