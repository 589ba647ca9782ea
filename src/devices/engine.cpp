// The engine choice and the one dispatch of a bench experiment to native or ngspice.
#include "devices/engine.h"

#include <stdexcept>

#include "devices/native_device.h"

namespace memcosim::devices {

Engine parseEngine(const std::string& name) {
  if (name == "ngspice") return Engine::Ngspice;
  if (name == "native") return Engine::Native;
  throw std::invalid_argument("unknown engine '" + name + "' (expected ngspice or native)");
}

std::string engineName(Engine engine) { return engine == Engine::Native ? "native" : "ngspice"; }

Trace simulateWith(Engine engine, spice::Session* session, const ParameterSet& parameters,
                   const spice::Waveform& source, const std::vector<double>& sampleTimes, double seriesResistance_ohm,
                   double x0, double reltol) {
  if (engine == Engine::Native)
    return simulate(
        parameters, [&](double t) { return waveformValue(source, t); }, sampleTimes, seriesResistance_ohm, x0);
  if (session == nullptr) throw std::invalid_argument("the ngspice engine needs a spice::Session");
  return simulateNgspice(*session, parameters, source, sampleTimes, seriesResistance_ohm, x0, reltol);
}

}  // namespace memcosim::devices
