#pragma once
// What every harness asserts about a ConfigError, the loaders' one expected failure. error.hpp
// promises that what() is the one-line message "FILE:LINE:COLUMN: key.path: message" the CLI
// prints; the loaders promise the location is the offending position, so an error in the input
// itself points at a line of it. A broken promise aborts, which libFuzzer records as a crash.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "regiosim/error.hpp"

namespace regiosim::fuzz {

[[noreturn]] inline void broken(const char* what, const ConfigError& e) {
  std::fprintf(stderr, "regiosim fuzz: %s: %s\n", what, e.what());
  std::abort();
}

// `display_name` is the name the input was given; `text` the input.
inline void check_config_error(const ConfigError& e, std::string_view text,
                               const std::string& display_name) {
  // For triage: REGIOSIM_FUZZ_PRINT=1 prints each message (run a harness on files, not fuzzing).
  static const bool print = std::getenv("REGIOSIM_FUZZ_PRINT") != nullptr;
  if (print) std::fprintf(stderr, "%s\n", e.what());

  const std::string_view what = e.what();
  if (what.find_first_of("\r\n") != std::string_view::npos) broken("what() is not one line", e);
  const SourceLocation& at = e.location();
  const std::string prefix =
      at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": ";
  if (at.file.empty() || what.substr(0, prefix.size()) != prefix)
    broken("what() does not start with FILE:LINE:COLUMN", e);
  if (e.message().empty()) broken("no message", e);
  if (at.file != display_name) return;
  // yaml-cpp may point one line past a final line break (the end of the input).
  const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  if (at.line < 1 || at.line > lines || at.column < 1) broken("location outside the input", e);
}

}  // namespace regiosim::fuzz
