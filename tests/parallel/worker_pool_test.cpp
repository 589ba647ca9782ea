// Worker processes: every task's text comes back, and a throwing or crashing task is a
// failure of its own worker only.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

#include "parallel/mpi.h"
#include "parallel/worker_pool.h"

using namespace memcosim;

TEST_CASE("worker pool: each task runs in its own process and its text comes back", "[parallel]") {
  const pid_t self = ::getpid();
  std::map<std::size_t, parallel::Finished> done;
  const int signal = parallel::runInWorkers(
      {0, 1, 2, 3, 4}, 2,
      [self](std::size_t index) {
        if (::getpid() == self) throw std::logic_error("ran in the parent");
        if (index == 3) throw std::runtime_error("task failed");
        if (index == 4) std::abort();
        return "task " + std::to_string(index) + "\n";
      },
      [&](const parallel::Finished& f) { done[f.index] = f; });
  CHECK(signal == 0);
  REQUIRE(done.size() == 5);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(done[k].failure.empty());
    CHECK(done[k].text == "task " + std::to_string(k) + "\n");
  }
  CHECK(done[3].failure == "worker exited with status 1");
  CHECK(done[3].text.empty());
  CHECK(done[4].failure == "worker killed by SIGABRT");
  CHECK(parallel::signalName(SIGTERM) == "SIGTERM");
  CHECK(parallel::signalName(SIGUSR1) == "signal " + std::to_string(SIGUSR1));
}

TEST_CASE("mpi: outside mpirun there is one rank and the collectives pass text through", "[parallel]") {
  int argc = 1;
  char name[] = "test";
  char* args[] = {name, nullptr};
  char** argv = args;
  const parallel::MpiScope scope(&argc, &argv);
  CHECK(scope.ranks().rank == 0);
  CHECK(scope.ranks().count == 1);
  CHECK_FALSE(scope.ranks().mpi);
  std::string text = "rank 0";
  parallel::broadcast(text, scope.ranks());
  CHECK(text == "rank 0");
  CHECK(parallel::gather("rows\n", scope.ranks()) == "rows\n");
}
