// Golden trajectories: every variable of every path, for each shipped scenario, hashed (FNV-1a over
// the doubles' bytes) and compared with tests/reference/golden-trajectories.txt. A change that is
// meant to leave the numbers alone (a refactor, a speed-up) must pass it unchanged; a change to the
// model updates the file in the same commit, and the commit says why the numbers moved.
// REGIOSIM_WRITE_GOLDEN=1 rewrites the file from the current build instead of checking it;
// REGIOSIM_GOLDEN_ROOT=DIR reads the scenario files from another checkout (DIR/scenarios/...), to
// check a build against the scenarios of the commit that recorded the file.
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "regiosim/fingerprint.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/model.hpp"
#include "regiosim/runner.hpp"

using namespace regiosim;

namespace {

constexpr const char* GOLDEN_FILE = REGIOSIM_SOURCE_DIR "/tests/reference/golden-trajectories.txt";

// Scenario files relative to the source tree: the shipped scenarios and the test fixtures that run.
constexpr const char* SCENARIOS[] = {
    "scenarios/luolong-14fyp.yaml",        "scenarios/plan-as-stated.yaml",
    "scenarios/stress-no-migration.yaml",  "scenarios/stress-pandemic.yaml",
    "scenarios/stress-property-bust.yaml", "tests/scenarios/tiny.yaml",
    "tests/scenarios/backtest-tiny.yaml",
};

// "scenario variable" -> FNV-1a hash of that variable's values over 120 paths (store=full layout).
std::map<std::string, std::uint64_t> current_hashes() {
  const char* root = std::getenv("REGIOSIM_GOLDEN_ROOT");
  const std::string prefix = std::string(root != nullptr ? root : REGIOSIM_SOURCE_DIR) + "/";
  std::map<std::string, std::uint64_t> hashes;
  for (const char* file : SCENARIOS) {
    const Model model(load_scenario(prefix + file));
    RunOptions options;
    options.paths = 120;
    options.seed = 20250101;
    options.threads = 2;
    MemorySink sink(options.paths, model.years(), model.sectors(), model.satellites());
    run(model, options, &sink);
    for (const VarInfo& v : VARIABLES) {
      const std::vector<double>& values = sink.values(v.var);
      hashes[std::string(file) + " " + std::string(v.name)] = fnv1a(std::string_view(
          reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double)));
    }
  }
  return hashes;
}

}  // namespace

TEST_CASE("shipped scenarios reproduce the golden trajectories bit for bit",
          "[integration][golden]") {
  const auto hashes = current_hashes();
  const char* write = std::getenv("REGIOSIM_WRITE_GOLDEN");
  if (write != nullptr && std::string(write) == "1") {
    std::ofstream out(GOLDEN_FILE);
    out << "# scenario variable fnv1a (tests/integration/test_golden.cpp; 120 paths, seed "
           "20250101)\n";
    for (const auto& [key, hash] : hashes)
      out << key << ' ' << std::hex << hash << '\n';
    REQUIRE(out.good());
    WARN("golden trajectories rewritten: " << GOLDEN_FILE);
    return;
  }
  std::ifstream in(GOLDEN_FILE);
  REQUIRE(in.good());
  std::map<std::string, std::uint64_t> golden;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string scenario, variable;
    std::uint64_t hash = 0;
    fields >> scenario >> variable >> std::hex >> hash;
    golden[scenario + " " + variable] = hash;
  }
  REQUIRE(golden.size() == hashes.size());
  for (const auto& [key, hash] : hashes) {
    INFO(key);
    REQUIRE(golden.count(key) == 1);
    CHECK(golden.at(key) == hash);
  }
}
