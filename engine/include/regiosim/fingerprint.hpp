#pragma once
// A stable 64-bit fingerprint of bytes (FNV-1a): the same on every platform and in every run, to
// recognise the same sweep definition or the same results. Not cryptographic.

#include <cstdint>
#include <string_view>

namespace regiosim {

inline constexpr std::uint64_t FNV_OFFSET = 14695981039346656037ull;

// FNV-1a over `bytes`, continued from `hash` (FNV_OFFSET to start).
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = FNV_OFFSET);

}  // namespace regiosim
