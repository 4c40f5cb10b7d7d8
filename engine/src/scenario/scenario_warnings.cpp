#include "scenario/scenario_warnings.hpp"

#include <algorithm>

#include "scenario/reader_support.hpp"

namespace regiosim::scenario {

namespace {

using config::Node;

std::vector<WrittenKey> map_keys(const Node* node) {
  std::vector<WrittenKey> keys;
  if (node == nullptr || !node->is_map()) return keys;
  for (const auto& [key, value] : node->entries())
    keys.push_back({key, value.mark()});
  return keys;
}

bool has_key(const std::vector<WrittenKey>& keys, std::string_view key) {
  return std::any_of(keys.begin(), keys.end(), [&](const WrittenKey& k) { return k.key == key; });
}

// Whether a sector of this type reads the key; a key without a row counts as read.
bool reads(const std::vector<SectorKeyUse>& use, std::string_view key, SectorType type) {
  for (const SectorKeyUse& row : use) {
    if (row.key == key) return type == SectorType::Supply ? row.supply : row.demand;
  }
  return true;
}

ScenarioWarning warning(const config::Mark& mark, std::string key_path, std::string message) {
  return {mark.location(), std::move(key_path), std::move(message)};
}

}  // namespace

const std::vector<SectorKeyUse>& sector_key_use() {
  // Both types read every key but one. M1's shock (volatility, loadings, group) moves a supply
  // sector's TFP and a demand sector's final demand; va_ratio turns VA into gross output for both
  // (M5 output into the M7 table, M7 output into VA); capital_share, tfp_drift, depreciation and
  // capital_output_ratio make M4-M5's capacity, which every sector has (docs/model.md);
  // labour_intensity, tax_rate and the M8 price keys enter employment (M9), the tax base (M12)
  // and nominal VA of both. A key one type ignores gets false in that column.
  static const std::vector<SectorKeyUse> USE = {
      {"code", true, true},
      {"name", true, true},
      {"tier", true, true},
      {"type", true, true},
      {"class", true, true},
      {"group", true, true},
      {"va_share", true, true},
      {"va_ratio", true, true},
      {"capital_share", true, true},
      {"labour_intensity", true, true},
      {"tax_rate", true, true},
      {"depreciation", true, true},
      {"tfp_drift", true, true},
      {"volatility", true, true},
      {"loading_regional", true, true},
      {"loading_group", true, true},
      {"price_drift", true, true},
      {"price_volatility", true, true},
      {"capital_output_ratio", true, true},
      // theta_j blends a demand sector's demand-side and capacity output (M7); a supply sector's
      // output is its capacity.
      {"capacity_weight", false, true},
  };
  return USE;
}

WrittenKeys written_keys(const Node& root) {
  WrittenKeys written;
  if (!root.is_map()) return written;
  written.sector_defaults = map_keys(root.find("sector_defaults"));
  if (const Node* sectors = root.find("sectors"); sectors != nullptr && sectors->is_sequence()) {
    for (const Node& sector : sectors->items())
      written.sectors.push_back(map_keys(&sector));
  }
  const Node* investment = root.find("investment");
  const Node* blocks =
      investment != nullptr && investment->is_map() ? investment->find("blocks") : nullptr;
  if (blocks != nullptr && blocks->is_sequence()) {
    for (const Node& block : blocks->items())
      written.allocations.push_back(map_keys(block.is_map() ? block.find("allocation") : nullptr));
  }
  return written;
}

std::vector<ScenarioWarning> find_warnings(const WrittenKeys& written, const ScenarioSpec& spec,
                                           const std::vector<SectorKeyUse>& use) {
  std::vector<ScenarioWarning> warnings;
  const std::size_t sectors = std::min(written.sectors.size(), spec.sectors.size());

  // (a) A default that no sector takes.
  for (const WrittenKey& d : written.sector_defaults) {
    std::size_t own = 0, taking = 0;
    for (std::size_t j = 0; j < sectors; ++j) {
      if (has_key(written.sectors[j], d.key)) {
        ++own;
      } else if (reads(use, d.key, spec.sectors[j].type)) {
        ++taking;
      }
    }
    if (sectors == 0 || taking > 0) continue;
    const std::string why = own == sectors ? "every sector sets its own " + d.key
                                           : "every sector sets its own " + d.key +
                                                 " or is of a type that does not read it";
    warnings.push_back(warning(d.mark, "sector_defaults." + d.key,
                               "no sector takes this default: " + why +
                                   " (expected a default that at least one sector takes, or "
                                   "none)"));
  }

  // (b) A key the sector's type does not read.
  for (std::size_t j = 0; j < sectors; ++j) {
    const SectorSpec& sector = spec.sectors[j];
    for (const WrittenKey& k : written.sectors[j]) {
      if (reads(use, k.key, sector.type)) continue;
      warnings.push_back(warning(k.mark, item_path("sectors", j) + "." + k.key,
                                 sector.code + " is a " + to_string(sector.type) + " sector and " +
                                     to_string(sector.type) + " sectors do not read " + k.key +
                                     " (expected it only on sectors of a type that reads it)"));
    }
  }

  // (c) Investment that builds capital the sector's output does not use: with alpha_j = 0, M5 is
  // Y = A L and K_j, however large, adds nothing.
  const std::size_t blocks = std::min(written.allocations.size(), spec.investment.blocks.size());
  for (std::size_t b = 0; b < blocks; ++b) {
    const InvestmentBlockSpec& block = spec.investment.blocks[b];
    for (const WrittenKey& entry : written.allocations[b]) {
      const int j = sector_index(spec, entry.key);
      if (j < 0) continue;
      const SectorSpec& sector = spec.sectors[static_cast<std::size_t>(j)];
      if (block.allocation[static_cast<std::size_t>(j)] <= 0 || sector.capital_share != 0) continue;
      warnings.push_back(warning(
          entry.mark, item_path("investment.blocks", b) + ".allocation." + entry.key,
          entry.key + " has capital_share 0, so the investment allocated to it builds capital "
                      "that adds nothing to its output (expected a share of 0 here, or "
                      "capital_share > 0; M3-M5)"));
    }
  }
  return warnings;
}

}  // namespace regiosim::scenario
