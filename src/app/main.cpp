// The memcosim command-line tool: parses arguments and calls the engine, nothing more.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cstring>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "commands/device_commands.h"
#include "commands/export_command.h"
#include "commands/neuron_command.h"
#include "commands/run_deck.h"
#include "commands/sweep_command.h"
#include "commands/train_command.h"

namespace {

using memcosim::characterise::parseWave;
using memcosim::devices::parseEngine;

struct RunArguments {
  std::string deck, out;
  memcosim::commands::RunDeckOptions options;
};

struct DeviceArguments {
  std::string model, out, engine = "native";
  std::vector<std::string> parameters;
  double seriesResistance = 0.0;
  std::optional<double> initialState;
  bool verbose = false;
};

void addDeviceOptions(CLI::App* command, DeviceArguments& a) {
  command->add_option("--model", a.model, "Model name (see `memcosim models`)")->required();
  command->add_option("--param", a.parameters, "Parameter override key=value (repeatable; SI units, 10k, 1u ...)");
  command->add_option("--series-resistance", a.seriesResistance, "Resistance in series with the device (Ohm)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--initial-state", a.initialState, "Initial state (default: the model's)");
  command->add_option("--engine", a.engine, "ngspice (in-process transient) or native (Rosenbrock integrator)")
      ->check(CLI::IsMember({"ngspice", "native"}));
  command->add_option("--out", a.out, "Output folder (created if missing)")->required();
  command->add_flag("--verbose", a.verbose, "Echo ngspice's own output to stderr");
}

int runDeck(const RunArguments& a) {
  const auto result = memcosim::commands::runDeck(a.deck, a.out, a.options);
  if (result.interruptedBy != 0) {
    std::cerr << "memcosim: run interrupted by signal " << result.interruptedBy << "; nothing was written to " << a.out
              << '\n';
    return 128 + result.interruptedBy;
  }
  for (const auto& warning : result.warnings) std::cerr << "warning: " << warning << '\n';
  for (const auto& file : result.files) std::cout << "wrote " << file.string() << '\n';
  return 0;
}

int runIv(const DeviceArguments& a, memcosim::characterise::IvSweepOptions options, const std::string& wave) {
  options.wave = parseWave(wave);
  options.engine = parseEngine(a.engine);
  options.seriesResistance_ohm = a.seriesResistance;
  options.initialState = a.initialState;
  const auto summaries = memcosim::commands::runIv(a.model, a.parameters, options, a.out, a.verbose);
  for (const auto& s : summaries)
    std::cout << fmt::format(
        "{:g} Hz: R {:.4g}..{:.4g} Ohm (ratio {:.3g}), lobe area {:.4g} V*A, pinch current {:.3g} A\n",
        s.frequency_hertz, s.rMin_ohm, s.rMax_ohm, s.ratio, s.lobeArea, s.pinchCurrent_ampere);
  std::cout << "wrote " << a.out << "/iv.csv, summary.json, iv.png\n";
  return 0;
}

int runPulses(const DeviceArguments& a, memcosim::characterise::PulseTrainOptions options, std::uint64_t seed) {
  options.engine = parseEngine(a.engine);
  options.seriesResistance_ohm = a.seriesResistance;
  options.initialState = a.initialState;
  const auto result = memcosim::commands::runPulses(a.model, a.parameters, options, seed, a.out, a.verbose);
  const auto& m = result.metrics;
  std::cout << fmt::format("G {:.4g}..{:.4g} {}, NL ltp {:.3g}, NL ltd {:.3g}, asymmetry {:.3g}, {} states\n",
                           m.gMin_siemens, m.gMax_siemens, result.unit, m.nlLtp, m.nlLtd, m.asymmetry, m.states);
  std::cout << "wrote " << a.out << "/pulses.csv, summary.json, pulses.png\n";
  return 0;
}

struct TrainArguments {
  std::string config, out, resume;
  bool verbose = false;
};

int runTrain(const TrainArguments& a) {
  const auto progress = [](const memcosim::learning::EpochRecord& r, double seconds) {
    std::cout << fmt::format(
                     "epoch {:4d}  train loss {:.4f}  train accuracy {:.4f}  test accuracy {:.4f}  ({:.1f} s)\n",
                     r.epoch, r.trainLoss, r.trainAccuracy, r.testAccuracy, seconds)
              << std::flush;
  };
  const auto summary = a.resume.empty() ? memcosim::commands::train(memcosim::commands::readTrainConfig(a.config),
                                                                    a.out, a.verbose, progress)
                                        : memcosim::commands::resume(a.resume, a.verbose, progress);
  std::cout << fmt::format("test accuracy {:.4f}, train accuracy {:.4f} after {} epochs, {:.1f} s, {} pulses\n",
                           summary.testAccuracy, summary.trainAccuracy, summary.epochs, summary.seconds,
                           summary.pulses);
  if (!summary.ngspiceCheck.is_null()) {
    const auto& c = summary.ngspiceCheck;
    std::cout << fmt::format(
        "ngspice check on {} test samples: native accuracy {:.4f}, ngspice accuracy {:.4f}, classes agree on {:.4f}\n",
        c["samples"].get<int>(), c["native_accuracy"].get<double>(), c["ngspice_accuracy"].get<double>(),
        c["class_agreement"].get<double>());
  }
  if (!summary.programmed.is_null()) {
    const auto& p = summary.programmed;
    std::cout << fmt::format("written into {} devices ({} pulses): test accuracy {:.4f} before, {:.4f} after\n",
                             p["device"].get<std::string>(), p["pulses"].get<long long>(),
                             p["accuracy_before"].get<double>(), p["accuracy_after"].get<double>());
  }
  std::cout << "wrote " << (a.resume.empty() ? a.out : a.resume) << "/history.csv, summary.json, "
            << (summary.writes ? "writes.csv, " : "") << "learning_curves.png, network.cir, "
            << (summary.frozenDeck ? "network_frozen.cir, " : "") << "checkpoint.json\n";
  return 0;
}

/// Exit codes: 0 every job ok; 1 nothing could run (bad config, folder taken); 2 the sweep
/// ended but jobs failed (listed); 128 + N stopped by signal N (130 for Ctrl-C), rows kept.
int runSweep(const std::string& config, const std::string& out, bool resume, int workers, int argc, char** argv) {
  memcosim::commands::SweepRequest request{config, out, resume, workers};
  const auto outcome = memcosim::commands::sweep(request, &argc, &argv);
  if (!outcome.reporter) return 0;
  const std::size_t finished = outcome.rows.size();
  if (outcome.signal != 0) {
    std::cerr << fmt::format(
        "memcosim: sweep stopped by SIG{}: {} of {} jobs finished and are kept in {}/results.csv; carry on "
        "with: memcosim sweep --resume {}\n",
        sigabbrev_np(outcome.signal), finished, outcome.jobs, out, out);
    return 128 + outcome.signal;
  }
  for (const auto& file : outcome.files) std::cout << "wrote " << file.string() << '\n';
  if (outcome.failed() == 0) return 0;
  std::cerr << fmt::format(
      "memcosim: {} of {} jobs failed (their rows in {}/results.csv say why; `memcosim sweep "
      "--resume {}` runs them again):\n",
      outcome.failed(), outcome.jobs, out, out);
  for (const auto& row : outcome.rows)
    if (row.status != "ok")
      std::cerr << fmt::format("  job {} ({}, {}, ratio {}, seed {}): {}\n", row.index,
                               row.job.config.filename().string(), row.job.model, row.job.ratio, row.job.seed,
                               row.status);
  return 2;
}

/// One subcommand: `check` runs right after parsing (CLI errors), `run` when it was chosen.
struct Command {
  CLI::App* app = nullptr;
  std::function<int(int argc, char** argv)> run;
  std::function<void()> check = [] {};
};

Command addRunCommand(CLI::App& app) {
  auto args = std::make_shared<RunArguments>();
  auto& run = *args;
  CLI::App* runCommand = app.add_subcommand(
      "run", "Run a SPICE deck (its .control block or its analysis cards); write every plot as DIR/<analysis>.csv");
  runCommand->add_option("deck", run.deck, "SPICE deck (.cir) with analysis cards or a .control block")
      ->required()
      ->check(CLI::ExistingFile);
  runCommand->add_option("--out", run.out, "Output folder (created if missing)")->required();
  runCommand->add_flag("--trust-deck", run.options.trustDeck,
                       "Let the deck's .control block run shell commands, source files and write outside --out");
  runCommand
      ->add_option("--max-points", run.options.maxValues,
                   "Output budget: refuse an analysis whose estimated points x vectors exceed this")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  runCommand->add_flag("--verbose", run.options.verbose, "Echo ngspice's own output to stderr");

  return {runCommand, [args](int, char**) { return runDeck(*args); }};
}

Command addModelsCommand(CLI::App& app) {
  struct Arguments {
    std::string showName, modelsDir = "models", netlistsDir = "netlists";
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* models = app.add_subcommand("models", "List the device models; `models show NAME`, `models generate DIR`");
  CLI::App* show = models->add_subcommand("show", "Print a model's equations and parameter table");
  show->add_option("name", args->showName, "Model name")->required();
  CLI::App* generate = models->add_subcommand(
      "generate", "Write every model's ngspice .lib, Verilog-A .va and I-V test bench (run from the repository top)");
  generate->add_option("--models", args->modelsDir, "Folder for .lib and .va files")->capture_default_str();
  generate->add_option("--netlists", args->netlistsDir, "Folder for the iv_<model>.cir test benches")
      ->capture_default_str();

  return {models, [args, show, generate](int, char**) {
            if (show->parsed()) {
              std::cout << memcosim::commands::describeModel(args->showName);
              return 0;
            }
            if (generate->parsed()) {
              for (const auto& file : memcosim::commands::generateModels(args->modelsDir, args->netlistsDir))
                std::cout << "wrote " << file.string() << '\n';
              return 0;
            }
            std::cout << memcosim::commands::listModels();
            return 0;
          }};
}

Command addIvCommand(CLI::App& app) {
  struct Arguments {
    DeviceArguments device;
    memcosim::characterise::IvSweepOptions options;
    std::string wave = "sine";
  };
  auto args = std::make_shared<Arguments>();
  args->options.amplitude_volt = 0.0;  // 0 and no frequencies: the model's characterisation stimulus
  args->options.frequencies_hertz.clear();
  CLI::App* ivCommand =
      app.add_subcommand("iv", "I-V hysteresis loops under a sine or triangle at several frequencies");
  addDeviceOptions(ivCommand, args->device);
  ivCommand->add_option("--wave", args->wave, "sine or triangle")->check(CLI::IsMember({"sine", "triangle"}));
  ivCommand->add_option("--amplitude", args->options.amplitude_volt, "Amplitude (V); default: the model's")
      ->check(CLI::PositiveNumber);
  ivCommand
      ->add_option("--frequency", args->options.frequencies_hertz,
                   "Frequencies (Hz), comma separated; default: the model's f, 10f, 100f")
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  ivCommand->add_option("--cycles", args->options.cycles, "Cycles per frequency (summary over the last)")
      ->check(CLI::Range(1, 1000));
  ivCommand->add_option("--points-per-cycle", args->options.pointsPerCycle, "Samples per cycle")
      ->check(CLI::Range(16, 1000000));
  ivCommand
      ->add_option("--max-points", args->options.maxPoints,
                   "Refuse a sweep of more samples than this (all frequencies and cycles)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);

  return {ivCommand, [args](int, char**) { return runIv(args->device, args->options, args->wave); }};
}

Command addPulsesCommand(CLI::App& app) {
  struct Arguments {
    DeviceArguments device;
    memcosim::characterise::PulseTrainOptions options;
    std::uint64_t seed = 1;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* pulsesCommand = app.add_subcommand("pulses", "Conductance after each pulse: potentiation then depression");
  addDeviceOptions(pulsesCommand, args->device);
  pulsesCommand->add_option("--set-amplitude", args->options.setAmplitude_volt, "Set pulse amplitude (V)")->required();
  pulsesCommand->add_option("--reset-amplitude", args->options.resetAmplitude_volt, "Reset pulse amplitude (V)")
      ->required();
  pulsesCommand->add_option("--width", args->options.width_seconds, "Pulse width (s)")
      ->required()
      ->check(CLI::PositiveNumber);
  pulsesCommand->add_option("--count", args->options.count, "Pulses per phase")
      ->required()
      ->check(CLI::Range(2, 100000));
  pulsesCommand->add_option("--read-voltage", args->options.readVoltage_volt, "Read voltage (V)");
  pulsesCommand->add_option("--seed", args->seed, "Random seed (pulse-level devices' variation and noise)");

  return {pulsesCommand, [args](int, char**) { return runPulses(args->device, args->options, args->seed); }};
}

Command addNeuronCommand(CLI::App& app) {
  struct Arguments {
    memcosim::commands::NeuronCommandOptions options;
    std::string out;
  };
  auto args = std::make_shared<Arguments>();
  auto& o = args->options;
  CLI::App* neuron = app.add_subcommand(
      "neuron", "A memristive integrate-and-fire neuron under a step, noisy or spike-train input, native and ngspice");
  neuron->add_option("--input", o.input, "step, noise or spikes")
      ->capture_default_str()
      ->check(CLI::IsMember({"step", "noise", "spikes"}));
  neuron->add_option("--amplitude", o.amplitude_A, "Step height, noise mean, or one input spike's current (A)")
      ->capture_default_str();
  neuron->add_option("--sigma", o.sigma_A, "Noise: standard deviation per step (A)")->capture_default_str();
  neuron->add_option("--rate", o.rate, "Spikes: probability of an input spike per step")->capture_default_str();
  neuron->add_option("--onset", o.onset, "Step: first step at the amplitude")->capture_default_str();
  neuron->add_option("--steps", o.grid.steps, "Time steps")->capture_default_str()->check(CLI::Range(1, 10000000));
  neuron->add_option("--dt", o.grid.dt_s, "Time step (s)")->capture_default_str()->check(CLI::PositiveNumber);
  neuron->add_option("--substeps", o.grid.substeps, "Integration substeps per time step")
      ->capture_default_str()
      ->check(CLI::Range(2, 100000));
  neuron->add_option("--seed", o.seed, "Random seed (noise and spike inputs)")->capture_default_str();
  neuron->add_option("--param", o.deviceParameters,
                     "Threshold-switch parameter key=value (repeatable; see `memcosim models show threshold-switch`)");
  neuron->add_option("--capacitance", o.capacitance_F, "Membrane capacitance (F)")->capture_default_str();
  neuron->add_option("--reversal1", o.reversal1_V, "E1, the firing device's reversal source (V)")
      ->capture_default_str();
  neuron->add_option("--reversal2", o.reversal2_V, "E2, the second device's reversal source (V)")
      ->capture_default_str();
  neuron->add_option("--engine", o.engine, "native, ngspice or both (both also reports their agreement)")
      ->capture_default_str()
      ->check(CLI::IsMember({"native", "ngspice", "both"}));
  neuron->add_option("--out", args->out, "Output folder (created if missing)")->required();

  return {neuron, [args](int, char**) {
            const auto result = memcosim::commands::runNeuron(args->options, args->out);
            if (args->options.engine != "ngspice")
              std::cout << fmt::format("native: {} spikes\n", result.nativeSpikes.size());
            if (args->options.engine != "native")
              std::cout << fmt::format("ngspice: {} spikes\n", result.ngspiceSpikes.size());
            if (result.compared)
              std::cout << fmt::format(
                  "agreement: membrane nRMS {:.3g}, spike count difference {}, largest spike shift {} steps\n",
                  result.agreement.membraneNrms, result.agreement.spikeCountDifference, result.agreement.maxSpikeShift);
            std::cout << "wrote " << args->out
                      << "/neuron.csv, neuron.cir, summary.json, membrane.png, states.png, raster.png\n";
            return 0;
          }};
}

Command addExportCommand(CLI::App& app) {
  struct Arguments {
    memcosim::commands::ExportOptions options;
    std::string dialect = "ngspice", out;
    bool verbose = false;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* exportCommand = app.add_subcommand(
      "export", "Re-export a training run's network as a deck for ngspice, Xyce or gnucap (as trained or frozen)");
  exportCommand->add_option("run", args->options.run, "A `memcosim train` output folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  exportCommand->add_option("--dialect", args->dialect, "ngspice, xyce or gnucap")
      ->capture_default_str()
      ->check(CLI::IsMember({"ngspice", "xyce", "gnucap"}));
  exportCommand->add_flag("--frozen", args->options.frozen,
                          "Each weight as the resistor it is at its programmed state (runs in any SPICE engine)");
  exportCommand->add_option("--sample", args->options.sample, "Test sample whose inputs the sources carry")
      ->capture_default_str();
  exportCommand->add_option("--out", args->out, "Deck file (default: RUN/network_<dialect>[_frozen].cir)");
  exportCommand->add_flag("--verbose", args->verbose, "Echo ngspice's own output to stderr");

  return {exportCommand, [args](int, char**) {
            args->options.dialect = memcosim::spice::parseDialect(args->dialect);
            if (!args->out.empty()) args->options.out = args->out;
            const auto file = memcosim::commands::exportRun(args->options, args->verbose);
            std::cout << "wrote " << file.string() << '\n';
            return 0;
          }};
}

Command addTrainCommand(CLI::App& app) {
  auto args = std::make_shared<TrainArguments>();
  auto& trainArgs = *args;
  CLI::App* trainCommand = app.add_subcommand(
      "train",
      "Train a network at circuit fidelity by the config's method (eqprop: both phases in ngspice); see "
      "examples/eqprop_*.toml");
  auto* configOption =
      trainCommand->add_option("--config", trainArgs.config, "Training config (TOML)")->check(CLI::ExistingFile);
  auto* outOption = trainCommand->add_option("--out", trainArgs.out, "Output folder for a new run");
  auto* resumeOption = trainCommand->add_option("--resume", trainArgs.resume,
                                                "Continue the interrupted run in this folder from its last checkpoint");
  resumeOption->check(CLI::ExistingDirectory)->excludes(configOption)->excludes(outOption);
  configOption->needs(outOption);
  outOption->needs(configOption);
  trainCommand->add_flag("--verbose", trainArgs.verbose, "Echo ngspice's own output to stderr");

  return {trainCommand, [args](int, char**) { return runTrain(*args); },
          [args] {
            if (args->config.empty() && args->resume.empty())
              throw CLI::ValidationError("train", "needs --config FILE --out DIR, or --resume DIR");
          }};
}

Command addSweepCommand(CLI::App& app) {
  struct Arguments {
    std::string config, out, resume;
    int workers = 0;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* sweepCommand = app.add_subcommand(
      "sweep", "A grid of training runs (models x R_off/R_on x seeds) in worker processes or MPI ranks");
  auto* sweepConfigOption =
      sweepCommand
          ->add_option("--config", args->config,
                       "Sweep config (TOML), e.g. examples/eqprop_range_study.toml; with --resume it must match")
          ->check(CLI::ExistingFile);
  auto* sweepOutOption =
      sweepCommand->add_option("--out", args->out, "Output folder for a new sweep (must be missing or empty)");
  sweepCommand
      ->add_option("--resume", args->resume, "Carry on the sweep in this folder: run only its missing and failed jobs")
      ->check(CLI::ExistingDirectory)
      ->excludes(sweepOutOption);
  sweepOutOption->needs(sweepConfigOption);
  sweepCommand
      ->add_option("--workers", args->workers, "Worker processes per rank (default: the config's, else one per core)")
      ->check(CLI::NonNegativeNumber);

  return {sweepCommand,
          [args](int argc, char** argv) {
            const bool resume = !args->resume.empty();
            return runSweep(args->config, resume ? args->resume : args->out, resume, args->workers, argc, argv);
          },
          [args] {
            if (args->out.empty() && args->resume.empty())
              throw CLI::ValidationError("sweep", "needs --config FILE --out DIR, or --resume DIR");
          }};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"memcosim: memristive neural networks trained at circuit fidelity (ngspice in process)"};
  app.set_version_flag("--version", std::string("memcosim ") + MEMCOSIM_VERSION);
  app.require_subcommand(1);
  const std::vector<Command> commands = {addRunCommand(app),    addModelsCommand(app), addIvCommand(app),
                                         addPulsesCommand(app), addNeuronCommand(app), addExportCommand(app),
                                         addTrainCommand(app),  addSweepCommand(app)};
  try {
    app.parse(argc, argv);
    for (const auto& command : commands)
      if (command.app->parsed()) command.check();
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  try {
    for (const auto& command : commands)
      if (command.app->parsed()) return command.run(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "memcosim: error: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
