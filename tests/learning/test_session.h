// The one ngspice session of a test process (a second Session would throw).
#pragma once

#include "solver/dc_solver.h"
#include "spice/session.h"

inline memcosim::spice::Session& testSession() {
  static memcosim::spice::Session session;
  return session;
}

/// The process's ngspice session as the operating-point solver of a training method.
inline memcosim::solver::NgspiceDc& testCircuit() {
  static memcosim::solver::NgspiceDc circuit(testSession());
  return circuit;
}
