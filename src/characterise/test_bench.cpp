// Generation of the I-V test bench decks.
#include "characterise/test_bench.h"

#include "devices/model_views.h"
#include "io/atomic_file.h"
#include "io/number.h"
#include "spice/printer.h"

namespace memcosim::characterise {

spice::Netlist ivTestBench(const devices::ModelDefinition& model, const std::string& library) {
  const devices::Stimulus& s = model.characterisation;
  const double period = 1.0 / s.frequency_hertz;
  spice::Netlist bench("iv_" + model.name + ": " + model.title + ", " + io::formatNumber(s.amplitude_volt) + " V " +
                       io::formatNumber(s.frequency_hertz) + " Hz sine, device current = -i(v1)");
  bench.addInclude(library);
  spice::VoltageSource source{{"V1", "in", "0", 0.0}};
  source.waveform = spice::Sine{0.0, s.amplitude_volt, s.frequency_hertz};
  bench.add(source);
  bench.add(spice::SubcircuitInstance{"X1", {"in", "0"}, devices::writeViewName(model), {}});
  bench.setOption("reltol", 1e-6);  // fully switching TEAM and Stanford-PKU need it (docs/design.md, "Device models")
  bench.addAnalysis(spice::TransientAnalysis{period / 1000, 2 * period, 0.0, period / 1000, true});
  bench.addPrint("tran", {"v(in)", "i(v1)"});
  return bench;
}

std::vector<std::filesystem::path> writeTestBenches(const std::filesystem::path& netlists,
                                                    const std::filesystem::path& models) {
  std::filesystem::create_directories(netlists);
  const std::filesystem::path relative =
      std::filesystem::absolute(models).lexically_relative(std::filesystem::absolute(netlists));
  std::vector<std::filesystem::path> files;
  for (const auto& name : devices::ModelRegistry::instance().names()) {
    const auto& model = devices::ModelRegistry::instance().find(name);
    const auto file = netlists / ("iv_" + name + ".cir");
    io::writeFileAtomically(
        file, spice::print(ivTestBench(model, (relative / (name + ".lib")).string()), spice::Dialect::Ngspice));
    files.push_back(file);
  }
  return files;
}

}  // namespace memcosim::characterise
