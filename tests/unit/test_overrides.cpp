// --set key.path=value: addressing maps and lists, creating keys, flow values, and error columns.
#include <catch2/catch.hpp>
#include <string>

#include "config/overrides.hpp"
#include "config/yaml_reader.hpp"
#include "support/config_error.hpp"

using namespace regiosim;
using namespace regiosim::config;
using Catch::Matchers::Contains;

using regiosim::test::config_error;

namespace {

Node scenario() {
  return parse_yaml(
      "metadata:\n"
      "  name: test\n"
      "sectors:\n"
      "  - code: EQP\n"
      "    volatility: 0.02\n"
      "  - code: AGR\n"
      "    volatility: 0.03\n"
      "  - id: SRV\n"
      "    volatility: 0.04\n"
      "targets:\n"
      "  - name: gdp_2025\n"
      "    threshold: 1.5\n"
      "weights: [1, 2, 3]\n"
      "empty:\n",
      "s.yaml");
}

}  // namespace

TEST_CASE("overrides: --set replaces a map value and marks it with its column", "[unit][config]") {
  Node root = scenario();
  apply_override(root, "metadata.name=other", 1);
  const Node& name = *root.find("metadata")->find("name");
  CHECK(name.text() == "other");
  CHECK_FALSE(name.quoted());
  CHECK(*name.mark().file == "--set");
  CHECK(name.mark().line == 1);
  CHECK(name.mark().column == 15);
  // The key itself stays where the file wrote it.
  CHECK(*root.find("metadata")->key_mark("name").file == "s.yaml");

  apply_override(root, "metadata.name=\"12\"", 1);
  CHECK(root.find("metadata")->find("name")->quoted());
  CHECK(root.find("metadata")->find("name")->text() == "12");
}

TEST_CASE("overrides: --set addresses list items by index, [index], code, id or name",
          "[unit][config]") {
  Node root = scenario();
  apply_override(root, "sectors.1.volatility=0.5", 1);
  apply_override(root, "sectors[2].volatility=0.6", 1);
  apply_override(root, "sectors.EQP.volatility=0.7", 1);
  apply_override(root, "sectors.SRV.extra=x", 1);
  apply_override(root, "targets.gdp_2025.threshold=2", 1);
  apply_override(root, "weights[0]=9", 1);
  const auto& sectors = root.find("sectors")->items();
  CHECK(sectors[0].find("volatility")->text() == "0.7");
  CHECK(sectors[1].find("volatility")->text() == "0.5");
  CHECK(sectors[2].find("volatility")->text() == "0.6");
  CHECK(sectors[2].find("extra")->text() == "x");
  CHECK(root.find("targets")->items()[0].find("threshold")->text() == "2");
  CHECK(root.find("weights")->items()[0].text() == "9");

  apply_override(root, "sectors.AGR={code: AGR, volatility: 0.1}", 1);
  CHECK(sectors[1].find("volatility")->text() == "0.1");
}

TEST_CASE("overrides: --set creates missing keys and intermediate maps", "[unit][config]") {
  Node root = scenario();
  apply_override(root, "investment.block_defaults.growth_mean=0.05", 1);
  const Node& investment = *root.find("investment");
  REQUIRE(investment.is_map());
  const Node& value = *investment.find("block_defaults")->find("growth_mean");
  CHECK(value.text() == "0.05");
  CHECK(value.mark().column == 39);
  // A created key points at its segment, so an unknown key is reported there.
  CHECK(*root.key_mark("investment").file == "--set");
  CHECK(root.key_mark("investment").column == 1);
  CHECK(investment.key_mark("block_defaults").column == 12);
  CHECK(root.entries().back().first == "investment");

  // A null value becomes a map when a path goes through it; so does an empty document.
  apply_override(root, "empty.a=1", 1);
  CHECK(root.find("empty")->find("a")->text() == "1");
  Node nothing = parse_yaml("", "e.yaml");
  apply_override(nothing, "a.b=1", 1);
  CHECK(nothing.find("a")->find("b")->text() == "1");
}

TEST_CASE("overrides: --set values are YAML flow syntax", "[unit][config]") {
  Node root = scenario();
  apply_override(root, "weights=[1, 2]", 1);
  const Node& weights = *root.find("weights");
  REQUIRE(weights.is_sequence());
  REQUIRE(weights.items().size() == 2);
  CHECK(weights.mark().column == 9);
  CHECK(weights.items()[1].text() == "2");
  CHECK(weights.items()[1].mark().column == 13);

  apply_override(root, "a={b: 1, c: [x]}", 1);
  const Node& a = *root.find("a");
  REQUIRE(a.is_map());
  CHECK(a.find("b")->text() == "1");
  CHECK(a.key_mark("c").column == 10);

  apply_override(root, "b=\"text with = sign\"", 1);
  CHECK(root.find("b")->text() == "text with = sign");
  CHECK(root.find("b")->quoted());
  apply_override(root, "c=abc", 1);
  CHECK_FALSE(root.find("c")->quoted());
  apply_override(root, "d=", 1);
  CHECK(root.find("d")->is_null());
  apply_override(root, "e=\xE4\xB8\xAD\xE6\x96\x87", 1);
  CHECK(root.find("e")->text() == "\xE4\xB8\xAD\xE6\x96\x87");
}

TEST_CASE("overrides: --set errors point at the option and its column", "[unit][config]") {
  Node root = scenario();
  CHECK(config_error([&] { apply_override(root, "metadata.name", 1); }) ==
        "--set:1:1: missing '=' (expected key.path=value)");
  CHECK(config_error([&] { apply_override(root, "=5", 1); }) ==
        "--set:1:1: empty key path (expected key.path=value)");
  CHECK(config_error([&] { apply_override(root, "a..b=1", 1); }) ==
        "--set:1:3: a.: empty key in the key path (expected key.path=value)");
  CHECK(config_error([&] { apply_override(root, "weights[x]=1", 1); }) ==
        "--set:1:8: weights: bad list index (expected [N] with N a whole number)");
  CHECK(config_error([&] { apply_override(root, "weights[1]x=1", 1); }) ==
        "--set:1:11: weights[1]: unexpected 'x' (expected '.' or '[')");
  CHECK(config_error([&] { apply_override(root, "sectors[7].volatility=1", 1); }) ==
        "--set:1:8: sectors[7]: index 7 out of range (list has 3 items)");
  CHECK(config_error([&] { apply_override(root, "weights.99999999999999999999999=1", 1); }) ==
        "--set:1:9: weights.99999999999999999999999: index 99999999999999999999999 out of range "
        "(list has 3 items)");
  CHECK(config_error([&] { apply_override(root, "sectors.EQX.volatility=1", 1); }) ==
        "--set:1:9: sectors.EQX: no item with code, id or name 'EQX' (did you mean 'EQP'?)");
  CHECK(config_error([&] { apply_override(root, "sectors.steel.volatility=1", 1); }) ==
        "--set:1:9: sectors.steel: no item with code, id or name 'steel' (expected an index, or "
        "the code, id or name of an item)");
  CHECK(config_error([&] { apply_override(root, "metadata.name.first=1", 1); }) ==
        "--set:1:15: metadata.name.first: cannot go into a scalar (expected a map or a list)");
  CHECK(config_error([&] { apply_override(root, "metadata[0]=1", 1); }) ==
        "--set:1:9: metadata[0]: expected a list, found a map");
  CHECK(config_error([&] { apply_override(root, "empty[0]=1", 1); }) ==
        "--set:1:6: empty[0]: expected a list, found null");
  CHECK(config_error([&] { apply_override(root, "a=b\nc: d", 1); }) ==
        "--set:1:4: line break in --set (expected key.path=value on one line)");

  std::string deep = "a";
  for (int i = 0; i < 100; ++i)
    deep += ".a";
  CHECK_THAT(config_error([&] { apply_override(root, deep + "=1", 1); }),
             Contains("key path too long (expected at most 64 steps)"));
}

TEST_CASE("overrides: --set value errors are shifted to their column in the option",
          "[unit][config]") {
  Node root = scenario();
  // "weights=" is 8 characters: the value's column 1 is the option's column 9.
  CHECK(config_error([&] { apply_override(root, "weights=[1, 2", 1); }) ==
        "--set:1:9: weights: YAML syntax error (end of sequence flow not found)");
  CHECK(config_error([&] { apply_override(root, "x.y={a: 1, a: 2}", 1); }) ==
        "--set:1:12: x.y.a: duplicate key 'a' (expected each key once; first at line 1, column 6)");
  CHECK(config_error([&] { apply_override(root, "x=!!float 1", 1); }) ==
        "--set:1:3: x: tag '!!float' is not supported (expected no tag)");
  CHECK(config_error([&] { apply_override(root, "w=[[1], [x, *nope]]", 1); }) ==
        "--set:1:13: w: YAML syntax error (the referenced anchor is not defined)");
  CHECK(config_error([&] { apply_override(root, "w=[[1], {a: [b, \"c]}]", 1); }) ==
        "--set:1:22: w: YAML syntax error (illegal EOF in scalar)");
  // The line is the option's number, so the message says which --set is wrong.
  CHECK(config_error([&] { apply_override(root, "weights=[1, 2", 3); }) ==
        "--set:3:9: weights: YAML syntax error (end of sequence flow not found)");
  CHECK(config_error([&] { apply_override(root, "sectors[9]=1", 2); }) ==
        "--set:2:8: sectors[9]: index 9 out of range (list has 3 items)");
  apply_override(root, "weights=[5]", 4);
  CHECK(root.find("weights")->items()[0].mark().line == 4);
  CHECK(root.find("weights")->items()[0].mark().column == 10);
}
