// Stop signals for commands that run child processes: Ctrl-C, SIGTERM and SIGHUP are caught
// while the parent waits, so it can stop its children and keep (or discard) their work itself.
//
// Life cycle: StopSignals guard (handlers set, caught() = 0) → fork → child: becomeChildOf(parent)
// → parent: wait, checking caught() (blocking calls return EINTR) → ~StopSignals (old handlers back).
#pragma once

#include <sys/types.h>

#include <array>
#include <csignal>

namespace memcosim::io {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  StopSignals(StopSignals&&) = delete;
  StopSignals& operator=(StopSignals&&) = delete;

  /// The stop signal caught since the guard was made, or 0.
  [[nodiscard]] static int caught();

  static constexpr std::array<int, 3> kSignals{SIGINT, SIGTERM, SIGHUP};

 private:
  std::array<struct sigaction, kSignals.size()> previous_{};
};

/// In a freshly forked child: default handling of the stop signals, and death with `parent`
/// (kill -9 of the parent takes the child with it).
void becomeChildOf(pid_t parent);

}  // namespace memcosim::io
