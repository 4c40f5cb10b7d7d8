#pragma once
// The variables a run produces, in one table: name, units and long_name go to the HDF5 file as they
// are; per-year scalar variables can be target indicators. Adding a variable here adds it to the
// simulator output, the file and the quantile summary.

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace regiosim {

enum class Var : int {
  // (path, year)
  GdpNominal,
  GdpReal,
  GdpDeflator,
  GdpPerCapita,
  Population,
  EmploymentTotal,
  LabourProductivity,
  FaiNominal,
  IncomePerCapita,
  Urbanisation,
  Inflation,
  RetailSales,
  BudgetRevenue,
  PrimaryShare,
  SecondaryShare,
  TertiaryShare,
  // (path, year, sector)
  ValueAddedReal,
  ValueAddedNominal,
  Capital,
  Employment,
  Price,
  Count
};

inline constexpr std::size_t VAR_COUNT = static_cast<std::size_t>(Var::Count);

// What kind of quantity, which decides the target bases it accepts (scenario.hpp TargetBasis).
enum class Quantity { NominalMoney, RealMoney, PerCapita, Share, Rate, Index, Count };

struct VarInfo {
  Var var;
  std::string_view name;  // HDF5 dataset name, target indicator name
  std::string_view units;
  std::string_view long_name;
  bool per_sector;  // dims (path, year, sector) instead of (path, year)
  Quantity quantity;
};

inline constexpr std::array<VarInfo, VAR_COUNT> VARIABLES = {{
    {Var::GdpNominal, "gdp_nominal", "1e8 CNY (yi yuan), current prices", "GDP, nominal (M8)",
     false, Quantity::NominalMoney},
    {Var::GdpReal, "gdp_real", "1e8 CNY (yi yuan), base-year prices", "GDP, chain-linked real (M8)",
     false, Quantity::RealMoney},
    {Var::GdpDeflator, "gdp_deflator", "1 (base year = 1)", "GDP deflator (M8)", false,
     Quantity::Index},
    {Var::GdpPerCapita, "gdp_per_capita", "CNY per person, current prices",
     "GDP per resident, nominal (M8, M9)", false, Quantity::PerCapita},
    {Var::Population, "population", "persons", "resident population (M9)", false, Quantity::Count},
    {Var::EmploymentTotal, "employment_total", "persons", "employment, all sectors (M9)", false,
     Quantity::Count},
    {Var::LabourProductivity, "labour_productivity", "1e4 CNY per person, base-year prices",
     "real GDP per employed person (M5, M9)", false, Quantity::RealMoney},
    {Var::FaiNominal, "fai_nominal", "1e8 CNY (yi yuan), current prices",
     "fixed-asset investment, nominal (M2)", false, Quantity::NominalMoney},
    {Var::IncomePerCapita, "income_per_capita", "CNY per person, current prices",
     "disposable income per resident, nominal (M10)", false, Quantity::PerCapita},
    {Var::Urbanisation, "urbanisation", "1 (fraction)", "urbanisation rate (M9)", false,
     Quantity::Share},
    {Var::Inflation, "inflation", "1 per year (log change)", "aggregate inflation pi (M8)", false,
     Quantity::Rate},
    {Var::RetailSales, "retail_sales", "1e8 CNY (yi yuan), current prices",
     "retail sales of consumer goods (M11)", false, Quantity::NominalMoney},
    {Var::BudgetRevenue, "budget_revenue", "1e8 CNY (yi yuan), current prices",
     "general public budget revenue (M12)", false, Quantity::NominalMoney},
    {Var::PrimaryShare, "primary_share", "1 (fraction of nominal GDP)",
     "primary sector share of GDP (M8)", false, Quantity::Share},
    {Var::SecondaryShare, "secondary_share", "1 (fraction of nominal GDP)",
     "secondary sector share of GDP (M8)", false, Quantity::Share},
    {Var::TertiaryShare, "tertiary_share", "1 (fraction of nominal GDP)",
     "tertiary sector share of GDP (M8)", false, Quantity::Share},
    {Var::ValueAddedReal, "value_added_real", "1e8 CNY (yi yuan), base-year prices",
     "value added by sector, real (M5, demand placeholder)", true, Quantity::RealMoney},
    {Var::ValueAddedNominal, "value_added_nominal", "1e8 CNY (yi yuan), current prices",
     "value added by sector, nominal (M8)", true, Quantity::NominalMoney},
    {Var::Capital, "capital", "1e8 CNY (yi yuan), base-year investment prices",
     "capital stock by sector (M4)", true, Quantity::RealMoney},
    {Var::Employment, "employment", "persons", "employment by sector (M9)", true, Quantity::Count},
    {Var::Price, "price", "1 (base year = 1)", "value-added price by sector (M8)", true,
     Quantity::Index},
}};

constexpr const VarInfo& info(Var var) {
  return VARIABLES[static_cast<std::size_t>(var)];
}

// The variable with this name, if any.
std::optional<Var> find_variable(std::string_view name);

}  // namespace regiosim
