// Writing result files so that a reader never sees a half-written one.
#pragma once

#include <filesystem>
#include <string>

namespace memcosim::io {

/// Writes `content` to a temporary file beside `path`, flushes it, then renames it over
/// `path`. On any failure the temporary file is removed and std::runtime_error names `path`.
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

}  // namespace memcosim::io
