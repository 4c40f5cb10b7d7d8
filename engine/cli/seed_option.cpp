#include "seed_option.hpp"

#include <charconv>
#include <string>

namespace regiosim::cli {

CLI::Option* add_seed_option(CLI::App* command, std::uint64_t& seed, const char* help) {
  const CLI::Validator exact(
      [](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (text.empty() || error != std::errc() || stop != end)
          return "'" + text.substr(0, 40) + (text.size() > 40 ? "...'" : "'") +
                 " is not a seed (expected an integer from 0 to 18446744073709551615)";
        return {};
      },
      "SEED");
  return command->add_option("--seed", seed, help)->check(exact);
}

}  // namespace regiosim::cli
