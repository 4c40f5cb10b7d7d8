#pragma once
// The published series `calibrate` estimates from (calibrate.hpp): a region's annual log growth
// rates of one indicator, and the same rates on a simulated path.

#include <cstddef>
#include <string>
#include <vector>

#include "regiosim/history.hpp"
#include "regiosim/memory_sink.hpp"
#include "regiosim/output_variables.hpp"

namespace regiosim::history {

struct GrowthSeries {
  std::string indicator;
  Var var = Var::GdpNominal;
  // gdp_deflator is derived, as a statistician would from what is published: nominal GDP growth
  // minus real GDP growth in the years that give both (and on a path the same difference, so
  // measured-level revisions (J4) enter both alike).
  bool deflator = false;
  std::vector<int> years;        // t: the growth from t - 1 to t
  std::vector<double> observed;  // ln(X_t / X_t-1)
  std::vector<std::string> how;  // per year: "stated 5.2 %" or "levels 5675.2 / 5447.1"
};

// The growth of `indicator` in each year t of [first_year, last_year] that the rows give: a stated
// growth rate (real for gdp_real, at current prices for money and per-capita indicators) as
// ln(1 + g / 100); else levels in t - 1 and t as ln(L_t / L_t-1). Rows are one region's latest
// (latest_rows), so each (year, basis) has one value. For Var::GdpDeflator: the years with both a
// gdp_nominal and a gdp_real growth, the difference of the two.
GrowthSeries growth_series(const std::vector<HistoryRow>& rows, Var var, int first_year,
                           int last_year);

// The same years' growth on simulated path `path` of a run whose year index 0 is `base_year`.
std::vector<double> simulated_growth(const MemorySink& sink, std::size_t path,
                                     const GrowthSeries& series, int base_year, int years);

}  // namespace regiosim::history
