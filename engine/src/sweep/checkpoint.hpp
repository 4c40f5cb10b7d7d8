#pragma once
// The checkpoint of a sweep (regiosim sweep --resume): a directory holding a manifest, which names
// the sweep definition (a hash of everything that decides the points' numbers) and the engine
// build, and chunk files of finished points. Finished points are gathered in memory and written as
// one chunk at most every FLUSH_SECONDS (and when the sweep ends or stops): a chunk is written
// under a temporary name, synced and renamed, so it is whole or absent, and each of its records
// carries its own checksum, so a damaged record is never taken as a finished point (that point is
// simply run again). A kill loses at most the points finished since the last chunk; a file per
// point would cost an inode per point, which on ext4 grows slower with every file created.
//
// Record (native byte order; a checkpoint is resumed on the machine that wrote it):
//   "RSIMPT01", u64 definition hash, u64 point, u64 targets T, u64 quantile values Q,
//   T p_meet, T p_meet_se, T median, Q indicator quantiles (doubles), u64 FNV-1a of the record.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "regiosim/fingerprint.hpp"
#include "regiosim/sweep.hpp"

namespace regiosim {

class SweepCheckpoint {
 public:
  static constexpr double FLUSH_SECONDS = 1.0;

  // Creates `directory` and its manifest; with `resume`, an existing directory is opened instead,
  // after checking that its manifest names the same definition hash and engine build (UsageError
  // otherwise, and when it exists without `resume`), and its finished points are read. Leftover
  // temporary files are removed.
  SweepCheckpoint(std::string directory, std::uint64_t definition_hash, bool resume);

  // The point's result when an earlier run finished it with these sizes; otherwise nullopt (the
  // point runs again).
  std::optional<PointResult> load(std::uint64_t point, std::size_t targets,
                                  std::size_t quantiles) const;
  // Adds a finished point; writes the gathered points as a chunk when FLUSH_SECONDS have passed
  // since the last one. Not thread-safe: one caller at a time. IoError.
  void save(std::uint64_t point, const PointResult& result);
  // Writes the points gathered since the last chunk, if any.
  void flush();

 private:
  std::string directory_;
  std::uint64_t hash_;
  std::map<std::uint64_t, PointResult> finished_;  // read on resume
  std::string pending_;                            // records not yet in a chunk
  std::uint64_t next_chunk_ = 0;
  std::chrono::steady_clock::time_point last_flush_;
};

}  // namespace regiosim
