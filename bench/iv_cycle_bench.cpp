// Time of one 1000-point I-V cycle per model: the ngspice transient vs the native integration.
//
// Each model is driven by a sine at its characterisation amplitude and frequency
// (ModelDefinition::characterisation) for one cycle sampled at 1000 points, with both engines,
// in one run; the figures are the median of several repetitions and their ratio.
//
// Usage: iv_cycle_bench [--quick]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include "characterise/iv_metrics.h"
#include "devices/model.h"
#include "devices/native_device.h"
#include "devices/test_bench.h"
#include "spice/session.h"

using namespace memcosim;
using Clock = std::chrono::steady_clock;

namespace {

template <class F>
double medianSeconds(int repetitions, F&& f) {
  std::vector<double> times;
  for (int k = 0; k < repetitions; ++k) {
    const auto start = Clock::now();
    f();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int repetitions = argc > 1 && std::strcmp(argv[1], "--quick") == 0 ? 3 : 11;
  try {
    spice::Session session;
    std::printf("%-22s %14s %14s %10s %12s\n", "model", "ngspice (ms)", "native (ms)", "ratio", "nRMS(i)");
    for (const auto& name : devices::ModelRegistry::instance().names()) {
      const devices::ParameterSet parameters(devices::ModelRegistry::instance().find(name));
      const auto& stimulus = parameters.model().characterisation;
      const std::vector<double> times = characterise::sampleTimes(stimulus.frequency_hertz, 1, 1000);
      const spice::Waveform source = spice::Sine{0.0, stimulus.amplitude_volt, stimulus.frequency_hertz};
      const double x0 = parameters.initialState();
      devices::Trace viaNgspice, viaNative;
      const double ngspice = medianSeconds(
          repetitions, [&] { viaNgspice = devices::simulateNgspice(session, parameters, source, times, 0.0, x0); });
      const double native = medianSeconds(repetitions, [&] {
        viaNative = devices::simulate(
            parameters, [&](double t) { return devices::waveformValue(source, t); }, times, 0.0, x0);
      });
      double difference = 0.0, norm = 0.0;
      for (std::size_t k = 0; k < times.size(); ++k) {
        difference += std::pow(viaNgspice.current[k] - viaNative.current[k], 2);
        norm += std::pow(viaNative.current[k], 2);
      }
      std::printf("%-22s %14.3f %14.3f %9.1fx %12.2e\n", name.c_str(), ngspice * 1e3, native * 1e3, ngspice / native,
                  std::sqrt(difference / norm));
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "iv_cycle_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
