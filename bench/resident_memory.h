// Resident set size of this process, for the benchmarks' memory figures.
#pragma once

#include <fstream>

#include <unistd.h>

inline long residentKilobytes() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}
