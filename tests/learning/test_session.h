// The one ngspice session of a test process (a second Session would throw).
#pragma once

#include "spice/session.h"

inline memcosim::spice::Session& testSession() {
  static memcosim::spice::Session session;
  return session;
}
