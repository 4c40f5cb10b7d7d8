#include "config/map_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace regiosim::config {

std::string shortest_text(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

std::optional<std::string> path_text_problem(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", c);
      return std::string("a control character (") + code + ") at position " +
             std::to_string(i + 1) + " (expected a file name without control characters)";
    }
  }
  return std::nullopt;
}

namespace {

// What a node is, for "expected X, found Y".
std::string found(const Node& node) {
  if (node.is_scalar()) return node.quoted() ? "a string" : "a scalar";
  return node.kind_name();
}

// YAML 1.2 core schema floats and integers, without its .inf and .nan:
// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool is_decimal(std::string_view s, bool integer_only) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9')
      ++i;
    return i - start;
  };
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t count = digits();
  if (integer_only) return count > 0 && i == s.size();
  if (i < s.size() && s[i] == '.') {
    ++i;
    count += digits();
  }
  if (count == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool is_non_finite_word(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (!s.empty() && s[0] == '.') s.remove_prefix(1);
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return lower == "nan" || lower == "inf" || lower == "infinity";
}

// from_chars takes no leading '+'.
std::string_view without_plus(std::string_view s) {
  return !s.empty() && s[0] == '+' ? s.substr(1) : s;
}

const Node& scalar_or_fail(const Node& node, const std::string& key_path, const char* expected) {
  if (!node.is_scalar())
    fail_at(node, key_path, std::string("expected ") + expected + ", found " + found(node));
  return node;
}

std::string integer_range(long lo, long hi) {
  constexpr long min = std::numeric_limits<long>::min();
  constexpr long max = std::numeric_limits<long>::max();
  if (lo == min && hi == max) return "an integer";
  if (lo == min) return "an integer <= " + std::to_string(hi);
  if (hi == max) return "an integer >= " + std::to_string(lo);
  return "an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
}

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words)
    text += (text.empty() ? "" : ", ") + word;
  return text;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), on bytes.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

bool Bounds::contains(double x) const {
  const bool above_lo = lo_open ? x > lo : x >= lo;
  const bool below_hi = hi_open ? x < hi : x <= hi;
  return above_lo && below_hi;
}

std::string Bounds::describe() const {
  if (what) return what;
  const bool has_lo = std::isfinite(lo);
  const bool has_hi = std::isfinite(hi);
  if (!has_lo && !has_hi) return "a number";
  if (!has_lo) return std::string("a number ") + (hi_open ? "< " : "<= ") + shortest_text(hi);
  if (!has_hi) return std::string("a number ") + (lo_open ? "> " : ">= ") + shortest_text(lo);
  return std::string("a number in ") + (lo_open ? "(" : "[") + shortest_text(lo) + ", " +
         shortest_text(hi) + (hi_open ? ")" : "]");
}

std::string echoed(const std::string& text) {
  constexpr std::size_t LIMIT = ECHO_LIMIT;
  if (text.size() <= LIMIT) return text;
  std::size_t cut = LIMIT - 3;
  // Not inside a UTF-8 sequence: back up over continuation bytes.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

void fail_at(const Node& node, const std::string& key_path, const std::string& message) {
  throw ConfigError(node.mark().location(), key_path, message);
}

double to_number(const Node& node, const std::string& key_path, const Bounds& bounds) {
  const std::string& text = scalar_or_fail(node, key_path, "a number").text();
  if (node.quoted()) fail_at(node, key_path, "expected a number, found a string");
  if (is_non_finite_word(text)) {
    fail_at(node, key_path, echoed(text) + " is not a finite number (expected a finite number)");
  }
  if (!is_decimal(text, false)) {
    fail_at(node, key_path, "'" + echoed(text) + "' is not a number (expected a decimal number)");
  }
  const std::string_view digits = without_plus(text);
  double value = 0.0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) {
    fail_at(node, key_path,
            echoed(text) + " is out of the range of a double (expected a finite number)");
  }
  if (!bounds.contains(value)) {
    fail_at(node, key_path, echoed(text) + " is out of range (expected " + bounds.describe() + ")");
  }
  return value;
}

long to_integer(const Node& node, const std::string& key_path, long lo, long hi) {
  const std::string& text = scalar_or_fail(node, key_path, "an integer").text();
  if (node.quoted()) fail_at(node, key_path, "expected an integer, found a string");
  long value = 0;
  if (is_decimal(text, true)) {
    // Exact, also beyond 2^53 where a double would round.
    const std::string_view digits = without_plus(text);
    const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (result.ec != std::errc()) {
      fail_at(node, key_path,
              echoed(text) + " is too large (expected " + integer_range(lo, hi) + ")");
    }
  } else {
    // "1e6" or "3.0" name whole numbers too.
    const double number = to_number(node, key_path);
    if (number != std::floor(number)) {
      fail_at(node, key_path,
              echoed(text) + " is not a whole number (expected " + integer_range(lo, hi) + ")");
    }
    // 2^63 is exact as a double; every whole double below it in magnitude fits a long.
    if (std::fabs(number) >= 9223372036854775808.0) {
      fail_at(node, key_path,
              echoed(text) + " is too large (expected " + integer_range(lo, hi) + ")");
    }
    value = static_cast<long>(number);
  }
  if (value < lo || value > hi) {
    fail_at(node, key_path,
            echoed(text) + " is out of range (expected " + integer_range(lo, hi) + ")");
  }
  return value;
}

std::string to_string(const Node& node, const std::string& key_path) {
  return scalar_or_fail(node, key_path, "a string").text();
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string& candidate : candidates) {
    const std::size_t longer = std::max(word.size(), candidate.size());
    const std::size_t allowed = std::clamp<std::size_t>(longer / 3, 1, 3);
    // The distance is at least the length difference: skip the quadratic work when that is too
    // much.
    const std::size_t shorter = std::min(word.size(), candidate.size());
    if (longer - shorter > allowed) continue;
    const std::size_t distance = edit_distance(word, candidate);
    if (distance <= allowed && (!best || distance < best_distance)) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

MapReader::MapReader(Node& node, std::string key_path, ParameterHandler* parameters)
    : node_(node), key_path_(std::move(key_path)), parameters_(parameters) {
  if (node_.is_null()) node_ = Node::map(node_.mark());
  if (!node_.is_map()) fail_at(node_, key_path_, "expected a map, found " + found(node_));
}

std::string MapReader::child_path(std::string_view key) const {
  return key_path_.empty() ? std::string(key) : key_path_ + "." + std::string(key);
}

bool MapReader::has(std::string_view key) {
  return find_known(key) != nullptr;
}

Node* MapReader::find_known(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return node_.find(key);
}

Node& MapReader::required(std::string_view key, const std::string& expected) {
  Node* node = find_known(key);
  if (!node) {
    fail_at(node_, child_path(key),
            "missing key '" + std::string(key) + "' (expected " + expected + ")");
  }
  return *node;
}

void MapReader::write_default(std::string_view key, Node value) {
  node_.append(std::string(key), std::move(value), node_.mark());
}

double MapReader::number_at(Node& node, std::string_view key, const Bounds& bounds) {
  if (parameters_ == nullptr) return to_number(node, child_path(key), bounds);
  const std::string path = child_path(key);
  parameters_->record_domain(path, bounds);
  if (node.is_map()) return parameters_->read_prior(node, path, bounds);
  return to_number(node, path, bounds);
}

double MapReader::number(std::string_view key, const Bounds& bounds) {
  return number_at(required(key, bounds.describe()), key, bounds);
}

double MapReader::number(std::string_view key, double fallback, const Bounds& bounds) {
  if (Node* node = find_known(key)) return number_at(*node, key, bounds);
  if (parameters_ != nullptr) parameters_->record_domain(child_path(key), bounds);
  write_default(key, Node::scalar(shortest_text(fallback), node_.mark()));
  return fallback;
}

long MapReader::integer(std::string_view key, long lo, long hi) {
  return to_integer(required(key, integer_range(lo, hi)), child_path(key), lo, hi);
}

long MapReader::integer(std::string_view key, long fallback, long lo, long hi) {
  if (const Node* node = find_known(key)) return to_integer(*node, child_path(key), lo, hi);
  write_default(key, Node::scalar(std::to_string(fallback), node_.mark()));
  return fallback;
}

std::string MapReader::string(std::string_view key) {
  return to_string(required(key, "a string"), child_path(key));
}

std::string MapReader::string(std::string_view key, std::string_view fallback) {
  if (const Node* node = find_known(key)) return to_string(*node, child_path(key));
  // Quoted: a default such as "" or "1.5" must stay a string when the resolved tree is re-read.
  write_default(key, Node::scalar(std::string(fallback), node_.mark(), true));
  return std::string(fallback);
}

bool MapReader::boolean(std::string_view key, bool fallback) {
  const Node* node = find_known(key);
  if (!node) {
    write_default(key, Node::scalar(fallback ? "true" : "false", node_.mark()));
    return fallback;
  }
  const std::string path = child_path(key);
  const std::string& text = scalar_or_fail(*node, path, "true or false").text();
  if (node->quoted()) fail_at(*node, path, "expected true or false, found a string");
  // The YAML 1.2 core schema spellings.
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  fail_at(*node, path, "'" + echoed(text) + "' is not a boolean (expected true or false)");
}

std::string MapReader::choice(std::string_view key, const std::vector<std::string>& choices) {
  const std::string path = child_path(key);
  const Node& node = required(key, "one of: " + join(choices));
  const std::string text = to_string(node, path);
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  std::string message = "'" + echoed(text) + "' is not allowed (expected one of: " + join(choices);
  if (const auto guess = did_you_mean(text, choices)) message += "; did you mean '" + *guess + "'?";
  fail_at(node, path, message + ")");
}

std::string MapReader::choice(std::string_view key, const std::vector<std::string>& choices,
                              std::string_view fallback) {
  if (find_known(key)) return choice(key, choices);
  write_default(key, Node::scalar(std::string(fallback), node_.mark()));
  return std::string(fallback);
}

std::vector<double> MapReader::number_list(std::string_view key, const Bounds& bounds) {
  const std::vector<Node>& items = sequence(key);
  const std::string path = child_path(key);
  std::vector<double> values;
  values.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (parameters_ != nullptr) parameters_->record_domain(item_path, bounds);
    values.push_back(to_number(items[i], item_path, bounds));
  }
  return values;
}

std::vector<double> MapReader::number_list(std::string_view key,
                                           const std::vector<double>& fallback,
                                           const Bounds& bounds) {
  if (find_known(key)) return number_list(key, bounds);
  Node list = Node::sequence(node_.mark());
  for (std::size_t i = 0; i < fallback.size(); ++i) {
    if (parameters_ != nullptr)
      parameters_->record_domain(child_path(key) + "[" + std::to_string(i) + "]", bounds);
    list.push_back(Node::scalar(shortest_text(fallback[i]), node_.mark()));
  }
  write_default(key, std::move(list));
  return fallback;
}

Eigen::MatrixXd MapReader::matrix(std::string_view key, const Bounds& bounds) {
  const std::vector<Node>& rows = sequence(key);
  const std::string path = child_path(key);
  Eigen::MatrixXd values;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string row_path = path + "[" + std::to_string(i) + "]";
    if (!rows[i].is_sequence()) {
      fail_at(rows[i], row_path,
              "expected a list of numbers (a matrix row), found " + found(rows[i]));
    }
    const auto& row = rows[i].items();
    if (i == 0)
      values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(row.size()));
    if (static_cast<Eigen::Index>(row.size()) != values.cols()) {
      fail_at(rows[i], row_path,
              "row " + std::to_string(i) + " has " + std::to_string(row.size()) +
                  " numbers (expected " + std::to_string(values.cols()) + ", as in row 0)");
    }
    for (std::size_t j = 0; j < row.size(); ++j) {
      values(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          to_number(row[j], row_path + "[" + std::to_string(j) + "]", bounds);
    }
  }
  return values;
}

MapReader MapReader::map(std::string_view key) {
  return MapReader(required(key, "a map"), child_path(key), parameters_);
}

MapReader MapReader::optional_map(std::string_view key) {
  if (!find_known(key)) write_default(key, Node::map(node_.mark()));
  return MapReader(*node_.find(key), child_path(key), parameters_);
}

std::vector<Node>& MapReader::sequence(std::string_view key) {
  Node& node = required(key, "a list");
  if (!node.is_sequence()) fail_at(node, child_path(key), "expected a list, found " + found(node));
  return node.items();
}

Node& MapReader::at(std::string_view key) {
  return required(key, "a value");
}

void MapReader::fail(std::string_view key, const std::string& message) {
  const Node* node = node_.find(key);
  fail_at(node ? *node : node_, child_path(key), message);
}

void MapReader::finish() {
  for (std::size_t i = 0; i < node_.entries().size(); ++i) {
    const std::string& key = node_.entries()[i].first;
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string message = "unknown key '" + key + "' (";
    if (const auto guess = did_you_mean(key, known_)) {
      message += "did you mean '" + *guess + "'?)";
    } else {
      message +=
          known_.empty() ? "expected no keys here)" : "expected one of: " + join(known_) + ")";
    }
    throw ConfigError(node_.key_mark_at(i).location(), child_path(key), message);
  }
}

}  // namespace regiosim::config
