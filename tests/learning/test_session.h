// The one ngspice session of a test process (a second Session would throw).
#pragma once

#include "circuits/eqprop_network.h"
#include "commands/training_run.h"
#include "learning/eqprop.h"
#include "solver/dc_solver.h"
#include "spice/session.h"

inline memcosim::spice::Session& testSession() {
  static memcosim::spice::Session session;
  return session;
}

/// The EqProp estimator and network of a run made from an EqProp config.
inline memcosim::learning::EqProp& eqpropOf(memcosim::commands::TrainingRun& run) {
  return dynamic_cast<memcosim::learning::EqProp&>(run.estimator());
}
inline const memcosim::circuits::EqPropNetwork& networkOf(const memcosim::commands::TrainingRun& run) {
  return dynamic_cast<const memcosim::circuits::EqPropNetwork&>(run.circuit());
}

/// A 2-3-2 EqProp network, the smallest with a hidden layer.
inline memcosim::circuits::EqPropNetwork smallNetwork() {
  memcosim::circuits::EqPropNetworkSpec spec;
  spec.inputs = 2;
  spec.hidden = {3};
  spec.outputs = 2;
  return memcosim::circuits::EqPropNetwork(spec);
}

/// The process's ngspice session as the operating-point solver of a training method.
inline memcosim::solver::NgspiceDc& testCircuit() {
  static memcosim::solver::NgspiceDc circuit(testSession());
  return circuit;
}
