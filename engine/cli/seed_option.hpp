#pragma once
// --seed as every command takes it: a decimal integer in 0 .. 2^64 - 1, exactly. CLI11 alone
// converts "-1", "-5" and "18446744073709551616" by wrapping them into range, so the seed that
// ran would not be the one typed.

#include <CLI/CLI.hpp>
#include <cstdint>

namespace regiosim::cli {

CLI::Option* add_seed_option(CLI::App* command, std::uint64_t& seed, const char* help);

}  // namespace regiosim::cli
