// The `satellites` list (MODEL.md section 8): indicators the plan targets that are not national
// accounts aggregates (industry revenues, industrial VA above size, high-tech VA, culture shares).
#include <set>

#include "scenario/reader_support.hpp"

namespace regiosim::scenario {

namespace {
using config::Bounds;
using config::MapReader;
using config::Node;
}  // namespace

void read_satellites(MapReader& root, ScenarioSpec& spec) {
  if (!root.has("satellites")) root.node().set("satellites", Node::sequence(root.node().mark()));
  const std::string path = root.child_path("satellites");
  std::vector<Node>& items = root.sequence("satellites");
  std::set<std::string> ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    MapReader r(items[i], item_path(path, i), root.parameters());
    SatelliteSpec s;
    s.id = r.string("id");
    if (s.id.empty() || !ids.insert(s.id).second) {
      r.fail("id", "duplicate or empty satellite id '" + s.id + "' (expected a unique id)");
    }
    s.label = r.string("label", s.id);
    s.share_of_gdp = r.boolean("share_of_gdp", false);
    s.units = r.string("units", s.share_of_gdp ? "1 (fraction of nominal GDP)"
                                               : "1e8 CNY (yi yuan), current prices");
    s.measure = r.choice("measure", {"value_added", "gross_output"}, "value_added") == "value_added"
                    ? SatelliteMeasure::ValueAdded
                    : SatelliteMeasure::GrossOutput;
    s.add_tourist_spending = r.boolean("add_tourist_spending", false);
    MapReader content = r.map("content");
    s.content.assign(spec.sectors.size(), 0.0);
    for (std::size_t j = 0; j < spec.sectors.size(); ++j) {
      const std::string& code = spec.sectors[j].code;
      if (!content.has(code)) continue;
      s.content[j] = content.number(code, Bounds::unit());
      // psi_k divides the base by the content-weighted base year (section 8): a share too small
      // to measure would make it overflow.
      if (s.content[j] > 0 && s.content[j] < 1e-6)
        content.fail(code, "a content share of " + config::shortest_text(s.content[j]) +
                               " (expected 0 or a share in [1e-6, 1])");
    }
    content.finish();  // an unknown sector code gets a did-you-mean
    double weight = s.add_tourist_spending ? 1.0 : 0.0;
    for (double c : s.content)
      weight += c;
    if (weight == 0)
      r.fail("content",
             "no sector content and no tourist spending (expected a non-zero satellite)");
    // The plan's base-year value, in the satellite's own unit (a fraction for shares of GDP).
    if (r.has("base"))
      s.base = r.number("base", Bounds{0.0, 1e6, true, false, "a value in (0, 1e6]"});
    r.finish();
    spec.satellites.push_back(s);
  }
}

}  // namespace regiosim::scenario
