// The programming pulse shape and the run of a PWL pulse train by either engine.
#include "devices/pulse.h"

namespace memcosim::devices {

std::array<std::pair<double, double>, 4> pulseShape(double amplitude_volt, double width_seconds, double start_seconds) {
  const double edge = width_seconds / 50;
  return {{{start_seconds, 0.0},
           {start_seconds + edge, amplitude_volt},
           {start_seconds + width_seconds - edge, amplitude_volt},
           {start_seconds + width_seconds, 0.0}}};
}

Trace simulatePulses(const ParameterSet& parameters, const std::vector<std::pair<double, double>>& source,
                     const std::vector<double>& sampleTimes, double seriesResistance_ohm, double x0, Engine engine,
                     spice::Session* session, double reltol) {
  return simulateWith(engine, session, parameters, spice::Pwl{source}, sampleTimes, seriesResistance_ohm, x0, reltol);
}

}  // namespace memcosim::devices
