// Reading YAML into config::Node: marks, syntax errors, budgets (depth, nodes, aliases, size),
// encodings, and `extends` resolution.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "config/yaml_reader.hpp"
#include "support/config_error.hpp"

using namespace regiosim;
using namespace regiosim::config;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

using regiosim::test::config_error;

namespace {

namespace fs = std::filesystem;

// A fresh directory under the test tmp dir.
fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::path(REGIOSIM_TEST_TMP) / "yaml_reader" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string nested_lists(int depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("scalars keep their text, quoting and 1-based marks", "[unit][config]") {
  const Node root =
      parse_yaml("a: 1.50\nb: \"x y\"\nc: 'z'\nd: |\n  lit\ne: plain text\n", "t.yaml");
  REQUIRE(root.is_map());
  REQUIRE(root.entries().size() == 5);
  const Node& a = *root.find("a");
  CHECK(a.text() == "1.50");
  CHECK_FALSE(a.quoted());
  CHECK(*a.mark().file == "t.yaml");
  CHECK(a.mark().line == 1);
  CHECK(a.mark().column == 4);
  CHECK(root.key_mark("b").line == 2);
  CHECK(root.key_mark("b").column == 1);
  CHECK(root.find("b")->quoted());
  CHECK(root.find("b")->text() == "x y");
  CHECK(root.find("c")->quoted());
  // Block scalars are strings, like quoted ones.
  CHECK(root.find("d")->quoted());
  CHECK(root.find("d")->text() == "lit\n");
  CHECK(root.find("e")->text() == "plain text");
  CHECK_FALSE(root.find("e")->quoted());
}

TEST_CASE("line endings and plain scalars that only a string can be", "[unit][config]") {
  const Node root = parse_yaml("a: 1\r\nb: [x,\r\n  y]\r\n", "crlf.yaml");
  CHECK(root.find("b")->items()[1].text() == "y");
  CHECK(root.find("b")->items()[1].mark().line == 3);
  CHECK(config_error([] { parse_yaml("a: 1\rb: 2\n", "cr.yaml"); }) ==
        "cr.yaml:1:5: control character 0x0D is not allowed (expected UTF-8 text)");
  // A plain scalar folded over a blank line, or a lone "-" in a flow list, cannot be written
  // back plain: they count as quoted (they are strings either way).
  const Node odd = parse_yaml("a: one\n\n  two\nb: [-]\nc: plain\n", "odd.yaml");
  CHECK(odd.find("a")->text() == "one\ntwo");
  CHECK(odd.find("a")->quoted());
  CHECK(odd.find("b")->items()[0].text() == "-");
  CHECK(odd.find("b")->items()[0].quoted());
  CHECK_FALSE(odd.find("c")->quoted());
}

TEST_CASE("null values, empty documents and key order", "[unit][config]") {
  const Node root = parse_yaml("z: ~\ny: null\nx:\nw: Null\n", "t.yaml");
  REQUIRE(root.entries().size() == 4);
  CHECK(root.entries()[0].first == "z");
  CHECK(root.entries()[3].first == "w");
  for (const auto& entry : root.entries())
    CHECK(entry.second.is_null());
  // `x:` points at its key, not at the next line where yaml-cpp puts the null.
  CHECK(root.find("x")->mark().line == 3);
  CHECK(root.find("x")->mark().column == 1);

  CHECK(parse_yaml("", "e.yaml").is_null());
  CHECK(parse_yaml("# only a comment\n", "e.yaml").is_null());
  CHECK(parse_yaml("---\n", "e.yaml").is_null());
}

TEST_CASE("aliases are expanded as copies", "[unit][config]") {
  const Node root = parse_yaml("a: &x {b: 1}\nc: *x\nd: &s text\ne: *s\n", "t.yaml");
  const Node& c = *root.find("c");
  REQUIRE(c.is_map());
  CHECK(c.find("b")->text() == "1");
  // The copy's root is where the alias was used; its insides are where they were written.
  CHECK(c.mark().line == 2);
  CHECK(c.find("b")->mark().line == 1);
  CHECK(root.find("e")->text() == "text");
}

TEST_CASE("YAML syntax errors carry the file, line and column", "[unit][config]") {
  CHECK_THAT(
      config_error([] { parse_yaml("a: 1\nb: [1, 2\nc: 3\n", "s.yaml"); }),
      StartsWith("s.yaml:") && Contains("YAML syntax error (end of sequence flow not found)"));
  CHECK(config_error([] { parse_yaml("a: b: c\n", "s.yaml"); }) ==
        "s.yaml:1:5: YAML syntax error (illegal map value)");
  CHECK(config_error([] { parse_yaml("a:\n  b: 1\n c: 2\n", "s.yaml"); }) ==
        "s.yaml:3:2: YAML syntax error (end of map not found)");
  CHECK(config_error([] { parse_yaml("a: \"open", "s.yaml"); }) ==
        "s.yaml:1:9: YAML syntax error (illegal EOF in scalar)");
  // yaml-cpp 0.7 accepts these as a null document followed by junk, or hangs on them in LoadAll.
  CHECK_THAT(config_error([] { parse_yaml(",", "s.yaml"); }),
             StartsWith("s.yaml:1:1: ") && Contains("expected a single YAML document"));
  CHECK_THAT(config_error([] { parse_yaml("[:", "s.yaml"); }), StartsWith("s.yaml:1:2: "));
  // yaml-cpp first reports an unclosed flow list at the end as a map with a list for a key.
  CHECK(config_error([] { parse_yaml("[1, 2", "s.yaml"); }) ==
        "s.yaml:1:1: YAML syntax error (end of sequence flow not found)");
  CHECK_THAT(config_error([] { parse_yaml("{# ke\ny{:", "s.yaml"); }), StartsWith("s.yaml:2:3: "));
}

TEST_CASE("a quoted string that is never closed is an error", "[unit][config]") {
  // yaml-cpp 0.7 itself would read the rest of the file into the string.
  CHECK(config_error([] { parse_yaml("a: \"open\nb: 2\n", "q.yaml"); }) ==
        "q.yaml:1:4: a: quoted string never closed (expected a closing \")");
  CHECK(config_error([] { parse_yaml("a: 1\nb: [&x 'it''s\n", "q.yaml"); }) ==
        "q.yaml:2:8: b[0]: quoted string never closed (expected a closing ')");
  const Node root = parse_yaml("a: 'it''s'\nb: \"x\\\"y\\\\\"\n", "q.yaml");
  CHECK(root.find("a")->text() == "it's");
  CHECK(root.find("b")->text() == "x\"y\\");
}

TEST_CASE("a second document is an error", "[unit][config]") {
  CHECK(config_error([] { parse_yaml("a: 1\n---\nb: 2\n", "m.yaml"); }) ==
        "m.yaml:2:1: unexpected content after the end of the document (expected a single YAML "
        "document)");
  CHECK(parse_yaml("---\na: 1\n...\n", "m.yaml").is_map());
}

TEST_CASE("duplicate, null and complex keys are errors", "[unit][config]") {
  CHECK(config_error([] { parse_yaml("a: 1\nb: 2\na: 3\n", "d.yaml"); }) ==
        "d.yaml:3:1: a: duplicate key 'a' (expected each key once; first at line 1, column 1)");
  CHECK(
      config_error([] { parse_yaml("s:\n  - x: 1\n    x: 2\n", "d.yaml"); }) ==
      "d.yaml:3:5: s[0].x: duplicate key 'x' (expected each key once; first at line 2, column 5)");
  CHECK(config_error([] { parse_yaml("m: {k: 1, \"k\": 2}\n", "d.yaml"); }) ==
        "d.yaml:1:11: m.k: duplicate key 'k' (expected each key once; first at line 1, column 5)");
  CHECK(config_error([] { parse_yaml("~: 1\n", "d.yaml"); }) ==
        "d.yaml:1:1: a map key is null (expected a string key)");
  CHECK(config_error([] { parse_yaml("a:\n  ? [1, 2]\n  : 3\n", "d.yaml"); }) ==
        "d.yaml:2:5: a: a map key is a list (expected a string key)");
  CHECK(config_error([] { parse_yaml("{a: 1}: 2\n", "d.yaml"); }) ==
        "d.yaml:1:1: a map key is a map (expected a string key)");
}

TEST_CASE("tags are rejected", "[unit][config]") {
  CHECK(config_error([] { parse_yaml("a: !!float 1\n", "g.yaml"); }) ==
        "g.yaml:1:4: a: tag '!!float' is not supported (expected no tag)");
  CHECK(config_error([] { parse_yaml("a: !custom [1]\n", "g.yaml"); }) ==
        "g.yaml:1:4: a: tag '!custom' is not supported (expected no tag)");
  // The non-specific tag `!` only says "string", like quotes.
  CHECK(parse_yaml("a: ! 12\n", "g.yaml").find("a")->quoted());
}

TEST_CASE("nesting deeper than max_depth is an error, not a stack overflow", "[unit][config]") {
  CHECK_NOTHROW(parse_yaml(nested_lists(64), "n.yaml"));
  std::string path;
  for (int i = 0; i < 64; ++i)
    path += "[0]";
  CHECK(config_error([] { parse_yaml(nested_lists(200), "n.yaml"); }) ==
        "n.yaml:1:65: " + path + ": nesting too deep (expected at most 64 levels)");
  // Past yaml-cpp's own recursion guard (2000) too.
  CHECK_THAT(config_error([] { parse_yaml(nested_lists(100000), "n.yaml"); }),
             StartsWith("n.yaml:1:65: ") && Contains("nesting too deep"));
  std::string block;
  for (int i = 0; i < 100; ++i)
    block += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
  CHECK_THAT(config_error([&] { parse_yaml(block, "n.yaml"); }),
             StartsWith("n.yaml:65:129: k0.k1.k2.") && Contains(".k62.k63: nesting too deep"));
  ReadLimits shallow;
  shallow.max_depth = 2;
  CHECK_NOTHROW(parse_yaml("a: {b: 1}", "n.yaml", shallow));
  CHECK_THAT(config_error([&] { parse_yaml("a: {b: [1]}", "n.yaml", shallow); }),
             StartsWith("n.yaml:1:8: a.b: nesting too deep"));
  // An alias counts with the depth of what it copies.
  CHECK_THAT(config_error([&] { parse_yaml("x: &x [1]\na: {b: *x}", "n.yaml", shallow); }),
             StartsWith("n.yaml:2:8: a.b: nesting too deep"));
}

TEST_CASE("an alias bomb exhausts the node budget quickly", "[unit][config]") {
  std::string bomb =
      "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [*" + prev + ",*" + prev + ",*" + prev + ",*" + prev +
            ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + ",*" + prev + "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const std::string error = config_error([&] { parse_yaml(bomb, "bomb.yaml"); });
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK_THAT(
      error,
      StartsWith("bomb.yaml:") &&
          Contains("too many nodes (expected at most 1000000, counting each use of an alias)"));
  CHECK(seconds < 10.0);

  ReadLimits small;
  small.max_nodes = 10;
  CHECK_NOTHROW(parse_yaml("[1, 2, 3, 4, 5, 6, 7, 8]", "n.yaml", small));
  CHECK(config_error([&] { parse_yaml("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", "n.yaml", small); }) ==
        "n.yaml:1:29: [9]: too many nodes (expected at most 10, counting each use of an alias)");
}

TEST_CASE("aliases of long strings exhaust the text budget", "[unit][config]") {
  // 10^4 uses of a 2,000-byte string: 20 MB of text from 2 KB, far below the node budget (found
  // by fuzz/fuzz_scenario.cpp, issue 13).
  std::string bomb = "a: &a " + std::string(2000, 'x') + "\n";
  for (char c = 'b'; c <= 'e'; ++c) {
    const std::string prev(1, static_cast<char>(c - 1));
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i)
      bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  CHECK_THAT(
      config_error([&] { parse_yaml(bomb, "text.yaml"); }),
      StartsWith("text.yaml:5:") && Contains("too much text (expected at most 16777216 bytes"));

  ReadLimits small;
  small.max_text_bytes = 10;
  CHECK_NOTHROW(parse_yaml("{a: 12345, b: 123}", "t.yaml", small));
  CHECK(config_error([&] { parse_yaml("{a: 12345, b: 1234}", "t.yaml", small); }) ==
        "t.yaml:1:15: b: too much text (expected at most 10 bytes of keys and values, counting "
        "each use of an alias)");
}

TEST_CASE("an alias to a node that contains it is an error", "[unit][config]") {
  CHECK(
      config_error([] { parse_yaml("a: &x [*x]\n", "r.yaml"); }) ==
      "r.yaml:1:8: a[0]: alias refers to a node that contains it (expected an alias to a finished "
      "node)");
  CHECK(config_error([] { parse_yaml("&a {b: *a}\n", "r.yaml"); }) ==
        "r.yaml:1:8: b: alias refers to a node that contains it (expected an alias to a finished "
        "node)");
  CHECK_THAT(config_error([] { parse_yaml("a: &x\n  b: {c: *x}\n", "r.yaml"); }),
             StartsWith("r.yaml:2:10: a.b.c: alias refers to a node that contains it"));
  CHECK_THAT(config_error([] { parse_yaml("a: *nowhere\n", "r.yaml"); }),
             StartsWith("r.yaml:1:4: YAML syntax error (the referenced anchor is not defined)"));
}

TEST_CASE("invalid UTF-8, control characters and binary garbage are errors", "[unit][config]") {
  CHECK(config_error([] { parse_yaml("a: 1\nb: \xFF\n", "u.yaml"); }) ==
        "u.yaml:2:4: invalid UTF-8 byte 0xFF (expected UTF-8 text)");
  CHECK(config_error([] { parse_yaml("a: \xE4\xB8\n", "u.yaml"); }) ==
        "u.yaml:1:4: invalid UTF-8 byte 0x0A (expected UTF-8 text)");
  CHECK(config_error([] { parse_yaml("a: \xC0\xAF\n", "u.yaml"); }) ==
        "u.yaml:1:4: invalid UTF-8 byte 0xC0 (expected UTF-8 text)");
  CHECK(config_error([] { parse_yaml("a: \xED\xA0\x80\n", "u.yaml"); }) ==
        "u.yaml:1:4: invalid UTF-8 sequence (expected UTF-8 text)");
  CHECK(config_error([] { parse_yaml(std::string("a: x\0y", 6), "u.yaml"); }) ==
        "u.yaml:1:5: control character 0x00 is not allowed (expected UTF-8 text)");
  CHECK(config_error([] { parse_yaml("a: \x04\n", "u.yaml"); }) ==
        "u.yaml:1:4: control character 0x04 is not allowed (expected UTF-8 text)");
  // UTF-16 is not UTF-8.
  CHECK_THAT(config_error([] {
               parse_yaml(std::string("\xFF\xFE"
                                      "a\0:\0",
                                      6),
                          "u.yaml");
             }),
             StartsWith("u.yaml:1:1: invalid UTF-8 byte 0xFF"));

  std::mt19937 random(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int trial = 0; trial < 300; ++trial) {
    std::string garbage(static_cast<std::size_t>(1 + trial % 64), ' ');
    for (char& c : garbage)
      c = static_cast<char>(byte(random));
    try {
      parse_yaml(garbage, "g.yaml");
    } catch (const ConfigError&) {
    }
  }
}

TEST_CASE("random edits of valid YAML give a tree or a ConfigError", "[unit][config]") {
  const std::string valid =
      "a: &x {b: [1, 2, {c: \"d\"}], e: 'f'}\ng:\n  - *x\n  - h: |\n      text\n  - [i, j]\nk: ~\n";
  const std::string alphabet = "[]{}:,-?&*!|>'\"#%@`\n \t\\abc01.~";
  std::mt19937 random(2024);
  int trees = 0;
  int errors = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string text = valid;
    for (int edit = 0; edit < 1 + trial % 4; ++edit) {
      const std::size_t at = random() % text.size();
      text[at] = alphabet[random() % alphabet.size()];
    }
    const long lines = static_cast<long>(std::count(text.begin(), text.end(), '\n')) + 1;
    try {
      parse_yaml(text, "f.yaml");
      ++trees;
    } catch (const ConfigError& e) {
      // An error names this file at a place inside the text, with a message.
      ++errors;
      INFO(e.what());
      CHECK(e.location().file == "f.yaml");
      CHECK(e.location().line >= 1);
      CHECK(e.location().line <= lines);
      CHECK(e.location().column >= 1);
      CHECK_FALSE(e.message().empty());
    }
  }
  // Both outcomes occur, so the loop exercises the parser's error paths and its successes.
  CHECK(trees > 100);
  CHECK(errors > 100);
}

TEST_CASE("a UTF-8 byte order mark is skipped", "[unit][config]") {
  const Node root = parse_yaml("\xEF\xBB\xBFname: \xE4\xB8\xAD\xE6\x96\x87\n", "b.yaml");
  CHECK(root.find("name")->text() == "\xE4\xB8\xAD\xE6\x96\x87");
  CHECK(root.key_mark("name").column == 1);
}

TEST_CASE("text over max_file_bytes is rejected before parsing", "[unit][config]") {
  ReadLimits limits;
  limits.max_file_bytes = 16;
  CHECK(config_error([&] { parse_yaml("a: 12345678901234567890", "big.yaml", limits); }) ==
        "big.yaml:1:1: text too large (23 bytes, expected at most 16)");
}

TEST_CASE("files that cannot be read", "[unit][config]") {
  const fs::path dir = temp_dir("unreadable");
  CHECK(config_error([&] { load_yaml_file(dir.string()); }) ==
        dir.string() + ":1:1: cannot read file (is a directory)");
  const std::string missing = (dir / "missing.yaml").string();
  CHECK(config_error([&] { load_yaml_file(missing); }) ==
        missing + ":1:1: cannot read file (No such file or directory)");

  const fs::path big = dir / "big.yaml";
  write(big, "a: " + std::string(100, '1') + "\n");
  ReadLimits limits;
  limits.max_file_bytes = 50;
  CHECK(config_error([&] { load_yaml_file(big.string(), limits); }) ==
        big.string() + ":1:1: file is too large (104 bytes, expected at most 50 bytes)");
  CHECK(load_yaml_file(big.string()).find("a")->text() == std::string(100, '1'));
}

TEST_CASE("extends merges maps and replaces lists and scalars", "[unit][config]") {
  const fs::path dir = temp_dir("merge");
  write(dir / "common" / "base.yaml",
        "name: base\n"
        "horizon: {base_year: 2020, end_year: 2035}\n"
        "list: [1, 2, 3]\n"
        "nested: {deep: {keep: 1, change: 2}, other: x}\n"
        "only_base: 7\n");
  write(dir / "child.yaml",
        "extends: common/base.yaml\n"
        "horizon:\n"
        "  end_year: 2040\n"
        "list: [9]\n"
        "nested: {deep: {change: 3, add: 4}}\n"
        "name: child\n"
        "only_child: true\n");
  const std::string child = (dir / "child.yaml").string();
  const std::string base = (dir / "common" / "base.yaml").string();
  const Node root = load_yaml_file(child);

  REQUIRE(root.is_map());
  CHECK_FALSE(root.find("extends"));
  std::vector<std::string> keys;
  for (const auto& entry : root.entries())
    keys.push_back(entry.first);
  CHECK(keys ==
        std::vector<std::string>{"name", "horizon", "list", "nested", "only_base", "only_child"});

  CHECK(root.find("name")->text() == "child");
  const Node& horizon = *root.find("horizon");
  CHECK(horizon.find("base_year")->text() == "2020");
  CHECK(*horizon.find("base_year")->mark().file == base);
  CHECK(horizon.find("end_year")->text() == "2040");
  CHECK(*horizon.find("end_year")->mark().file == child);
  CHECK(horizon.find("end_year")->mark().line == 3);
  CHECK(horizon.find("end_year")->mark().column == 13);

  const Node& list = *root.find("list");
  REQUIRE(list.items().size() == 1);
  CHECK(list.items()[0].text() == "9");

  const Node& deep = *root.find("nested")->find("deep");
  CHECK(deep.find("keep")->text() == "1");
  CHECK(*deep.find("keep")->mark().file == base);
  CHECK(deep.find("change")->text() == "3");
  CHECK(deep.find("add")->text() == "4");
  CHECK(root.find("nested")->find("other")->text() == "x");
  CHECK(root.find("only_base")->mark().line == 5);
  CHECK(*root.key_mark("only_base").file == base);
  CHECK(*root.key_mark("only_child").file == child);
}

TEST_CASE("extends resolves chains, relative to each file", "[unit][config]") {
  const fs::path dir = temp_dir("chain");
  write(dir / "a" / "b" / "leaf.yaml", "extends: ../mid.yaml\nx: leaf\n");
  write(dir / "a" / "mid.yaml", "extends: ../root.yaml\ny: mid\nx: mid\n");
  write(dir / "root.yaml", "z: root\nx: root\ny: root\n");
  const Node root = load_yaml_file((dir / "a" / "b" / "leaf.yaml").string());
  CHECK(root.find("x")->text() == "leaf");
  CHECK(root.find("y")->text() == "mid");
  CHECK(root.find("z")->text() == "root");
  CHECK(*root.find("z")->mark().file == (dir / "root.yaml").string());

  const Node text = load_yaml_text("extends: root.yaml\nz: text\n", "<memory>", dir.string());
  CHECK(text.find("z")->text() == "text");
  CHECK(*text.find("z")->mark().file == "<memory>");
  CHECK(text.find("x")->text() == "root");

  ReadLimits limits;
  limits.max_extends_depth = 1;
  CHECK(config_error([&] { load_yaml_file((dir / "a" / "b" / "leaf.yaml").string(), limits); }) ==
        (dir / "a" / "mid.yaml").string() +
            ":1:10: extends: too many nested extends (expected at most 1)");
}

TEST_CASE("a missing or unreadable extends file points at the extends value", "[unit][config]") {
  const fs::path dir = temp_dir("missing");
  write(dir / "child.yaml", "# comment\nextends:   missing.yaml\na: 1\n");
  const std::string child = (dir / "child.yaml").string();
  CHECK(config_error([&] { load_yaml_file(child); }) ==
        child + ":2:12: extends: cannot read 'missing.yaml' (No such file or directory)");

  write(dir / "list.yaml", "extends: [a.yaml]\n");
  CHECK(config_error([&] { load_yaml_file((dir / "list.yaml").string()); }) ==
        (dir / "list.yaml").string() + ":1:10: extends: expected a file name, found a list");
  write(dir / "null.yaml", "extends:\n");
  CHECK(config_error([&] { load_yaml_file((dir / "null.yaml").string()); }) ==
        (dir / "null.yaml").string() + ":1:1: extends: expected a file name, found null");
  write(dir / "dir.yaml", "extends: .\n");
  CHECK(config_error([&] { load_yaml_file((dir / "dir.yaml").string()); }) ==
        (dir / "dir.yaml").string() + ":1:10: extends: cannot read '.' (is a directory)");

  write(dir / "big.yaml", "a: " + std::string(100, 'x') + "\n");
  write(dir / "small.yaml", "extends: big.yaml\n");
  ReadLimits limits;
  limits.max_file_bytes = 60;
  CHECK(config_error([&] { load_yaml_file((dir / "small.yaml").string(), limits); }) ==
        (dir / "small.yaml").string() +
            ":1:10: extends: 'big.yaml' is too large (104 bytes, expected at most 60 bytes)");

  // An error inside the base file points into the base file.
  write(dir / "bad_base.yaml", "a: [1,\n");
  write(dir / "uses_bad.yaml", "extends: bad_base.yaml\n");
  CHECK_THAT(config_error([&] { load_yaml_file((dir / "uses_bad.yaml").string()); }),
             StartsWith((dir / "bad_base.yaml").string() + ":") && Contains("YAML syntax error"));
}

TEST_CASE("cyclic extends is an error at the extends value that closes the cycle",
          "[unit][config]") {
  const fs::path dir = temp_dir("cycles");
  write(dir / "self.yaml", "extends: self.yaml\n");
  const std::string self = (dir / "self.yaml").string();
  CHECK(config_error([&] { load_yaml_file(self); }) ==
        self + ":1:10: extends: cyclic extends: " + self + " -> self.yaml");

  write(dir / "a.yaml", "extends: b.yaml\nx: 1\n");
  write(dir / "b.yaml", "y: 2\nextends: ./a.yaml\n");
  const std::string a = (dir / "a.yaml").string();
  const std::string error = config_error([&] { load_yaml_file(a); });
  CHECK(error == (dir / "b.yaml").string() + ":2:10: extends: cyclic extends: " + a +
                     " -> b.yaml -> ./a.yaml");
  CHECK_THAT(error, Contains("a.yaml -> b.yaml -> ./a.yaml"));

  // A cycle further down the chain names only the files in it.
  write(dir / "top.yaml", "extends: a.yaml\n");
  CHECK_THAT(config_error([&] { load_yaml_file((dir / "top.yaml").string()); }),
             Contains("cyclic extends: a.yaml -> b.yaml -> ./a.yaml"));
}

TEST_CASE("deep_merge", "[unit][config]") {
  Node base = parse_yaml("a: {b: 1, c: [1, 2]}\nd: 1\n", "base.yaml");
  deep_merge(base, parse_yaml("a: {c: [3], e: 4}\nd: {f: 5}\n", "over.yaml"));
  CHECK(base.find("a")->find("b")->text() == "1");
  CHECK(base.find("a")->find("c")->items().size() == 1);
  CHECK(base.find("a")->find("e")->text() == "4");
  CHECK(base.find("d")->is_map());

  Node scalar = parse_yaml("a: 1\n", "base.yaml");
  deep_merge(scalar, parse_yaml("[1]", "over.yaml"));
  CHECK(scalar.is_sequence());
}
