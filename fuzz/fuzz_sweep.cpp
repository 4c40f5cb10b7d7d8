// libFuzzer harness: the sweep-file loader on in-memory YAML. Its `scenario` resolves in the
// sandbox, where tiny.yaml is the one scenario (scripts/fuzz.sh points the seeds at it). Any input
// must give a SweepSpec or a ConfigError (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <string>

#include "check_error.hpp"
#include "regiosim/sweep.hpp"
#include "sandbox.hpp"
#include "unit_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const regiosim::fuzz::UnitLimits limits;
  const std::string& dir = regiosim::fuzz::sandbox();
  static const std::string name = dir + "/fuzz-sweep.yaml";
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    regiosim::parse_sweep(text, name, dir);
  } catch (const regiosim::ConfigError& e) {
    regiosim::fuzz::check_config_error(e, text, name);
  }
  return 0;
}
