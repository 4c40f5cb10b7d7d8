#pragma once
// Keys that are valid but have no effect in the resolved scenario (scenarios/README.md,
// "Validation"). The loader collects them into ScenarioSpec::warnings and never prints them: the
// CLI prints them (and `validate --strict` makes the first one an error), bindings can show them.
//
// Whether a key was written or is a default the reader filled in is known only before reading (the
// reader writes every default into the tree), so the loader takes a WrittenKeys snapshot of the
// tree first and finds the warnings once the scenario is read.

#include <string>
#include <string_view>
#include <vector>

#include "config/config_node.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::scenario {

// Which sector types read a key of a `sectors` entry. A type that does not read a key draws a
// warning on each sector of that type that sets it, and such a sector does not take the key's
// `sector_defaults` value either. Every key the sector reader knows has one row (a test checks).
struct SectorKeyUse {
  std::string_view key;
  bool supply = true;
  bool demand = true;
};
const std::vector<SectorKeyUse>& sector_key_use();

// A key as written (after `extends` and --set, before defaults): its name and where its value is.
struct WrittenKey {
  std::string key;
  config::Mark mark;
};

// The keys the rules look at, as written: `sector_defaults`, each `sectors` entry and each
// investment block's `allocation` (entries that are not maps are left empty: the reader rejects
// them).
struct WrittenKeys {
  std::vector<WrittenKey> sector_defaults;
  std::vector<std::vector<WrittenKey>> sectors;
  std::vector<std::vector<WrittenKey>> allocations;
};
WrittenKeys written_keys(const config::Node& root);

// The warnings of a scenario read from the tree `written` was taken of:
// (a) a `sector_defaults` key that no sector takes (each sets its own value or does not read it);
// (b) a sector key that the sector's type does not read (`use`);
// (c) a share of an investment block allocated to a sector with capital_share 0, whose capital
//     adds nothing to its output (M3-M5).
std::vector<ScenarioWarning> find_warnings(const WrittenKeys& written, const ScenarioSpec& spec,
                                           const std::vector<SectorKeyUse>& use = sector_key_use());

}  // namespace regiosim::scenario
