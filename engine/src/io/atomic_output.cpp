// Temporary names and the durable rename (atomic_output.hpp).
#include "io/atomic_output.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "regiosim/error.hpp"

namespace regiosim {

namespace {

// fsync of a file or directory; `what` names it in the error.
void sync_path(const std::string& path, int flags, const std::string& what) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw IoError("cannot open " + what + " '" + path + "': " + std::strerror(errno));
  const int status = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (status != 0)
    throw IoError("cannot sync " + what + " '" + path + "' to disk: " + std::strerror(error));
}

}  // namespace

std::string temporary_path_for(const std::string& output_path) {
  const std::string prefix = output_path + ".tmp-" + std::to_string(::getpid()) + "-";
  for (unsigned counter = 0;; ++counter) {
    std::string candidate = prefix + std::to_string(counter);
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::symlink_status(candidate, error)))
      return candidate;
  }
}

void rename_into_place(const std::string& temporary, const std::string& output) {
  sync_path(temporary, O_RDONLY, "file");
  if (std::rename(temporary.c_str(), output.c_str()) != 0) {
    throw IoError("cannot rename '" + temporary + "' to '" + output + "': " + std::strerror(errno));
  }
  std::filesystem::path directory = std::filesystem::path(output).parent_path();
  if (directory.empty()) directory = ".";
  sync_path(directory.string(), O_RDONLY | O_DIRECTORY, "directory");
}

}  // namespace regiosim
