// emit_yaml: block-style YAML that parses back to the same tree.
#include <catch2/catch.hpp>
#include <string>

#include "config/yaml_emitter.hpp"
#include "config/yaml_reader.hpp"

using namespace regiosim;
using namespace regiosim::config;
using Catch::Matchers::Contains;

namespace {

// Same kinds, texts, quoting, key order and items; marks are not compared.
bool same_tree(const Node& a, const Node& b) {
  if (a.kind() != b.kind()) return false;
  if (a.is_scalar()) return a.text() == b.text() && a.quoted() == b.quoted();
  if (a.is_sequence()) {
    if (a.items().size() != b.items().size()) return false;
    for (std::size_t i = 0; i < a.items().size(); ++i) {
      if (!same_tree(a.items()[i], b.items()[i])) return false;
    }
  }
  if (a.is_map()) {
    if (a.entries().size() != b.entries().size()) return false;
    for (std::size_t i = 0; i < a.entries().size(); ++i) {
      if (a.entries()[i].first != b.entries()[i].first) return false;
      if (!same_tree(a.entries()[i].second, b.entries()[i].second)) return false;
    }
  }
  return true;
}

Node round_trip(const Node& tree) {
  return parse_yaml(emit_yaml(tree), "emitted.yaml");
}

}  // namespace

TEST_CASE("emitted YAML parses back to the same tree", "[unit][config]") {
  const std::string source =
      "metadata:\n"
      "  name: \"\xE6\xB7\xB1\xE5\x9C\xB3\xE5\xB8\x82 scenario\"\n"
      "  region: \xE5\xB9\xBF\xE4\xB8\x9C\n"
      "  quoted_number: \"1.5\"\n"
      "  single: 'it''s'\n"
      "  empty_string: \"\"\n"
      "  multi: |\n    line one\n    line two\n"
      "z_first: 1\n"
      "a_second: -0.5\n"
      "nothing: ~\n"
      "also_nothing:\n"
      "list: [1, two, \"3\", ~, [], {}]\n"
      "nested:\n"
      "  - code: EQP\n"
      "    shares: [0.1, 0.9]\n"
      "    sub: {k: v}\n"
      "  - [a, [b, c]]\n"
      "  - - x\n"
      "    - y: 1\n"
      "empty_map: {}\n"
      "empty_list: []\n"
      "\"key: with colon\": 1\n"
      "\"\": empty key\n"
      "\"null\": quoted null key\n"
      "'#hash': 2\n"
      "url: http://example.com/a#b\n"
      "negative: -3\n"
      "time: 12:30\n"
      "text: a, b\n"
      "special: \"tab\\there\\nnewline \\\" quote \\\\ backslash \\x01\"\n";
  const Node tree = parse_yaml(source, "s.yaml");
  const std::string out = emit_yaml(tree);
  INFO(out);
  CHECK(same_tree(tree, round_trip(tree)));
  // Chinese text is written as UTF-8, not escaped.
  CHECK_THAT(out, Contains("name: \"\xE6\xB7\xB1\xE5\x9C\xB3\xE5\xB8\x82 scenario\""));
  CHECK_THAT(out, Contains("region: \xE5\xB9\xBF\xE4\xB8\x9C\n"));
  CHECK_THAT(out, Contains("quoted_number: \"1.5\"\n"));
  CHECK_THAT(out, Contains("nothing: ~\n"));
  CHECK_THAT(out, Contains("empty_map: {}\n"));
  CHECK_THAT(out, Contains("z_first: 1\na_second: -0.5\n"));
}

TEST_CASE("emitted layout is block style", "[unit][config]") {
  const Node tree = parse_yaml("a: {b: [1, {c: d, e: f}], g: [[h, i]]}\n", "s.yaml");
  CHECK(emit_yaml(tree) ==
        "a:\n"
        "  b:\n"
        "    - 1\n"
        "    - c: d\n"
        "      e: f\n"
        "  g:\n"
        "    - - h\n"
        "      - i\n");
  CHECK(emit_yaml(parse_yaml("", "s.yaml")) == "~\n");
  CHECK(emit_yaml(parse_yaml("abc", "s.yaml")) == "abc\n");
  CHECK(emit_yaml(parse_yaml("[]", "s.yaml")) == "[]\n");
}

TEST_CASE("plain texts that would not read back as written are quoted", "[unit][config]") {
  const Mark mark;
  Node tree = Node::map(mark);
  const std::vector<std::string> awkward = {"",
                                            "null",
                                            "~",
                                            "Null",
                                            "- item",
                                            "-",
                                            "? x",
                                            ": x",
                                            "a: b",
                                            "a #b",
                                            "#c",
                                            "[x]",
                                            "{x}",
                                            "&a",
                                            "*a",
                                            "!t",
                                            "|",
                                            ">",
                                            "'q",
                                            "\"q",
                                            "%d",
                                            "@a",
                                            "`a",
                                            " lead",
                                            "trail ",
                                            "end:",
                                            "---",
                                            "...",
                                            "line\nbreak",
                                            "tab\tinside",
                                            "\t",
                                            "x\x7F",
                                            "nel\xC2\x85",
                                            "ls\xE2\x80\xA8",
                                            "ps\xE2\x80\xA9",
                                            "bom\xEF\xBB\xBF",
                                            ",a"};
  for (std::size_t i = 0; i < awkward.size(); ++i) {
    tree.set("k" + std::to_string(i), Node::scalar(awkward[i], mark));
    tree.set(awkward[i], Node::scalar("v", mark));
  }
  const Node back = round_trip(tree);
  INFO(emit_yaml(tree));
  REQUIRE(back.entries().size() == tree.entries().size());
  for (std::size_t i = 0; i < tree.entries().size(); ++i) {
    CHECK(back.entries()[i].first == tree.entries()[i].first);
    const Node& value = back.entries()[i].second;
    REQUIRE(value.is_scalar());
    CHECK(value.text() == tree.entries()[i].second.text());
  }
}

TEST_CASE("keys too long for an implicit key are written explicitly", "[unit][config]") {
  const Mark mark;
  const std::string long_key(3000, 'k');
  Node tree = Node::map(mark);
  Node inner = Node::map(mark);
  inner.set(long_key + " quoted", Node::scalar("1", mark));
  inner.set("b", Node::scalar("2", mark));
  Node list = Node::sequence(mark);
  list.push_back(inner);
  tree.set(long_key, inner);
  tree.set("list", list);
  const std::string out = emit_yaml(tree);
  INFO(out.substr(0, 200));
  CHECK_THAT(out, Contains("? " + long_key + "\n:\n  ? " + long_key + " quoted\n  : 1\n  b: 2\n"));
  CHECK(same_tree(tree, round_trip(tree)));
}

TEST_CASE("plain scalars the reader produces are written back plain", "[unit][config]") {
  for (const std::string text :
       {"-1",   "-.5", "+3",    "1e-07",        "a:b",         "a#b",  "x-y",
        "?x",   ":x",  "a - b", "with 'quote'", "with \"dq\"", "a\tb", "\xE4\xB8\xAD\xE6\x96\x87",
        "a, b", "a]b", "true",  "0x10",         ".nan",        "<<"}) {
    const Node tree = parse_yaml("k: " + text + "\n", "s.yaml");
    REQUIRE(tree.find("k")->is_scalar());
    REQUIRE_FALSE(tree.find("k")->quoted());
    const std::string out = emit_yaml(tree);
    INFO(out);
    CHECK(same_tree(tree, round_trip(tree)));
    CHECK(out == "k: " + tree.find("k")->text() + "\n");
  }
}
