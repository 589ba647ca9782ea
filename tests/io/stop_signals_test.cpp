// Tests for the stop-signal guard and for tying a forked child to its parent.
#include "io/stop_signals.h"

#include <catch2/catch.hpp>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using memcosim::io::becomeChildOf;
using memcosim::io::StopSignals;

namespace {

/// The handler now installed for `signal`.
void (*currentHandler(int signal))(int) {
  struct sigaction action {};
  ::sigaction(signal, nullptr, &action);
  return action.sa_handler;
}

}  // namespace

TEST_CASE("stop signals: the guard catches each stop signal instead of dying, then restores the old handlers", "[io]") {
  for (const int signal : StopSignals::kSignals) std::signal(signal, SIG_IGN);
  {
    const StopSignals guard;
    CHECK(StopSignals::caught() == 0);
    for (const int signal : StopSignals::kSignals) {
      CHECK(currentHandler(signal) != SIG_IGN);
      ::raise(signal);
      CHECK(StopSignals::caught() == signal);
    }
  }
  for (const int signal : StopSignals::kSignals) CHECK(currentHandler(signal) == SIG_IGN);
  {
    const StopSignals again;
    CHECK(StopSignals::caught() == 0);  // a new guard starts clean
  }
  for (const int signal : StopSignals::kSignals) std::signal(signal, SIG_DFL);
}

TEST_CASE("stop signals: a child made with becomeChildOf has default handlers and dies with its parent", "[io]") {
  const StopSignals guard;
  const pid_t parent = ::getpid();
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    becomeChildOf(parent);
    int deathSignal = 0;
    ::prctl(PR_GET_PDEATHSIG, &deathSignal);
    bool defaults = true;
    for (const int signal : StopSignals::kSignals) defaults = defaults && currentHandler(signal) == SIG_DFL;
    ::_exit(defaults && deathSignal == SIGKILL ? 0 : 3);
  }
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);

  // A child told to follow a parent that is not its own exits at once (its parent "died").
  const pid_t orphan = ::fork();
  REQUIRE(orphan >= 0);
  if (orphan == 0) {
    becomeChildOf(1);
    ::_exit(0);
  }
  REQUIRE(::waitpid(orphan, &status, 0) == orphan);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
}
