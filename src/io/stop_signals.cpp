// Catching stop signals in a parent process, and tying a forked child's life to its parent.
#include "io/stop_signals.h"

#include <sys/prctl.h>
#include <unistd.h>

namespace memcosim::io {
namespace {

volatile std::sig_atomic_t g_caught = 0;

extern "C" void onStopSignal(int signal) { g_caught = signal; }

}  // namespace

StopSignals::StopSignals() {
  g_caught = 0;
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocked read or wait returns with EINTR
  for (std::size_t k = 0; k < kSignals.size(); ++k) ::sigaction(kSignals[k], &action, &previous_[k]);
}

StopSignals::~StopSignals() {
  for (std::size_t k = 0; k < kSignals.size(); ++k) ::sigaction(kSignals[k], &previous_[k], nullptr);
}

int StopSignals::caught() { return g_caught; }

void becomeChildOf(pid_t parent) {
  for (int signal : StopSignals::kSignals) std::signal(signal, SIG_DFL);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(1);  // the parent died before prctl took effect
}

}  // namespace memcosim::io
