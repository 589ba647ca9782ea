// Writing result files so that a reader never sees a half-written one, nor a dead process's
// leftovers.
//
// Whole files: written to "<file>.partial.<pid>" beside the target, flushed to disk, renamed
// over it. A process killed between the two leaves its partial behind; every write into a
// folder first removes the partials there whose process is no longer alive.
// Lines: appendLine() adds one complete line with a single write(2) on an O_APPEND descriptor
// and fsyncs it, so concurrent writers never interleave and a kill never leaves half a row.
#pragma once

#include <filesystem>
#include <string>

namespace memcosim::io {

/// Writes `content` to a temporary file beside `path`, flushes it to disk, then renames it over
/// `path`. On any failure the temporary file is removed and std::runtime_error names `path`
/// and the cause (e.g. "No space left on device").
void writeFileAtomically(const std::filesystem::path& path, const std::string& content);

/// Appends `line` (which must end in '\n') to `path` in one write and syncs it to disk.
/// The file must exist. Throws std::runtime_error naming `path` and the cause.
void appendLine(const std::filesystem::path& path, const std::string& line);

/// Removes "*.partial.<pid>" files in `folder` whose process <pid> is no longer running
/// (left by a process that was killed mid-write). Errors are ignored: this only tidies.
void removeStalePartials(const std::filesystem::path& folder);

/// Whether a process with this id exists (kill(pid, 0)).
bool processAlive(long pid);

}  // namespace memcosim::io
