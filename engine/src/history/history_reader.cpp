// The history file reader (regiosim/history.hpp). A small RFC 4180 reader of its own: it keeps each
// field's line and column, which the error messages need (FILE:LINE:COLUMN); libcsv, the packaged C
// reader, reports fields without their positions.
#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "regiosim/history.hpp"

namespace regiosim {

namespace {

struct Field {
  std::string text;
  SourceLocation at;
};

const std::vector<std::string> COLUMNS = {"year",   "indicator", "basis",  "value", "unit",
                                          "region", "status",    "source", "note"};

[[noreturn]] void fail(const SourceLocation& at, const std::string& column,
                       const std::string& message) {
  throw ConfigError(at, column, message);
}

// Splits the text into records of fields, quotes as RFC 4180 has them ("" inside a quoted field is
// one quote). Lines and columns count from 1, columns in bytes (as the YAML errors do).
std::vector<std::vector<Field>> records(const std::string& text, const std::string& file) {
  std::vector<std::vector<Field>> out;
  std::vector<Field> record;
  Field field{"", {file, 1, 1}};
  int line = 1, column = 1;
  bool quoted = false, after_quote = false;
  const auto end_field = [&] {
    record.push_back(field);
    field = Field{"", {file, line, column}};
    after_quote = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.text += '"';
        ++i;
        column += 2;
        continue;
      }
      if (c == '"') {
        quoted = false;
        after_quote = true;
      } else {
        field.text += c;
      }
      if (c == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
      continue;
    }
    if (c == '"' && field.text.empty() && !after_quote) {
      quoted = true;
      ++column;
      continue;
    }
    if (c == ',') {
      ++column;
      end_field();
      continue;
    }
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n') {
      ++line;
      column = 1;
      end_field();
      if (!(record.size() == 1 && record[0].text.empty())) out.push_back(record);
      record.clear();
      continue;
    }
    if (after_quote)
      fail({file, line, column}, "", "text after a closing quote (expected , or end of line)");
    field.text += c;
    ++column;
  }
  if (quoted) fail(field.at, "", "a quoted field is not closed (expected a closing \")");
  end_field();
  if (!(record.size() == 1 && record[0].text.empty())) out.push_back(record);
  return out;
}

// The enum value whose name (to_string) is the field's text; the names are listed in the error.
template <typename Enum, std::size_t N>
Enum named(const Field& f, const char* column, const std::array<Enum, N>& values) {
  std::string expected;
  for (const Enum value : values) {
    if (f.text == to_string(value)) return value;
    expected += (expected.empty() ? "" : ", ") + std::string(to_string(value));
  }
  fail(f.at, column, "'" + f.text + "' (expected one of: " + expected + ")");
}

constexpr std::array<HistoryBasis, 4> BASES = {HistoryBasis::Level, HistoryBasis::RealGrowth,
                                               HistoryBasis::NominalGrowth, HistoryBasis::Share};
constexpr std::array<HistoryStatus, 4> STATUSES = {HistoryStatus::Preliminary, HistoryStatus::Final,
                                                   HistoryStatus::CensusRevised,
                                                   HistoryStatus::Disputed};

}  // namespace

std::vector<HistoryRow> parse_history(const std::string& text, const std::string& display_name) {
  const std::vector<std::vector<Field>> rows = records(text, display_name);
  if (rows.empty()) fail({display_name, 1, 1}, "", "empty file (expected a header line)");
  std::vector<std::string> header;
  for (const Field& f : rows.front())
    header.push_back(f.text);
  if (header != COLUMNS) {
    fail(rows.front().front().at, "",
         "header is not year,indicator,basis,value,unit,region,status,source,note "
         "(data/history/README.md)");
  }
  std::vector<HistoryRow> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::vector<Field>& f = rows[r];
    if (f.size() != COLUMNS.size()) {
      fail(f.front().at, "",
           std::to_string(f.size()) + " fields (expected " + std::to_string(COLUMNS.size()) +
               ": year,indicator,basis,value,unit,region,status,source,note)");
    }
    HistoryRow row;
    row.location = f[0].at;
    row.year_at = f[0].at;
    char* end = nullptr;
    const long year = std::strtol(f[0].text.c_str(), &end, 10);
    if (f[0].text.empty() || *end != '\0' || year < 1949 || year > 2200)
      fail(f[0].at, "year", "'" + f[0].text + "' (expected a calendar year, 1949-2200)");
    row.year = static_cast<int>(year);
    row.indicator = f[1].text;
    row.indicator_at = f[1].at;
    if (row.indicator.empty()) fail(f[1].at, "indicator", "empty (expected an indicator name)");
    row.basis = named(f[2], "basis", BASES);
    row.basis_at = f[2].at;
    const double value = std::strtod(f[3].text.c_str(), &end);
    if (f[3].text.empty() || *end != '\0' || !std::isfinite(value))
      fail(f[3].at, "value", "'" + f[3].text + "' (expected a finite number)");
    row.value = value;
    row.value_at = f[3].at;
    row.unit = f[4].text;
    row.unit_at = f[4].at;
    const bool percent = row.basis != HistoryBasis::Level;
    if (percent != (row.unit == "%")) {
      fail(f[4].at, "unit",
           "'" + row.unit + "' with basis " + to_string(row.basis) +
               (percent ? " (expected %: growth rates and shares are in percent)"
                        : " (expected a level unit: 亿元, 元, persons or visits)"));
    }
    row.region = f[5].text;
    if (row.region.empty()) fail(f[5].at, "region", "empty (expected a region name)");
    row.status = named(f[6], "status", STATUSES);
    row.source = f[7].text;
    if (row.source.empty())
      fail(f[7].at, "source", "empty (expected the address the figure was read at)");
    row.note = f[8].text;
    out.push_back(row);
  }
  return out;
}

std::vector<HistoryRow> read_history(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({path, 0, 0}, "", "cannot read the history file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_history(text.str(), path);
}

std::vector<HistoryRow> latest_rows(const std::vector<HistoryRow>& rows,
                                    const std::string& region) {
  using Key = std::tuple<int, std::string, HistoryBasis>;
  std::map<Key, const HistoryRow*> chosen;
  for (const HistoryRow& row : rows) {
    if (row.region != region || row.status == HistoryStatus::Disputed) continue;
    const Key key{row.year, row.indicator, row.basis};
    const auto it = chosen.find(key);
    if (it == chosen.end() || row.status > it->second->status) {
      chosen[key] = &row;
    } else if (row.status == it->second->status) {
      const SourceLocation& first = it->second->location;
      fail(row.location, "status",
           "a second " + std::string(to_string(row.status)) + " " + row.indicator + " (" +
               to_string(row.basis) + ") of " + region + " in " + std::to_string(row.year) +
               ", after line " + std::to_string(first.line) +
               " (expected one per vintage: mark the other source disputed, or give this one a "
               "later status)");
    }
  }
  std::vector<HistoryRow> out;
  for (const auto& [key, row] : chosen)
    out.push_back(*row);
  return out;
}

const char* to_string(HistoryBasis basis) {
  switch (basis) {
    case HistoryBasis::Level:
      return "level";
    case HistoryBasis::RealGrowth:
      return "real_growth";
    case HistoryBasis::NominalGrowth:
      return "nominal_growth";
    case HistoryBasis::Share:
      return "share";
  }
  return "?";
}

const char* to_string(HistoryStatus status) {
  switch (status) {
    case HistoryStatus::Preliminary:
      return "preliminary";
    case HistoryStatus::Final:
      return "final";
    case HistoryStatus::CensusRevised:
      return "census-revised";
    case HistoryStatus::Disputed:
      return "disputed";
  }
  return "?";
}

}  // namespace regiosim
