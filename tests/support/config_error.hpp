#pragma once
// The what() of the ConfigError that `f` throws, or "" if it throws none: lets a test assert on the
// whole one-line message the CLI would print.

#include <string>

#include "regiosim/error.hpp"

namespace regiosim::test {

template <class F>
std::string config_error(F&& f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

}  // namespace regiosim::test
