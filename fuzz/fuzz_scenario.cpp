// libFuzzer harness: the scenario loader (parse, extends, validation) on in-memory YAML. Any input
// must give a ScenarioSpec or a ConfigError; another exception, a crash, a sanitizer report, a leak
// or a hang is a finding (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <string>

#include "check_error.hpp"
#include "regiosim/scenario.hpp"
#include "sandbox.hpp"
#include "unit_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const regiosim::fuzz::UnitLimits limits;
  const std::string& dir = regiosim::fuzz::sandbox();
  // Named inside the sandbox: a backtest's history file is found beside the file that names it.
  static const std::string name = dir + "/fuzz.yaml";
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    regiosim::parse_scenario(text, name, {}, dir);
  } catch (const regiosim::ConfigError& e) {
    regiosim::fuzz::check_config_error(e, text, name);
  }
  return 0;
}
