// Sweep checkpoints (checkpoint.hpp).
#include "sweep/checkpoint.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "io/atomic_output.hpp"
#include "regiosim/version.hpp"

namespace regiosim {

namespace fs = std::filesystem;

namespace {

constexpr char MAGIC[8] = {'R', 'S', 'I', 'M', 'P', 'T', '0', '1'};
constexpr const char* MANIFEST = "sweep.manifest";

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

template <typename T>
void append(std::string& bytes, const T& value) {
  bytes.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads values from a byte string, refusing to run past its end.
class Reader {
 public:
  explicit Reader(const std::string& bytes) : bytes_(bytes) {}
  template <typename T>
  bool read(T& value) {
    if (bytes_.size() - offset_ < sizeof value) return false;
    std::memcpy(&value, bytes_.data() + offset_, sizeof value);
    offset_ += sizeof value;
    return true;
  }
  bool read(std::vector<double>& values, std::size_t count) {
    values.resize(count);
    for (double& v : values) {
      if (!read(v)) return false;
    }
    return true;
  }
  std::size_t offset() const { return offset_; }
  bool at_end() const { return offset_ == bytes_.size(); }

 private:
  const std::string& bytes_;
  std::size_t offset_ = 0;
};

// Adds the chunk's whole records of this sweep to `points`; reading stops at the first damaged
// record, since nothing after it can be trusted to start where it seems to.
void read_chunk(const std::string& bytes, std::uint64_t hash,
                std::map<std::uint64_t, PointResult>& points) {
  Reader in(bytes);
  while (!in.at_end()) {
    const std::size_t start = in.offset();
    char magic[sizeof MAGIC];
    std::uint64_t record_hash = 0;
    std::uint64_t point = 0;
    std::uint64_t targets = 0;
    std::uint64_t quantiles = 0;
    PointResult result;
    // Sizes are bounded by what is left in the chunk before anything is allocated for them.
    if (!in.read(magic) || std::memcmp(magic, MAGIC, sizeof MAGIC) != 0 || !in.read(record_hash) ||
        !in.read(point) || !in.read(targets) || !in.read(quantiles) ||
        targets > bytes.size() / sizeof(double) || quantiles > bytes.size() / sizeof(double) ||
        !in.read(result.p_meet, targets) || !in.read(result.p_meet_se, targets) ||
        !in.read(result.median, targets) || !in.read(result.indicator_quantiles, quantiles))
      return;
    const std::uint64_t expected =
        fnv1a(std::string_view(bytes).substr(start, in.offset() - start));
    std::uint64_t checksum = 0;
    if (!in.read(checksum) || checksum != expected) return;
    if (record_hash == hash) points[point] = std::move(result);
  }
}

}  // namespace

SweepCheckpoint::SweepCheckpoint(std::string directory, std::uint64_t definition_hash, bool resume)
    : directory_(std::move(directory)), hash_(definition_hash) {
  const std::string manifest = std::string("regiosim sweep checkpoint 1\nsweep ") + hex(hash_) +
                               "\nengine " + engine_version() + " " + git_commit() + "\n";
  std::error_code error;
  const fs::path manifest_path = fs::path(directory_) / MANIFEST;
  if (fs::exists(directory_, error)) {
    if (!resume) {
      throw UsageError("'" + directory_ + "' holds an unfinished run of this sweep: rerun with " +
                       "--resume to continue it, or remove the directory to start over");
    }
    if (!fs::is_regular_file(manifest_path, error))
      throw UsageError("--resume: '" + directory_ + "' is not a sweep checkpoint (no " + MANIFEST +
                       ")");
    const std::string found = read_file(manifest_path);
    if (found != manifest) {
      const bool same_sweep = found.find("\nsweep " + hex(hash_) + "\n") != std::string::npos;
      throw UsageError("--resume: '" + directory_ + "' was started " +
                       (same_sweep
                            ? "by another engine build (its points could differ from this build's)"
                            : "from a different sweep definition (definition hash " + hex(hash_) +
                                  " now, the checkpoint's differs)") +
                       "; remove the directory to start over");
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(directory_)) {
      const std::string name = entry.path().filename().string();
      if (name.find(".tmp-") != std::string::npos) {
        fs::remove(entry.path(), error);
      } else if (unsigned long long chunk = 0;
                 std::sscanf(name.c_str(), "chunk-%llu.bin", &chunk) == 1) {
        read_chunk(read_file(entry.path()), hash_, finished_);
        next_chunk_ = std::max<std::uint64_t>(next_chunk_, chunk + 1);
      }
    }
  } else {
    if (!fs::create_directory(directory_, error))
      throw IoError("cannot create checkpoint directory '" + directory_ + "': " + error.message());
    write_file_atomically(manifest_path.string(), manifest);
  }
  last_flush_ = std::chrono::steady_clock::now();
}

std::optional<PointResult> SweepCheckpoint::load(std::uint64_t point, std::size_t targets,
                                                 std::size_t quantiles) const {
  const auto found = finished_.find(point);
  if (found == finished_.end() || found->second.p_meet.size() != targets ||
      found->second.indicator_quantiles.size() != quantiles)
    return std::nullopt;
  return found->second;
}

void SweepCheckpoint::save(std::uint64_t point, const PointResult& result) {
  const std::size_t start = pending_.size();
  pending_.append(MAGIC, sizeof MAGIC);
  append(pending_, hash_);
  append(pending_, point);
  append(pending_, std::uint64_t{result.p_meet.size()});
  append(pending_, std::uint64_t{result.indicator_quantiles.size()});
  for (const std::vector<double>* values :
       {&result.p_meet, &result.p_meet_se, &result.median, &result.indicator_quantiles}) {
    for (double v : *values)
      append(pending_, v);
  }
  append(pending_, fnv1a(std::string_view(pending_).substr(start)));
  const std::chrono::duration<double> since = std::chrono::steady_clock::now() - last_flush_;
  if (since.count() >= FLUSH_SECONDS) flush();
}

void SweepCheckpoint::flush() {
  last_flush_ = std::chrono::steady_clock::now();
  if (pending_.empty()) return;
  char name[32];
  std::snprintf(name, sizeof name, "chunk-%08llu.bin",
                static_cast<unsigned long long>(next_chunk_));
  write_file_atomically((fs::path(directory_) / name).string(), pending_);
  ++next_chunk_;
  pending_.clear();
}

std::string checkpoint_directory_for(const std::string& output) {
  return output + ".partial";
}

void remove_checkpoint(const std::string& directory) {
  std::error_code error;
  if (!fs::is_regular_file(fs::path(directory) / MANIFEST, error)) return;  // not ours
  fs::remove_all(directory, error);
  if (error) throw IoError("cannot remove checkpoint '" + directory + "': " + error.message());
}

}  // namespace regiosim
