// FNV-1a (fingerprint.hpp): Fowler, Noll and Vo's 64-bit offset basis and prime.
#include "regiosim/fingerprint.hpp"

namespace regiosim {

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash) {
  for (const char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace regiosim
