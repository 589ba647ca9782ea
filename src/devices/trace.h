// A sampled device trajectory: what the native and ngspice engines return for one stimulus.
#pragma once

#include <vector>

namespace memcosim::devices {

/// Per sample k: time_s[k], the voltage across the device and the current into its + pin,
/// the state and the resistance R(x) at that state.
struct Trace {
  std::vector<double> time;        // s
  std::vector<double> voltage;     // V, across the device (after any series resistance)
  std::vector<double> current;     // A
  std::vector<double> state;       // the model's state unit
  std::vector<double> resistance;  // Ohm
};

}  // namespace memcosim::devices
