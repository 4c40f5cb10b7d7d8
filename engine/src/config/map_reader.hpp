#pragma once
// Typed, validated reading of one YAML map (ARCHITECTURE.md: parse, validate, freeze).
//
// Every accessor records the key as known; finish() then rejects any other key with a did-you-mean
// suggestion. A key that is absent and has a default gets the default written into the tree, so the
// tree, emitted afterwards, is the fully resolved scenario. Errors are ConfigError with the node's
// FILE:LINE:COLUMN, the full key path ("sectors[3].volatility") and what was expected.
//
// Numbers: finite decimal numbers only, as in the YAML 1.2 core schema (a leading '+' is allowed);
// .nan, .inf, nan, inf, 0x.. are errors; a quoted "1.5" is a string, not a number. Integers:
// numbers with no fractional part that fit in a long (1e6 is one). Booleans: true/false (also
// True/TRUE/False/FALSE, as in the core schema; not yes/no/on/off). Defaults are written as plain
// scalars, except string defaults, which are written quoted.

#include <Eigen/Dense>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_node.hpp"

namespace regiosim::config {

// An allowed interval for a number; `what` describes it for messages ("a probability in [0, 1]").
struct Bounds {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;
  const char* what = nullptr;  // default: "a number in [lo, hi]" built from the bounds

  static Bounds any() { return {}; }
  static Bounds non_negative() {
    return {0.0, std::numeric_limits<double>::infinity(), false, false, "a number >= 0"};
  }
  static Bounds positive() {
    return {0.0, std::numeric_limits<double>::infinity(), true, false, "a number > 0"};
  }
  static Bounds unit() { return {0.0, 1.0, false, false, "a number in [0, 1]"}; }
  static Bounds closed(double lo, double hi) { return {lo, hi, false, false, nullptr}; }
  bool contains(double x) const;
  std::string describe() const;
};

// The shortest text that reads back as the same double ("0.1", "1e-07"), for messages and defaults.
std::string shortest_text(double x);

// A value as an error message echoes it: whole up to ECHO_LIMIT bytes, else its start, "..."
// and its length in bytes, so a 100,000-digit number does not make a 100 KB line.
inline constexpr std::size_t ECHO_LIMIT = 60;
std::string echoed(const std::string& text);

// The error at a node: ConfigError(node.mark().location(), key_path, message).
[[noreturn]] void fail_at(const Node& node, const std::string& key_path,
                          const std::string& message);

// Converting one scalar node (used for list items too).
double to_number(const Node& node, const std::string& key_path, const Bounds& bounds = {});
long to_integer(const Node& node, const std::string& key_path,
                long lo = std::numeric_limits<long>::min(),
                long hi = std::numeric_limits<long>::max());
std::string to_string(const Node& node, const std::string& key_path);

// What is wrong with a file name taken from a file or the command line: a control character
// (NUL included, which the operating system would cut the name at), or nullopt.
std::optional<std::string> path_text_problem(std::string_view text);

// What the scenario reader does with each scalar parameter beside converting it. Set on the root
// reader; children made by map(), optional_map() or with parameters() inherit it.
// - read_prior: a number given as a map (a prior, scenarios/README.md "Priors") instead of a
//   scalar: checks it against the parameter's bounds, records it and returns the value the
//   scenario runs with when parameters are not drawn. Without a handler, a map where a number
//   belongs is an error.
// - record_domain: every number read by number() (given, defaulted or a prior) with its domain,
//   so that the domains can be listed and tested (`regiosim validate --domains`).
class ParameterHandler {
 public:
  virtual ~ParameterHandler() = default;
  virtual double read_prior(Node& node, const std::string& key_path, const Bounds& bounds) = 0;
  virtual void record_domain(const std::string& key_path, const Bounds& bounds) = 0;
};

class MapReader {
 public:
  // `node` must be a map (a null node is treated as an empty map and becomes one); else
  // ConfigError.
  MapReader(Node& node, std::string key_path, ParameterHandler* parameters = nullptr);

  const std::string& key_path() const { return key_path_; }
  std::string child_path(std::string_view key) const;  // "a.b" + "c" -> "a.b.c"
  Node& node() { return node_; }
  ParameterHandler* parameters() const { return parameters_; }
  bool has(std::string_view key);  // also records the key as known

  double number(std::string_view key, const Bounds& bounds = {});
  double number(std::string_view key, double fallback, const Bounds& bounds = {});
  long integer(std::string_view key, long lo = std::numeric_limits<long>::min(),
               long hi = std::numeric_limits<long>::max());
  long integer(std::string_view key, long fallback, long lo, long hi);
  std::string string(std::string_view key);
  std::string string(std::string_view key, std::string_view fallback);
  bool boolean(std::string_view key, bool fallback);
  // One of `choices`; else "expected one of a, b, c" plus a did-you-mean.
  std::string choice(std::string_view key, const std::vector<std::string>& choices);
  std::string choice(std::string_view key, const std::vector<std::string>& choices,
                     std::string_view fallback);
  std::vector<double> number_list(std::string_view key, const Bounds& bounds = {});
  std::vector<double> number_list(std::string_view key, const std::vector<double>& fallback,
                                  const Bounds& bounds = {});
  // A list of equal-length lists of numbers.
  Eigen::MatrixXd matrix(std::string_view key, const Bounds& bounds = {});

  // A required map child; an absent optional one becomes an empty map (so its defaults are
  // written).
  MapReader map(std::string_view key);
  MapReader optional_map(std::string_view key);
  // A required list child (must be a sequence); items are read by the caller, paths "key[i]".
  std::vector<Node>& sequence(std::string_view key);
  // The node at `key` (required), for custom reading and error locations.
  Node& at(std::string_view key);

  // Errors at a key's value (or at the map itself if the key is absent).
  [[noreturn]] void fail(std::string_view key, const std::string& message);

  // Rejects keys that no accessor asked for: "unknown key 'volatilty' (did you mean
  // 'volatility'?)".
  void finish();

 private:
  Node* find_known(std::string_view key);  // records the key as known
  Node& required(std::string_view key, const std::string& expected);
  void write_default(std::string_view key, Node value);

  double number_at(Node& node, std::string_view key, const Bounds& bounds);

  Node& node_;
  std::string key_path_;
  ParameterHandler* parameters_;
  std::vector<std::string> known_;
};

// The candidate closest to `word` by edit distance, if close enough to suggest (distance <= 1/3 of
// the longer length, at least 1 and at most 3).
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates);

}  // namespace regiosim::config
