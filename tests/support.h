// Helpers shared by the test programs of every layer: files, shell commands, the memcosim binary.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

namespace memcosim::testing {

/// A file's whole content ("" if it cannot be read).
inline std::string readText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// What a shell command prints on stdout.
inline std::string commandOutput(const std::string& command) {
  std::array<char, 4096> buffer{};
  std::string output;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return output;
  while (fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) output += buffer.data();
  return output;
}

/// A fresh folder of this test's own under the system temp folder (mkdtemp: unique even
/// when two test runs share a machine), removed with everything in it on destruction.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& label = "test") {
    std::string pattern = (std::filesystem::temp_directory_path() / ("memcosim_" + label + "_XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder " + pattern);
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  TemporaryFolder(TemporaryFolder&&) = delete;
  TemporaryFolder& operator=(TemporaryFolder&&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

/// Sets an environment variable for one scope and restores the previous value.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const std::string& value) : name_(name) {
    if (const char* previous = std::getenv(name)) previous_ = previous;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (previous_)
      setenv(name_, previous_->c_str(), 1);
    else
      unsetenv(name_);
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;
  ScopedEnvironment(ScopedEnvironment&&) = delete;
  ScopedEnvironment& operator=(ScopedEnvironment&&) = delete;

 private:
  const char* name_;
  std::optional<std::string> previous_;
};

struct Outcome {
  int exitCode;
  std::string out, err;
};

/// Runs the memcosim binary with `arguments`; its stdout and stderr pass through files in `folder`.
inline Outcome runMemcosim(const std::string& arguments, const std::filesystem::path& folder) {
  std::filesystem::create_directories(folder);
  const std::string command = std::string(MEMCOSIM_BINARY) + " " + arguments + " >" + (folder / "stdout").string() +
                              " 2>" + (folder / "stderr").string();
  const int status = std::system(command.c_str());
  return {WEXITSTATUS(status), readText(folder / "stdout"), readText(folder / "stderr")};
}

/// This test program's own scratch folder for command output, unique to the run (one per
/// process: every test file of a program shares it, so each test writes under its own name).
inline const TemporaryFolder& scratch() {
  static const TemporaryFolder folder("cli");
  return folder;
}

/// Runs memcosim with `arguments`, its stdout and stderr passing through scratch()/io.
inline Outcome cli(const std::string& arguments) { return runMemcosim(arguments, scratch() / "io"); }

}  // namespace memcosim::testing
