// Atomic file replacement by write-then-rename, atomic line appends, and stale-partial cleanup.
#include "io/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace memcosim::io {

namespace {

constexpr const char* kPartial = ".partial.";

std::string lastError() { return std::strerror(errno); }

/// Writes all of `content` to `fd` (retrying short writes); false with errno set on failure.
bool writeAll(int fd, const std::string& content) {
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

/// The pid of a "<name>.partial.<pid>" file name, or -1.
long partialPid(const std::string& name) {
  const auto at = name.rfind(kPartial);
  if (at == std::string::npos) return -1;
  const std::string digits = name.substr(at + std::strlen(kPartial));
  if (digits.empty() || digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stol(digits);
}

}  // namespace

bool processAlive(long pid) { return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM); }

void removeStalePartials(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::directory_iterator entries(folder.empty() ? "." : folder, error);
  if (error) return;
  for (const auto& entry : entries) {
    const long pid = partialPid(entry.path().filename().string());
    if (pid > 0 && pid != ::getpid() && !processAlive(pid)) std::filesystem::remove(entry.path(), error);
  }
}

void writeFileAtomically(const std::filesystem::path& path, const std::string& content) {
  removeStalePartials(path.parent_path());
  std::filesystem::path temporary = path;
  temporary += kPartial + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(path.string() + ": cannot write (cannot create it: " + lastError() + ")");
  std::string failure;
  if (!writeAll(fd, content))
    failure = "write failed: " + lastError();
  else if (::fsync(fd) != 0)
    failure = "sync failed: " + lastError();
  if (::close(fd) != 0 && failure.empty()) failure = "close failed: " + lastError();
  if (failure.empty() && ::rename(temporary.c_str(), path.c_str()) != 0) failure = "rename failed: " + lastError();
  if (!failure.empty()) {
    ::unlink(temporary.c_str());
    throw std::runtime_error(path.string() + ": cannot write (" + failure + ")");
  }
}

void appendLine(const std::filesystem::path& path, const std::string& line) {
  if (line.empty() || line.back() != '\n' || line.find('\n') != line.size() - 1)
    throw std::invalid_argument(path.string() + ": appendLine needs exactly one line ending in a line break");
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path.string() + ": cannot append a line (" + lastError() + ")");
  std::string failure;
  ssize_t n;
  do {
    n = ::write(fd, line.data(), line.size());  // one write: O_APPEND places it whole at the end
  } while (n < 0 && errno == EINTR);
  if (n != static_cast<ssize_t>(line.size()))
    failure = n < 0 ? lastError() : "short write";
  else if (::fsync(fd) != 0)
    failure = "sync failed: " + lastError();
  ::close(fd);
  if (!failure.empty()) throw std::runtime_error(path.string() + ": cannot append a line (" + failure + ")");
}

}  // namespace memcosim::io
