// libFuzzer harness: the history CSV reader, then the choice of a region's latest rows (both
// throw ConfigError at FILE:LINE:COLUMN). Any input must give rows or a ConfigError
// (docs/fuzzing.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "check_error.hpp"
#include "regiosim/history.hpp"
#include "unit_limits.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const regiosim::fuzz::UnitLimits limits;
  static const std::string name = "fuzz.csv";
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const std::vector<regiosim::HistoryRow> rows = regiosim::parse_history(text, name);
    // The first row's region, so latest_rows has rows to compare when the file is valid.
    if (!rows.empty()) regiosim::latest_rows(rows, rows.front().region);
  } catch (const regiosim::ConfigError& e) {
    regiosim::fuzz::check_config_error(e, text, name);
  }
  return 0;
}
