#include "history/calibration_series.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "config/map_reader.hpp"
#include "regiosim/error.hpp"

namespace regiosim::history {

namespace {

// The basis of a stated growth rate that measures this variable as the model does.
bool stated_growth_measures(Var var, HistoryBasis basis) {
  const Quantity quantity = info(var).quantity;
  if (basis == HistoryBasis::RealGrowth) return quantity == Quantity::RealMoney;
  if (basis == HistoryBasis::NominalGrowth)
    return quantity == Quantity::NominalMoney || quantity == Quantity::PerCapita;
  return false;
}

}  // namespace

GrowthSeries growth_series(const std::vector<HistoryRow>& rows, Var var, int first_year,
                           int last_year) {
  if (var == Var::GdpDeflator) {
    const GrowthSeries nominal = growth_series(rows, Var::GdpNominal, first_year, last_year);
    const GrowthSeries real = growth_series(rows, Var::GdpReal, first_year, last_year);
    GrowthSeries series;
    series.indicator = "gdp_deflator";
    series.var = Var::GdpDeflator;
    series.deflator = true;
    for (std::size_t i = 0; i < nominal.years.size(); ++i) {
      const auto r = std::find(real.years.begin(), real.years.end(), nominal.years[i]);
      if (r == real.years.end()) continue;
      const std::size_t k = static_cast<std::size_t>(r - real.years.begin());
      series.years.push_back(nominal.years[i]);
      series.observed.push_back(nominal.observed[i] - real.observed[k]);
      series.how.push_back("nominal (" + nominal.how[i] + ") less real (" + real.how[k] + ")");
    }
    return series;
  }
  GrowthSeries series;
  series.indicator = std::string(info(var).name);
  series.var = var;
  std::map<int, const HistoryRow*> level, stated;
  for (const HistoryRow& row : rows) {
    if (row.indicator != series.indicator) continue;
    if (row.basis == HistoryBasis::Level) level[row.year] = &row;
    if (stated_growth_measures(var, row.basis)) stated[row.year] = &row;
  }
  for (int t = first_year; t <= last_year; ++t) {
    if (const auto g = stated.find(t); g != stated.end()) {
      series.years.push_back(t);
      series.observed.push_back(std::log1p(g->second->value / 100));
      series.how.push_back("stated " + config::shortest_text(g->second->value) + " %");
    } else if (level.count(t) != 0 && level.count(t - 1) != 0) {
      const double now = level.at(t)->value;
      const double before = level.at(t - 1)->value;
      for (const HistoryRow* row : {level.at(t - 1), level.at(t)}) {
        if (!(row->value > 0)) {
          throw ConfigError(row->value_at, "value",
                            config::shortest_text(row->value) + " for the level of " +
                                series.indicator + " (expected > 0: its growth is a log ratio)");
        }
      }
      series.years.push_back(t);
      series.observed.push_back(std::log(now / before));
      series.how.push_back("levels " + config::shortest_text(before) + " -> " +
                           config::shortest_text(now));
    }
  }
  return series;
}

std::vector<double> simulated_growth(const MemorySink& sink, std::size_t path,
                                     const GrowthSeries& series, int base_year, int years) {
  const std::size_t row = path * static_cast<std::size_t>(years);
  auto growth_of = [&](Var var, int year) {
    const std::vector<double>& values = sink.values(var);
    const std::size_t t = static_cast<std::size_t>(year - base_year);
    return std::log(values[row + t] / values[row + t - 1]);
  };
  std::vector<double> growth;
  growth.reserve(series.years.size());
  for (const int year : series.years) {
    growth.push_back(series.deflator
                         ? growth_of(Var::GdpNominal, year) - growth_of(Var::GdpReal, year)
                         : growth_of(series.var, year));
  }
  return growth;
}

}  // namespace regiosim::history
