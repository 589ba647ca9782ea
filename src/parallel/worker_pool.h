// Tasks in forked worker processes, at most N at a time, each handing its result back as text.
//
// Life cycle of runInWorkers(indices, workers, task, onFinished):
//   per index, once fewer than `workers` run: fork → in the child: becomeChildOf(parent) (it
//     dies with its parent), text = task(index), written to a pipe, _exit(0) (no atexit
//     handlers, no MPI teardown in a child)
//   → the parent waits for any child, reads its text → onFinished({index, text, failure})
//   → SIGINT, SIGTERM or SIGHUP: it stops starting tasks, kills and reaps every running
//     child, and returns the signal; finished tasks were already handed to onFinished.
// A task that throws, or a child that crashes, is a Finished with a failure, never an
// exception in the parent. ngspice allows one session per process, so a task that solves
// circuits needs a process of its own: this is how commands run them in parallel.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace memcosim::parallel {

struct Finished {
  std::size_t index = 0;
  std::string text;     // what the task returned (empty when it failed)
  std::string failure;  // "" when the worker exited 0; "worker killed by SIGSEGV", "worker exited with status 1"
};

/// Runs task(i) for every i of `indices` in its own child process, `workers` at a time (0: one
/// per core); returns the stop signal that ended it early, or 0.
int runInWorkers(const std::vector<std::size_t>& indices, int workers,
                 const std::function<std::string(std::size_t)>& task,
                 const std::function<void(const Finished&)>& onFinished);

/// "SIGINT", "SIGTERM", …, or "signal N".
std::string signalName(int signal);

}  // namespace memcosim::parallel
