// The sweep checkpoint: points round-trip bit for bit; a torn, altered or foreign file is not taken
// as finished; a checkpoint of another sweep is refused.
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

TEST_CASE("A checkpointed point loads back bit for bit", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_round_trip");
  const SweepCheckpoint checkpoint(dir.string(), 42, false);
  CHECK_FALSE(checkpoint.load(3, 2, 6).has_value());
  checkpoint.save(3, sample_point());
  const auto loaded = checkpoint.load(3, 2, 6);
  REQUIRE(loaded.has_value());
  check_same(*loaded, sample_point());
  CHECK_FALSE(checkpoint.load(4, 2, 6).has_value());  // another point
  CHECK_FALSE(checkpoint.load(3, 3, 6).has_value());  // other sizes
  // Nothing but the manifest and the point file is left (no temporary files).
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 2);
}

TEST_CASE("A torn or altered point file is not taken as finished", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_torn");
  const SweepCheckpoint checkpoint(dir.string(), 42, false);
  checkpoint.save(0, sample_point());
  const fs::path file = dir / "point-00000000.bin";
  const auto size = fs::file_size(file);
  SECTION("truncated") {
    fs::resize_file(file, size - 5);
  }
  SECTION("one byte altered") {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f.put('\x7f');
  }
  SECTION("bytes appended") {
    std::ofstream f(file, std::ios::app | std::ios::binary);
    f << "x";
  }
  CHECK_FALSE(checkpoint.load(0, 2, 6).has_value());
}

TEST_CASE("A checkpoint belongs to one sweep definition", "[sweep][checkpoint]") {
  const fs::path dir = fresh_directory("checkpoint_definition");
  {
    const SweepCheckpoint checkpoint(dir.string(), 42, false);
    checkpoint.save(0, sample_point());
  }
  // Without resume an existing checkpoint is never reused or overwritten.
  CHECK_THROWS_AS(SweepCheckpoint(dir.string(), 42, false), UsageError);
  CHECK_THROWS_WITH(SweepCheckpoint(dir.string(), 43, true),
                    Catch::Contains("different sweep definition"));
  // A leftover temporary file of a killed writer goes; the finished point stays.
  std::ofstream(dir / "point-00000001.bin.tmp-1-0") << "half";
  const SweepCheckpoint resumed(dir.string(), 42, true);
  CHECK_FALSE(fs::exists(dir / "point-00000001.bin.tmp-1-0"));
  CHECK(resumed.load(0, 2, 6).has_value());
  // A file of another sweep in the directory is not a finished point of this one.
  const fs::path other = fresh_directory("checkpoint_other");
  const SweepCheckpoint foreign(other.string(), 7, false);
  fs::copy_file(dir / "point-00000000.bin", other / "point-00000000.bin");
  CHECK_FALSE(foreign.load(0, 2, 6).has_value());
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
