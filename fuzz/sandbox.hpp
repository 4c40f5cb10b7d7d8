#pragma once
// The directory a harness's relative paths resolve in: `extends`, a sweep's `scenario` and a
// backtest's history file. It holds copies of tests/scenarios/tiny.yaml and history/*.csv, so the
// seeds that extend tiny.yaml reach validation (scripts/fuzz.sh rewrites their ../ paths) and any
// other name is a missing file; fuzz input never reads the source tree. One per process (the temp
// directory's name is unique), removed at exit. Absolute paths still reach the real file system
// read-only; scripts/fuzz.sh runs the harnesses with stdin from /dev/null so that `extends:
// /dev/stdin` cannot block.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace regiosim::fuzz {

inline const std::string& sandbox() {
  // Never destroyed: the atexit handler below runs after static destructors registered later.
  static const std::string* const dir = [] {
    namespace fs = std::filesystem;
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/regiosim-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror("regiosim fuzz: mkdtemp");
      std::abort();
    }
    const fs::path root = pattern;
    const fs::path fixtures = REGIOSIM_FUZZ_FIXTURES;
    fs::copy_file(fixtures / "tiny.yaml", root / "tiny.yaml");
    fs::copy(fixtures / "history", root / "history");
    return new std::string(pattern);
  }();
  static const bool cleanup = [] {
    return std::atexit([] {
             std::error_code ignored;
             std::filesystem::remove_all(*dir, ignored);
           }) == 0;
  }();
  (void)cleanup;
  return *dir;
}

}  // namespace regiosim::fuzz
