// MPI_Init/Finalize around a command, and the two collectives commands use.
#include "parallel/mpi.h"

#include <cstdlib>
#include <vector>

#ifdef MEMCOSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace memcosim::parallel {

MpiScope::MpiScope(int* argc, char*** argv) {
#ifdef MEMCOSIM_HAVE_MPI
  if (std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE")) {
    MPI_Init(argc, argv);
    int r = 0, n = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    ranks_ = {static_cast<std::size_t>(r), static_cast<std::size_t>(n), true};
  }
#else
  (void)argc;
  (void)argv;
#endif
}

MpiScope::~MpiScope() {
#ifdef MEMCOSIM_HAVE_MPI
  if (ranks_.mpi) MPI_Finalize();
#endif
}

void MpiScope::abort(int code) const {
#ifdef MEMCOSIM_HAVE_MPI
  if (ranks_.mpi) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

void broadcast(std::string& text, const Ranks& ranks) {
#ifdef MEMCOSIM_HAVE_MPI
  if (!ranks.mpi) return;
  int length = static_cast<int>(text.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  text.resize(static_cast<std::size_t>(length));
  MPI_Bcast(text.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
#else
  (void)text;
  (void)ranks;
#endif
}

std::string gather(const std::string& mine, const Ranks& ranks) {
#ifdef MEMCOSIM_HAVE_MPI
  if (!ranks.mpi) return mine;
  int length = static_cast<int>(mine.size());
  std::vector<int> lengths(ranks.count), offsets(ranks.count);
  MPI_Gather(&length, 1, MPI_INT, lengths.data(), 1, MPI_INT, 0, MPI_COMM_WORLD);
  std::string all;
  if (ranks.rank == 0) {
    int total = 0;
    for (std::size_t k = 0; k < ranks.count; ++k) {
      offsets[k] = total;
      total += lengths[k];
    }
    all.resize(static_cast<std::size_t>(total));
  }
  MPI_Gatherv(mine.data(), length, MPI_CHAR, all.data(), lengths.data(), offsets.data(), MPI_CHAR, 0, MPI_COMM_WORLD);
  return all;
#else
  (void)ranks;
  return mine;
#endif
}

}  // namespace memcosim::parallel
