#pragma once
// Output files appear whole or not at all: they are written under a temporary name in the output's
// own directory (so the rename is atomic and never crosses file systems), made durable, and only
// then renamed over the output path.

#include <string>
#include <vector>

namespace regiosim {

// A temporary name for `output`, claimed by this process while the object lives:
// "<output>.tmp-<host>-<pid>-<n>", and beside it "<temporary>.lock", created exclusively and held
// locked (flock) until the destructor removes it. The lock, not the pid, tells a live writer from
// a dead one, also on a file system shared between hosts: remove_dead_temporaries
// (regiosim/result_file.hpp) takes the lock of each such pair and removes the pair when it gets
// it (its writer was killed or crashed).
// Constructing a claim first removes the dead temporaries in the output's directory.
class TemporaryClaim {
 public:
  explicit TemporaryClaim(const std::string& output_path);
  ~TemporaryClaim();
  TemporaryClaim(const TemporaryClaim&) = delete;
  TemporaryClaim& operator=(const TemporaryClaim&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string lock_path_;
  int lock_fd_ = -1;
};

// Writes `bytes` to `path` whole or not at all: a claimed temporary, synced, then renamed.
void write_file_atomically(const std::string& path, const std::string& bytes);

// fsyncs `temporary`, renames it to `output` and fsyncs the directory, so after a power loss the
// output is either the old file or the whole new one. Throws IoError (the temporary is left for the
// caller to remove).
void rename_into_place(const std::string& temporary, const std::string& output);

}  // namespace regiosim
