// An LD_PRELOAD shim for fault-injection tests (tests/python/test_faults.py): write(), pwrite()
// and pwrite64() on descriptors above 2 fail with ENOSPC once REGIOSIM_FAIL_WRITE_AFTER bytes have
// been written, as on a full disk. Unset, it changes nothing. It stands in for a small tmpfs, which
// needs a mount the CI machine may not allow.
#include <dlfcn.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace {

long long budget = -2;  // -2: not read yet; -1: no limit

bool exhausted(std::size_t bytes) {
  if (budget == -2) {
    const char* value = std::getenv("REGIOSIM_FAIL_WRITE_AFTER");
    budget = value != nullptr ? std::atoll(value) : -1;
  }
  if (budget < 0) return false;
  if (static_cast<long long>(bytes) > budget) {
    budget = 0;
    errno = ENOSPC;
    return true;
  }
  budget -= static_cast<long long>(bytes);
  return false;
}

template <class F>
F next(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buffer, std::size_t bytes) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t)>("write");
  if (fd > 2 && exhausted(bytes)) return -1;
  return real(fd, buffer, bytes);
}

ssize_t pwrite(int fd, const void* buffer, std::size_t bytes, off_t offset) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t, off_t)>("pwrite");
  if (fd > 2 && exhausted(bytes)) return -1;
  return real(fd, buffer, bytes, offset);
}

ssize_t pwrite64(int fd, const void* buffer, std::size_t bytes, off64_t offset) {
  static const auto real = next<ssize_t (*)(int, const void*, std::size_t, off64_t)>("pwrite64");
  if (fd > 2 && exhausted(bytes)) return -1;
  return real(fd, buffer, bytes, offset);
}

}  // extern "C"
