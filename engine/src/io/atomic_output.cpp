// Claimed temporary names, their sweeping and the durable rename (atomic_output.hpp).
#include "io/atomic_output.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <system_error>

#include "regiosim/error.hpp"
#include "regiosim/result_file.hpp"

namespace regiosim {

namespace {

constexpr const char* LOCK_SUFFIX = ".lock";

// This host's name as a file name can hold it (anything but letters, digits, '.', '-' and '_'
// becomes '_').
std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "host";
  std::string text(name);
  for (char& c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  }
  return text.empty() ? "host" : text;
}

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

TemporaryClaim::TemporaryClaim(const std::string& output_path) {
  std::filesystem::path directory = std::filesystem::path(output_path).parent_path();
  remove_dead_temporaries(directory.empty() ? "." : directory.string());
  const std::string prefix =
      output_path + ".tmp-" + host_name() + "-" + std::to_string(::getpid()) + "-";
  for (unsigned counter = 0;; ++counter) {
    std::string candidate = prefix + std::to_string(counter);
    std::error_code error;
    if (std::filesystem::exists(std::filesystem::symlink_status(candidate, error))) continue;
    const std::string lock = candidate + LOCK_SUFFIX;
    const int fd = ::open(lock.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) throw IoError("cannot create '" + lock + "': " + std::strerror(errno));
    ::flock(fd, LOCK_EX | LOCK_NB);  // new and exclusive: nobody else can hold it
    path_ = std::move(candidate);
    lock_path_ = lock;
    lock_fd_ = fd;
    return;
  }
}

TemporaryClaim::~TemporaryClaim() {
  ::unlink(lock_path_.c_str());  // first, so no sweeper finds the lock free and the file named
  ::close(lock_fd_);
}

std::vector<std::string> remove_dead_temporaries(const std::string& directory) {
  static const std::regex pattern(R"(.+\.tmp-[^/]+-[0-9]+-[0-9]+\.lock)");
  std::vector<std::string> removed;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    if (!std::regex_match(name, pattern)) continue;
    const std::string lock = entry.path().string();
    const int fd = ::open(lock.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      const std::string temporary = lock.substr(0, lock.size() - std::strlen(LOCK_SUFFIX));
      if (std::remove(temporary.c_str()) == 0) removed.push_back(temporary);
      ::unlink(lock.c_str());
    }
    ::close(fd);
  }
  return removed;
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  const TemporaryClaim claim(path);
  try {
    {
      std::ofstream file(claim.path(), std::ios::binary | std::ios::trunc);
      file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      file.close();
      if (!file) throw IoError("cannot write '" + claim.path() + "': " + std::strerror(errno));
    }
    rename_into_place(claim.path(), path);
  } catch (...) {
    std::remove(claim.path().c_str());
    throw;
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
