// Forked workers, one task each, with their results read back through pipes.
#include "parallel/worker_pool.h"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <stdexcept>
#include <thread>

#include "io/stop_signals.h"

namespace memcosim::parallel {

namespace {

/// The running workers; on destruction (normal, stop signal or exception) every one still
/// running is killed and reaped, so no worker outlives the pool.
class Workers {
 public:
  struct Running {
    std::size_t index;
    int fd;
  };
  std::map<pid_t, Running> running;

  Workers() = default;
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;
  ~Workers() {
    for (const auto& [pid, worker] : running) ::kill(pid, SIGKILL);
    for (const auto& [pid, worker] : running) {
      while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
      ::close(worker.fd);
    }
  }
};

std::string readAll(int fd) {
  std::string text;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

/// In a forked child: runs the task, writes its text to `fd`, never returns.
[[noreturn]] void workerMain(const std::function<std::string(std::size_t)>& task, std::size_t index, int fd) {
  std::string text;
  try {
    text = task(index);
  } catch (...) {
    ::_exit(1);
  }
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  ::_exit(0);  // no atexit handlers, no MPI teardown in the child
}

}  // namespace

std::string signalName(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGKILL:
      return "SIGKILL";
    case SIGSEGV:
      return "SIGSEGV";
    case SIGABRT:
      return "SIGABRT";
    default:
      return "signal " + std::to_string(signal);
  }
}

int runInWorkers(const std::vector<std::size_t>& indices, int workers,
                 const std::function<std::string(std::size_t)>& task,
                 const std::function<void(const Finished&)>& onFinished) {
  if (workers <= 0) workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const io::StopSignals signals;
  const pid_t parent = ::getpid();
  Workers pool;

  // Waits for one worker to end and hands on its text; returns early if a stop signal came.
  const auto collect = [&]() {
    int status = 0;
    pid_t pid = 0;
    while (!io::StopSignals::caught()) {
      pid = ::waitpid(-1, &status, WNOHANG);
      if (pid > 0) break;
      if (pid < 0 && errno != EINTR)
        throw std::runtime_error(std::string("workers: wait failed: ") + std::strerror(errno));
      ::usleep(50000);  // a stop signal interrupts the sleep
    }
    if (io::StopSignals::caught()) return;
    const auto it = pool.running.find(pid);
    if (it == pool.running.end()) return;
    const auto [index, fd] = it->second;
    pool.running.erase(it);
    Finished done{index, readAll(fd), ""};
    ::close(fd);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      done.text.clear();
      done.failure = WIFSIGNALED(status) ? "worker killed by " + signalName(WTERMSIG(status))
                                         : fmt::format("worker exited with status {}", WEXITSTATUS(status));
    }
    onFinished(done);
  };

  for (std::size_t index : indices) {
    while (static_cast<int>(pool.running.size()) >= workers && !io::StopSignals::caught()) collect();
    if (io::StopSignals::caught()) break;
    int fds[2];
    if (::pipe(fds) != 0)
      throw std::runtime_error(std::string("workers: cannot create a pipe: ") + std::strerror(errno));
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      throw std::runtime_error(std::string("workers: cannot fork a worker: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::close(fds[0]);
      io::becomeChildOf(parent);
      workerMain(task, index, fds[1]);
    }
    ::close(fds[1]);
    pool.running[pid] = {index, fds[0]};
  }
  while (!pool.running.empty() && !io::StopSignals::caught()) collect();
  return io::StopSignals::caught();  // the pool's destructor kills and reaps any worker still running
}

}  // namespace memcosim::parallel
