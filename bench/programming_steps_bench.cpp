// How even each weight model's programming steps are: the conductance change of one default
// pulse across the window, in nominal steps, for set and reset, at R_off/R_on = 10 and 100.
//   ./build/bench/programming_steps_bench
// A step spread (largest / smallest step inside the window) far above 1 is what makes
// open-loop pulse counting fail and the step-table write policy necessary (README, "Memristor
// weights").
#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "programming/device_programmer.h"
#include "programming/weight_models.h"

int main() {
  using namespace memcosim::programming;
  std::printf("%-20s %6s %10s %10s %10s %10s %10s\n", "model", "ratio", "set min", "set max", "reset min", "reset max",
              "spread");
  for (const std::string& model : weightModelNames()) {
    if (model == "team") continue;  // its default pulses are tens of volts and about a second long
    for (const double ratio : {10.0, 100.0}) {
      const WeightDevice device = fitWindow(model, 1e5, ratio);
      const DeviceProgrammer programmer(device, defaultPulseScheme(device));
      double setMin = std::numeric_limits<double>::infinity(), setMax = 0.0;
      double resetMin = setMin, resetMax = 0.0;
      constexpr int kSamples = 41;  // conductances at 5 … 95% of the window, as stepSpread() samples
      for (int k = 0; k < kSamples; ++k) {
        const double share = 0.05 + 0.9 * k / (kSamples - 1);
        const double x = programmer.stateForConductance(programmer.gMin() + share * (programmer.gMax() - programmer.gMin()));
        const double set = programmer.stepAt(x, true) / programmer.nominalStep();
        const double reset = programmer.stepAt(x, false) / programmer.nominalStep();
        setMin = std::min(setMin, set);
        setMax = std::max(setMax, set);
        resetMin = std::min(resetMin, reset);
        resetMax = std::max(resetMax, reset);
      }
      std::printf("%-20s %6.0f %10.3g %10.3g %10.3g %10.3g %10.3g\n", model.c_str(), ratio, setMin, setMax, resetMin,
                  resetMax, programmer.stepSpread());
    }
  }
  std::printf("(steps in nominal steps (G_max - G_min)/N_set; spread = largest/smallest step of either polarity)\n");
}
