#pragma once
// The checkpoint of a sweep (regiosim sweep --resume): a directory holding a manifest, which names
// the sweep definition (a hash of everything that decides the points' numbers) and the engine
// build, and one file per finished point. A point's file is written under a temporary name, synced
// and renamed, and carries its own checksum, so a point half-written when the process died is
// never taken as finished: it is simply run again.
//
// Point file (native byte order; a checkpoint is resumed on the machine that wrote it):
//   "RSIMPT01", u64 definition hash, u64 point, u64 targets T, u64 quantile values Q,
//   T p_meet, T p_meet_se, T median, Q indicator quantiles (doubles), u64 FNV-1a of all before.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "regiosim/sweep.hpp"

namespace regiosim {

// 64-bit FNV-1a, continued from `hash`: a stable fingerprint (not a cryptographic one).
inline constexpr std::uint64_t FNV_OFFSET = 14695981039346656037ull;
std::uint64_t fnv1a(std::string_view bytes, std::uint64_t hash = FNV_OFFSET);

class SweepCheckpoint {
 public:
  // Creates `directory` and its manifest; with `resume`, an existing directory is opened instead,
  // after checking that its manifest names the same definition hash and engine build (UsageError
  // otherwise, and when it exists without `resume`). Leftover temporary files are removed.
  SweepCheckpoint(std::string directory, std::uint64_t definition_hash, bool resume);

  // The point's result when an earlier run finished it: a whole file of this sweep with these
  // sizes. Anything else (no file, torn, another sweep's) is nullopt: the point runs again.
  std::optional<PointResult> load(std::uint64_t point, std::size_t targets,
                                  std::size_t quantiles) const;
  // Persists a finished point (temporary file, fsync, rename, fsync of the directory). IoError.
  void save(std::uint64_t point, const PointResult& result) const;

 private:
  std::string point_path(std::uint64_t point) const;
  std::string directory_;
  std::uint64_t hash_;
};

}  // namespace regiosim
