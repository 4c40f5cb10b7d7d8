// The sweep checkpoint: points round-trip bit for bit; a torn, altered or foreign record is not
// taken as finished; a checkpoint of another sweep is refused.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "sweep/checkpoint.hpp"

using namespace regiosim;
namespace fs = std::filesystem;

namespace {

fs::path fresh_directory(const std::string& name) {
  const fs::path dir = fs::path(REGIOSIM_TEST_TMP) / name;
  fs::remove_all(dir);
  return dir;
}

PointResult sample_point() {
  PointResult p;
  p.p_meet = {0.25, 1.0 / 3};
  p.p_meet_se = {0.01, std::numeric_limits<double>::quiet_NaN()};
  p.median = {820.5, -1e-300};
  p.indicator_quantiles = {1, 2, 3, 4, 5, 6};
  return p;
}

void check_same(const PointResult& a, const PointResult& b) {
  auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) return false;
    }
    return true;
  };
  CHECK(same(a.p_meet, b.p_meet));
  CHECK(same(a.p_meet_se, b.p_meet_se));
  CHECK(same(a.median, b.median));
  CHECK(same(a.indicator_quantiles, b.indicator_quantiles));
}

}  // namespace

TEST_CASE("Checkpointed points load back bit for bit", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_round_trip");
  {
    SweepCheckpoint checkpoint(dir.string(), 42, false);
    CHECK_FALSE(checkpoint.load(3, 2, 6).has_value());
    checkpoint.save(3, sample_point());
    checkpoint.save(5, sample_point());
    checkpoint.flush();
  }
  const SweepCheckpoint resumed(dir.string(), 42, true);
  for (std::uint64_t point : {3, 5}) {
    const auto loaded = resumed.load(point, 2, 6);
    REQUIRE(loaded.has_value());
    check_same(*loaded, sample_point());
  }
  CHECK_FALSE(resumed.load(4, 2, 6).has_value());  // never finished
  CHECK_FALSE(resumed.load(3, 3, 6).has_value());  // other sizes
  // The manifest and one chunk, no temporary files.
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
}

TEST_CASE("Damaged records are not taken as finished points", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_torn");
  {
    SweepCheckpoint checkpoint(dir.string(), 42, false);
    checkpoint.save(0, sample_point());
    checkpoint.save(1, sample_point());
    checkpoint.flush();
  }
  const fs::path chunk = dir / "chunk-00000000.bin";
  const auto size = fs::file_size(chunk);
  bool first = true;
  bool second = true;
  SECTION("truncated: the torn last record goes") {
    fs::resize_file(chunk, size - 5);
    second = false;
  }
  SECTION("a byte altered in the first record: it and all after it go") {
    std::fstream f(chunk, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(60);
    f.put('\x7f');
    first = second = false;
  }
  SECTION("bytes appended: the whole records before them stay") {
    std::ofstream(chunk, std::ios::app | std::ios::binary) << "RSIMPT01xx";
  }
  const SweepCheckpoint resumed(dir.string(), 42, true);
  CHECK(resumed.load(0, 2, 6).has_value() == first);
  CHECK(resumed.load(1, 2, 6).has_value() == second);
}

TEST_CASE("A checkpoint belongs to one sweep definition", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_definition");
  {
    SweepCheckpoint checkpoint(dir.string(), 42, false);
    checkpoint.save(0, sample_point());
    checkpoint.flush();
  }
  // Without resume an existing checkpoint is never reused or overwritten.
  CHECK_THROWS_AS(SweepCheckpoint(dir.string(), 42, false), UsageError);
  CHECK_THROWS_WITH(SweepCheckpoint(dir.string(), 43, true),
                    Catch::Contains("different sweep definition"));
  // A leftover temporary file of a killed writer goes; the finished point stays.
  std::ofstream(dir / "chunk-00000001.bin.tmp-1-0") << "half";
  {
    SweepCheckpoint resumed(dir.string(), 42, true);
    CHECK_FALSE(fs::exists(dir / "chunk-00000001.bin.tmp-1-0"));
    CHECK(resumed.load(0, 2, 6).has_value());
    // New chunks do not overwrite old ones.
    resumed.save(1, sample_point());
    resumed.flush();
  }
  CHECK(fs::exists(dir / "chunk-00000000.bin"));
  CHECK(fs::exists(dir / "chunk-00000001.bin"));
  // Records of another sweep in the directory are not finished points of this one.
  const fs::path other = fresh_directory("checkpoint_other");
  { const SweepCheckpoint foreign(other.string(), 7, false); }
  fs::copy_file(dir / "chunk-00000000.bin", other / "chunk-00000000.bin");
  CHECK_FALSE(SweepCheckpoint(other.string(), 7, true).load(0, 2, 6).has_value());
  remove_checkpoint(dir.string());
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("A directory without a manifest is not resumed or removed", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_foreign_directory");
  fs::create_directories(dir);
  std::ofstream(dir / "data.txt") << "someone else's";
  CHECK_THROWS_WITH(SweepCheckpoint(dir.string(), 1, true), Catch::Contains("not a sweep"));
  remove_checkpoint(dir.string());
  CHECK(fs::exists(dir / "data.txt"));
}

TEST_CASE("FNV-1a matches its published test vectors", "[sweep][checkpoint]") {
  // From the FNV reference test suite (Fowler, Noll, Vo): 64-bit FNV-1a.
  CHECK(fnv1a("") == 0xcbf29ce484222325ull);
  CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cull);
  CHECK(fnv1a("foobar") == 0x85944171f73967e8ull);
  CHECK(fnv1a("bar", fnv1a("foo")) == fnv1a("foobar"));  // continued hashing
}
