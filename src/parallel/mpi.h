// MPI ranks for commands that spread work over `mpirun -np N` (when built with MPI).
//
// Life cycle: MpiScope scope(&argc, &argv) (MPI_Init when started by mpirun) → ranks() →
// broadcast(text) from rank 0 / gather(text) to rank 0 → scope ends: MPI_Finalize; after an
// interruption abort(code) ends every rank at once. Without MPI, or outside mpirun, there is
// one rank and broadcast and gather do nothing.
#pragma once

#include <cstddef>
#include <string>

namespace memcosim::parallel {

struct Ranks {
  std::size_t rank = 0, count = 1;
  bool mpi = false;  // started by mpirun with MPI built in
};

class MpiScope {
 public:
  MpiScope(int* argc, char*** argv);
  ~MpiScope();
  MpiScope(const MpiScope&) = delete;
  MpiScope& operator=(const MpiScope&) = delete;
  [[nodiscard]] const Ranks& ranks() const { return ranks_; }
  /// Ends every rank at once (after an interruption: the others wait in a collective).
  [[noreturn]] void abort(int code) const;

 private:
  Ranks ranks_;
};

/// Rank 0's `text` on every rank.
void broadcast(std::string& text, const Ranks& ranks);
/// Every rank's `mine` concatenated in rank order on rank 0 (empty on the others).
std::string gather(const std::string& mine, const Ranks& ranks);

}  // namespace memcosim::parallel
