#pragma once
// Published history as data (data/history/README.md, issue 12): one row per published figure of a
// region, with its basis, unit, vintage and source. The reader checks every row (FILE:LINE:COLUMN
// errors); a scenario's `backtest.history` turns a region's rows inside the horizon into outturns.

#include <optional>
#include <string>
#include <vector>

#include "regiosim/error.hpp"

namespace regiosim {

enum class HistoryBasis { Level, RealGrowth, NominalGrowth, Share };
// A figure's vintage. A later vintage of the same (region, year, indicator, basis) replaces an
// earlier one; `disputed` rows stay in the file as a record (a conflicting source) and are not
// used.
enum class HistoryStatus { Preliminary, Final, CensusRevised, Disputed };

struct HistoryRow {
  int year = 0;
  std::string indicator;  // an output variable or satellite id (checked by the scenario reader)
  HistoryBasis basis = HistoryBasis::Level;
  double value = 0;  // as published: growth and shares in percent
  std::string unit;  // 亿元, 元, persons, %, visits
  std::string region;
  HistoryStatus status = HistoryStatus::Preliminary;
  std::string source;
  std::string note;
  SourceLocation location;      // the row's first field
  SourceLocation indicator_at;  // where each checked field starts, for errors
  SourceLocation basis_at, value_at, unit_at, year_at;
};

// Reads and checks a history file: the header, a number of fields per row, integer years, numeric
// values, known bases and statuses, units that fit the basis (growth and shares in %). Throws
// ConfigError at the offending field. Does not check indicators (the scenario knows them).
std::vector<HistoryRow> read_history(const std::string& path);

// The same from text (display_name stands for the file in error messages).
std::vector<HistoryRow> parse_history(const std::string& text, const std::string& display_name);

// `region`'s rows the engine uses: disputed rows left out, and of the rows with the same (year,
// indicator, basis) the latest vintage (census-revised over final over preliminary). Two rows of
// the same vintage are a ConfigError at the second (a conflict the file must settle: mark one
// disputed).
std::vector<HistoryRow> latest_rows(const std::vector<HistoryRow>& rows, const std::string& region);

const char* to_string(HistoryBasis basis);
const char* to_string(HistoryStatus status);

}  // namespace regiosim
