#pragma once
// The directory a harness's relative paths resolve in: `extends`, a sweep's `scenario` and a
// backtest's history file. The build fills it with copies of tests/scenarios/tiny.yaml and
// history/*.csv (fuzz/CMakeLists.txt), so the seeds that extend tiny.yaml reach validation
// (scripts/fuzz.sh rewrites their ../ paths) and any other plain name is a missing file. Its path
// is fixed, not a fresh temporary name: the path is in the error messages, and a message of another
// length would change the harness's coverage from run to run. Absolute paths and ../ still reach
// the real file system, read only (the loaders never write); scripts/fuzz.sh runs the harnesses
// with stdin from /dev/null so that `extends: /dev/stdin` cannot block.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace regiosim::fuzz {

inline const std::string& sandbox() {
  static const std::string dir = [] {
    std::error_code error;
    if (!std::filesystem::is_regular_file(REGIOSIM_FUZZ_SANDBOX "/tiny.yaml", error)) {
      std::fprintf(stderr, "regiosim fuzz: no sandbox at %s (build the fuzz preset)\n",
                   REGIOSIM_FUZZ_SANDBOX);
      std::abort();
    }
    return std::string(REGIOSIM_FUZZ_SANDBOX);
  }();
  return dir;
}

}  // namespace regiosim::fuzz
