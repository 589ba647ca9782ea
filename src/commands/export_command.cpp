// Re-exporting a training run's network as a deck for ngspice, Xyce or gnucap.
#include "commands/export_command.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "commands/train_command.h"
#include "commands/training_run.h"
#include "io/atomic_file.h"
#include "spice/session.h"

namespace memcosim::commands {

std::filesystem::path exportRun(const ExportOptions& options, bool verbose) {
  spice::Session session({verbose});
  const RestoredRun restored = restoreRun(options.run, session);
  TrainingRun& run = *restored.run;
  const auto& test = run.trainer().test();
  if (options.sample >= static_cast<std::size_t>(test.inputs.rows()))
    throw std::invalid_argument("--sample " + std::to_string(options.sample) + ": the run has " +
                                std::to_string(test.inputs.rows()) + " test samples (0 to " +
                                std::to_string(test.inputs.rows() - 1) + ")");
  const Eigen::RowVectorXd row = test.inputs.row(static_cast<Eigen::Index>(options.sample));
  const std::vector<double> inputs(row.data(), row.data() + row.size());
  const spice::Netlist deck = exportNetwork(run.circuit(), run.weights(), inputs, options.frozen);
  std::string text;
  try {
    text = spice::print(deck, options.dialect);
  } catch (const spice::NetlistError& error) {
    // The hint only where the frozen deck would print.
    bool frozenPrints = false;
    if (!options.frozen) try {
        (void)spice::print(exportNetwork(run.circuit(), run.weights(), inputs, true), options.dialect);
        frozenPrints = true;
      } catch (const spice::NetlistError&) {
      }
    throw std::runtime_error(std::string(error.what()) +
                             (frozenPrints ? "; `--frozen` exports each weight as the resistor it is" : ""));
  }
  const std::filesystem::path file = options.out ? *options.out
                                                 : options.run / ("network_" + spice::dialectName(options.dialect) +
                                                                  (options.frozen ? "_frozen" : "") + ".cir");
  io::writeFileAtomically(file, text);
  return file;
}

}  // namespace memcosim::commands
