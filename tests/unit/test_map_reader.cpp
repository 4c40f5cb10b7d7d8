// Typed reading: numbers, integers, booleans, choices, lists, matrices, defaults written into the
// tree, unknown keys, and did_you_mean.
#include <catch2/catch.hpp>
#include <string>

#include "config/map_reader.hpp"
#include "config/yaml_emitter.hpp"
#include "config/yaml_reader.hpp"
#include "support/config_error.hpp"

using namespace regiosim;
using namespace regiosim::config;

using regiosim::test::config_error;

namespace {

// The ConfigError of reading `yaml` ("v: ...") with `read`, or "" if none.
template <class F>
std::string read_error(const std::string& yaml, F&& read) {
  Node root = parse_yaml(yaml, "m.yaml");
  return config_error([&] {
    MapReader reader(root, "sec");
    read(reader);
  });
}

double number_of(const std::string& text, const Bounds& bounds = {}) {
  Node root = parse_yaml("v: " + text, "m.yaml");
  return MapReader(root, "").number("v", bounds);
}

}  // namespace

TEST_CASE("numbers are finite decimals", "[unit][config]") {
  CHECK(number_of("1.5") == 1.5);
  CHECK(number_of("-2") == -2.0);
  CHECK(number_of("+0.25") == 0.25);
  CHECK(number_of(".5") == 0.5);
  CHECK(number_of("1.") == 1.0);
  CHECK(number_of("1e3") == 1000.0);
  CHECK(number_of("2.5E-2") == 0.025);

  for (const char* bad :
       {".nan", ".NaN", ".inf", "-.inf", "+.Inf", "nan", "inf", "infinity", "-Infinity"}) {
    CHECK(read_error(std::string("v: ") + bad, [](MapReader& m) { m.number("v"); }) ==
          std::string("m.yaml:1:4: sec.v: ") + bad +
              " is not a finite number (expected a finite number)");
  }
  for (const char* bad :
       {"0x10", "1_000", "1,5", "e3", "1e", "--1", "abc", "1.5.2", ". 5", "0o17"}) {
    CHECK(read_error(std::string("v: ") + bad, [](MapReader& m) { m.number("v"); }) ==
          std::string("m.yaml:1:4: sec.v: '") + bad +
              "' is not a number (expected a decimal number)");
  }
  CHECK(read_error("v: 1e999", [](MapReader& m) { m.number("v"); }) ==
        "m.yaml:1:4: sec.v: 1e999 is out of the range of a double (expected a finite number)");
  CHECK(read_error("v: \"1.5\"", [](MapReader& m) { m.number("v"); }) ==
        "m.yaml:1:4: sec.v: expected a number, found a string");
  CHECK(read_error("v: [1]", [](MapReader& m) { m.number("v"); }) ==
        "m.yaml:1:4: sec.v: expected a number, found a list");
  CHECK(read_error("v:\nw: 1", [](MapReader& m) { m.number("v"); }) ==
        "m.yaml:1:1: sec.v: expected a number, found null");
  CHECK(read_error("w: 1", [](MapReader& m) { m.number("v", Bounds::unit()); }) ==
        "m.yaml:1:1: sec.v: missing key 'v' (expected a number in [0, 1])");
}

TEST_CASE("numbers outside their bounds name the value as written", "[unit][config]") {
  CHECK(read_error("v: 0.70", [](MapReader& m) { m.number("v", Bounds::closed(0, 0.5)); }) ==
        "m.yaml:1:4: sec.v: 0.70 is out of range (expected a number in [0, 0.5])");
  CHECK(read_error("v: 1.5", [](MapReader& m) { m.number("v", Bounds::unit()); }) ==
        "m.yaml:1:4: sec.v: 1.5 is out of range (expected a number in [0, 1])");
  CHECK(read_error("v: 0", [](MapReader& m) { m.number("v", Bounds::positive()); }) ==
        "m.yaml:1:4: sec.v: 0 is out of range (expected a number > 0)");
  CHECK(read_error("v: 1", [](MapReader& m) {
          m.number("v", Bounds{-1, 1, true, true, nullptr});
        }) == "m.yaml:1:4: sec.v: 1 is out of range (expected a number in (-1, 1))");
  CHECK(number_of("0", Bounds::unit()) == 0.0);
  CHECK(number_of("1", Bounds::unit()) == 1.0);
  CHECK(Bounds{-std::numeric_limits<double>::infinity(), 0.25, false, true, nullptr}.describe() ==
        "a number < 0.25");
  CHECK(Bounds::non_negative().contains(0.0));
  CHECK_FALSE(Bounds::positive().contains(0.0));
}

TEST_CASE("integers are whole numbers that fit a long", "[unit][config]") {
  Node root = parse_yaml("a: 42\nb: 1e6\nc: -3.0\nd: +7\ne: 9223372036854775807\n", "m.yaml");
  MapReader r(root, "");
  CHECK(r.integer("a") == 42);
  CHECK(r.integer("b") == 1000000);
  CHECK(r.integer("c") == -3);
  CHECK(r.integer("d") == 7);
  CHECK(r.integer("e") == std::numeric_limits<long>::max());

  CHECK(read_error("v: 2.5", [](MapReader& m) { m.integer("v"); }) ==
        "m.yaml:1:4: sec.v: 2.5 is not a whole number (expected an integer)");
  CHECK(read_error("v: 9223372036854775808", [](MapReader& m) { m.integer("v"); }) ==
        "m.yaml:1:4: sec.v: 9223372036854775808 is too large (expected an integer)");
  CHECK(read_error("v: 1e300", [](MapReader& m) { m.integer("v"); }) ==
        "m.yaml:1:4: sec.v: 1e300 is too large (expected an integer)");
  CHECK(read_error("v: 0", [](MapReader& m) { m.integer("v", 1, 100); }) ==
        "m.yaml:1:4: sec.v: 0 is out of range (expected an integer in [1, 100])");
  CHECK(read_error("v: 0", [](MapReader& m) {
          m.integer("v", 1, std::numeric_limits<long>::max());
        }) == "m.yaml:1:4: sec.v: 0 is out of range (expected an integer >= 1)");
  CHECK(read_error("v: '3'", [](MapReader& m) { m.integer("v"); }) ==
        "m.yaml:1:4: sec.v: expected an integer, found a string");
  CHECK(read_error("v: .inf", [](MapReader& m) { m.integer("v"); }) ==
        "m.yaml:1:4: sec.v: .inf is not a finite number (expected a finite number)");
}

TEST_CASE("booleans, strings and choices", "[unit][config]") {
  Node root = parse_yaml("a: true\nb: FALSE\nc: True\nname: \"x\"\nplain: y z\n", "m.yaml");
  MapReader r(root, "");
  CHECK(r.boolean("a", false));
  CHECK_FALSE(r.boolean("b", true));
  CHECK(r.boolean("c", false));
  CHECK(r.string("name") == "x");
  CHECK(r.string("plain") == "y z");

  CHECK(read_error("v: yes", [](MapReader& m) { m.boolean("v", false); }) ==
        "m.yaml:1:4: sec.v: 'yes' is not a boolean (expected true or false)");
  CHECK(read_error("v: 'true'", [](MapReader& m) { m.boolean("v", false); }) ==
        "m.yaml:1:4: sec.v: expected true or false, found a string");
  CHECK(read_error("v: {a: 1}", [](MapReader& m) { m.string("v"); }) ==
        "m.yaml:1:4: sec.v: expected a string, found a map");

  const std::vector<std::string> types{"supply", "demand"};
  CHECK(
      read_error("type: suply", [&](MapReader& m) { m.choice("type", types); }) ==
      "m.yaml:1:7: sec.type: 'suply' is not allowed (expected one of: supply, demand; did you mean "
      "'supply'?)");
  CHECK(read_error("type: both", [&](MapReader& m) { m.choice("type", types); }) ==
        "m.yaml:1:7: sec.type: 'both' is not allowed (expected one of: supply, demand)");
  CHECK(read_error("x: 1", [&](MapReader& m) { m.choice("type", types); }) ==
        "m.yaml:1:1: sec.type: missing key 'type' (expected one of: supply, demand)");
  Node quoted = parse_yaml("type: \"demand\"", "m.yaml");
  CHECK(MapReader(quoted, "").choice("type", types) == "demand");
}

TEST_CASE("absent keys get their defaults written into the tree", "[unit][config]") {
  Node root = parse_yaml("sec:\n  given: 2\n", "m.yaml");
  MapReader top(root, "");
  MapReader r = top.map("sec");
  CHECK(r.number("given", 5.0) == 2.0);
  CHECK(r.number("rate", 0.1) == 0.1);
  CHECK(r.number("small", 1e-7) == 1e-7);
  CHECK(r.integer("years", 15, 1, 100) == 15);
  CHECK(r.boolean("flag", true));
  CHECK(r.string("label", "") == "");
  CHECK(r.choice("mode", {"a", "b"}, "b") == "b");
  CHECK(r.number_list("weights", std::vector<double>{0.4, 0.4, 0.2}, Bounds::unit()) ==
        std::vector<double>{0.4, 0.4, 0.2});
  MapReader inner = r.optional_map("inner");
  CHECK(inner.number("x", 3.0) == 3.0);
  inner.finish();
  r.finish();
  top.finish();

  const Node& sec = *root.find("sec");
  CHECK(sec.find("rate")->text() == "0.1");
  CHECK_FALSE(sec.find("rate")->quoted());
  CHECK(sec.find("small")->text() == "1e-07");
  CHECK(sec.find("years")->text() == "15");
  CHECK(sec.find("flag")->text() == "true");
  CHECK(sec.find("label")->quoted());
  CHECK(sec.find("mode")->text() == "b");
  CHECK(sec.find("weights")->items().size() == 3);
  CHECK(sec.find("inner")->find("x")->text() == "3");
  // Defaults point at the map they were added to.
  CHECK(sec.find("rate")->mark().line == 2);
  CHECK(sec.find("rate")->mark().column == 3);
  CHECK(*sec.find("rate")->mark().file == "m.yaml");

  // Re-reading the emitted tree gives the same values.
  Node again = parse_yaml(emit_yaml(root), "again.yaml");
  MapReader r2 = MapReader(again, "").map("sec");
  CHECK(r2.number("small") == 1e-7);
  CHECK(r2.string("label").empty());
  CHECK(r2.number_list("weights") == std::vector<double>{0.4, 0.4, 0.2});
}

TEST_CASE("maps: null is empty, wrong kinds and missing required maps are errors",
          "[unit][config]") {
  Node root = parse_yaml("a:\nb: [1]\n", "m.yaml");
  MapReader r(root, "");
  MapReader a = r.map("a");
  CHECK(a.number("x", 1.0) == 1.0);
  CHECK(root.find("a")->is_map());
  CHECK(config_error([&] { r.map("b"); }) == "m.yaml:2:4: b: expected a map, found a list");
  CHECK(config_error([&] { r.map("c"); }) == "m.yaml:1:1: c: missing key 'c' (expected a map)");
  CHECK(config_error([&] { r.sequence("a"); }) == "m.yaml:1:1: a: expected a list, found a map");
  CHECK(config_error([&] { r.at("zz"); }) == "m.yaml:1:1: zz: missing key 'zz' (expected a value)");
  Node list = parse_yaml("[1]", "m.yaml");
  CHECK(config_error([&] { MapReader bad(list, "sectors[3]"); }) ==
        "m.yaml:1:1: sectors[3]: expected a map, found a list");
  CHECK(config_error([&] { r.fail("b", "custom problem (expected something)"); }) ==
        "m.yaml:2:4: b: custom problem (expected something)");
  CHECK(config_error([&] { r.fail("nope", "absent (expected it)"); }) ==
        "m.yaml:1:1: nope: absent (expected it)");
}

TEST_CASE("finish rejects unknown keys at the key, with a suggestion", "[unit][config]") {
  Node root = parse_yaml("sectors:\n  - code: A\n    volatilty: 0.1\n    foo: 1\n", "m.yaml");
  MapReader top(root, "");
  std::vector<Node>& items = top.sequence("sectors");
  MapReader r(items[0], "sectors[0]");
  r.string("code");
  r.number("volatility", 0.2);
  r.number("depreciation", 0.1);
  CHECK(config_error([&] { r.finish(); }) ==
        "m.yaml:3:5: sectors[0].volatilty: unknown key 'volatilty' (did you mean 'volatility'?)");
  items[0].erase("volatilty");
  CHECK(config_error([&] { r.finish(); }) ==
        "m.yaml:4:5: sectors[0].foo: unknown key 'foo' (expected one of: code, volatility, "
        "depreciation)");
  items[0].erase("foo");
  CHECK_NOTHROW(r.finish());
  CHECK(config_error([&] { top.finish(); }) == "");

  Node other = parse_yaml("x: 1\n", "m.yaml");
  CHECK(config_error([&] { MapReader(other, "none").finish(); }) ==
        "m.yaml:1:1: none.x: unknown key 'x' (expected no keys here)");
  // has() counts as asking.
  MapReader asked(other, "");
  CHECK(asked.has("x"));
  CHECK_FALSE(asked.has("y"));
  CHECK_NOTHROW(asked.finish());
}

TEST_CASE("number lists and matrices", "[unit][config]") {
  Node root = parse_yaml(
      "list: [0.1, 0.2]\n"
      "bad_list: [0.1, x]\n"
      "m: [[1, 0.5], [0.5, 1]]\n"
      "ragged:\n  - [1, 2, 3]\n  - [1, 2]\n"
      "not_rows: [1, 2]\n"
      "out: [[1, 2]]\n"
      "empty: []\n",
      "m.yaml");
  MapReader r(root, "c");
  CHECK(r.number_list("list") == std::vector<double>{0.1, 0.2});
  CHECK(config_error([&] { r.number_list("bad_list"); }) ==
        "m.yaml:2:17: c.bad_list[1]: 'x' is not a number (expected a decimal number)");
  const Eigen::MatrixXd m = r.matrix("m");
  REQUIRE(m.rows() == 2);
  REQUIRE(m.cols() == 2);
  CHECK(m(0, 1) == 0.5);
  CHECK(m(1, 1) == 1.0);
  CHECK(config_error([&] { r.matrix("ragged"); }) ==
        "m.yaml:6:5: c.ragged[1]: row 1 has 2 numbers (expected 3, as in row 0)");
  CHECK(config_error([&] { r.matrix("not_rows"); }) ==
        "m.yaml:7:12: c.not_rows[0]: expected a list of numbers (a matrix row), found a scalar");
  CHECK(config_error([&] { r.matrix("out", Bounds::unit()); }) ==
        "m.yaml:8:11: c.out[0][1]: 2 is out of range (expected a number in [0, 1])");
  CHECK(r.matrix("empty").size() == 0);
  CHECK(config_error([&] { r.number_list("nothing"); }) ==
        "m.yaml:1:1: c.nothing: missing key 'nothing' (expected a list)");
}

TEST_CASE("did_you_mean suggests close candidates only", "[unit][config]") {
  const std::vector<std::string> keys{"volatility", "depreciation", "tfp_drift", "va_share"};
  CHECK(did_you_mean("volatilty", keys) == std::optional<std::string>("volatility"));
  CHECK(did_you_mean("volatiltiy", keys) == std::optional<std::string>("volatility"));
  CHECK(did_you_mean("tfp_dirft", keys) == std::optional<std::string>("tfp_drift"));
  CHECK(did_you_mean("va_shares", keys) == std::optional<std::string>("va_share"));
  CHECK(did_you_mean("VA_SHARE", keys) == std::nullopt);
  CHECK(did_you_mean("foo", keys) == std::nullopt);
  CHECK(did_you_mean("", keys) == std::nullopt);
  CHECK(did_you_mean("x", {}) == std::nullopt);
  // Short words allow one edit; longer ones up to a third of their length, at most 3.
  CHECK(did_you_mean("EQX", {"EQP", "AGR"}) == std::optional<std::string>("EQP"));
  CHECK(did_you_mean("EXX", {"EQP"}) == std::nullopt);
  CHECK(did_you_mean("depreciaton_rate", {"depreciation_rate"}) ==
        std::optional<std::string>("depreciation_rate"));
  CHECK(did_you_mean("abcdefghijklmnop", {"abcdefghijklXXXX"}) == std::nullopt);
  // The closest wins; on a tie, the first.
  CHECK(did_you_mean("cat", {"cut", "cast", "car"}) == std::optional<std::string>("cut"));
}

TEST_CASE("values echoed in messages are cut at ECHO_LIMIT bytes", "[unit][config]") {
  // Issue 13: a 100,000-digit value was echoed whole (a 100 KB line).
  CHECK(config::echoed("12345") == "12345");
  const std::string digits(100000, '9');
  const std::string cut = config::echoed(digits);
  CHECK(cut == std::string(57, '9') + "... (100000 bytes)");
  // Never inside a UTF-8 sequence: 56 ASCII bytes, then 3-byte characters from byte 56.
  std::string mixed(56, 'a');
  for (int i = 0; i < 30; ++i)
    mixed += "\xe5\x8d\x83";  // 千
  CHECK(config::echoed(mixed) == std::string(56, 'a') + "... (146 bytes)");
  const std::string message = test::config_error([&] {
    Node root = parse_yaml("x: " + digits + "\n", "long.yaml");
    MapReader r(root, "");
    r.number("x");
  });
  CHECK(message.size() < 200);
  CHECK(message.find("(100000 bytes) is out of the range of a double") != std::string::npos);
}
