// Atomic file replacement by write-then-rename.
#include "io/atomic_file.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace memcosim::io {

void writeFileAtomically(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::path temporary = path;
  temporary += ".partial." + std::to_string(::getpid());
  try {
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw std::runtime_error("cannot create");
      out.write(content.data(), static_cast<std::streamsize>(content.size()));
      out.flush();
      if (!out) throw std::runtime_error("write failed");
    }
    std::filesystem::rename(temporary, path);
  } catch (const std::exception& error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw std::runtime_error(path.string() + ": cannot write (" + error.what() + ")");
  }
}

}  // namespace memcosim::io
