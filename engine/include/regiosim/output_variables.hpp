#pragma once
// The variables a run produces, in one table: name, units and long_name go to the HDF5 file as they
// are; per-year scalar variables (and each satellite) can be target indicators. Adding a variable
// here adds it to the simulator output, the file and the quantile summary.

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
  TouristVisits,
  TouristSpending,
  RdIntensity,
  PandemicLoss,
  PropertyBust,
  LabourCompensation,
  HouseholdConsumption,
  GovernmentSpending,
  RevisionFactor,
  // (path, year, sector)
  ValueAddedReal,
  ValueAddedNominal,
  Capital,
  Employment,
  Price,
  GrossOutputReal,
  FinalDemandReal,
  SectorShock,
  ProjectOutput,
  UtilisationGap,
  // (path, year, satellite)
  SatelliteValue,
  Count
};

inline constexpr std::size_t VAR_COUNT = static_cast<std::size_t>(Var::Count);

// What kind of quantity, which decides the target bases it accepts (scenario.hpp TargetBasis).
enum class Quantity { NominalMoney, RealMoney, PerCapita, Share, Rate, Index, Count };

// The dimension after (path, year), if any.
enum class Extent { None, Sector, Satellite };

struct VarInfo {
  Var var;
  std::string_view name;  // HDF5 dataset name, target indicator name
  std::string_view units;
  std::string_view long_name;
  Extent extent;
  Quantity quantity;
};

inline constexpr std::array<VarInfo, VAR_COUNT> VARIABLES = {{
    {Var::GdpNominal, "gdp_nominal", "1e8 CNY (yi yuan), current prices", "GDP, nominal (M8)",
     Extent::None, Quantity::NominalMoney},
    {Var::GdpReal, "gdp_real", "1e8 CNY (yi yuan), base-year prices", "GDP, chain-linked real (M8)",
     Extent::None, Quantity::RealMoney},
    {Var::GdpDeflator, "gdp_deflator", "1 (base year = 1)", "GDP deflator (M8)", Extent::None,
     Quantity::Index},
    {Var::GdpPerCapita, "gdp_per_capita", "CNY per person, current prices",
     "GDP per resident, nominal (M8, M9)", Extent::None, Quantity::PerCapita},
    {Var::Population, "population", "persons", "resident population (M9)", Extent::None,
     Quantity::Count},
    {Var::EmploymentTotal, "employment_total", "persons", "employment, all sectors (M9)",
     Extent::None, Quantity::Count},
    {Var::LabourProductivity, "labour_productivity", "1e4 CNY per person, base-year prices",
     "real GDP per employed person (M5, M9)", Extent::None, Quantity::RealMoney},
    {Var::FaiNominal, "fai_nominal", "1e8 CNY (yi yuan), current prices",
     "fixed-asset investment, nominal (M2)", Extent::None, Quantity::NominalMoney},
    {Var::IncomePerCapita, "income_per_capita", "CNY per person, current prices",
     "disposable income per resident, nominal (M10)", Extent::None, Quantity::PerCapita},
    {Var::Urbanisation, "urbanisation", "1 (fraction)", "urbanisation rate (M9)", Extent::None,
     Quantity::Share},
    {Var::Inflation, "inflation", "1 per year (log change)", "aggregate inflation pi (M8)",
     Extent::None, Quantity::Rate},
    {Var::RetailSales, "retail_sales", "1e8 CNY (yi yuan), current prices",
     "retail sales of consumer goods (M11)", Extent::None, Quantity::NominalMoney},
    {Var::BudgetRevenue, "budget_revenue", "1e8 CNY (yi yuan), current prices",
     "general public budget revenue (M12)", Extent::None, Quantity::NominalMoney},
    {Var::PrimaryShare, "primary_share", "1 (fraction of nominal GDP)",
     "primary sector share of GDP (M8)", Extent::None, Quantity::Share},
    {Var::SecondaryShare, "secondary_share", "1 (fraction of nominal GDP)",
     "secondary sector share of GDP (M8)", Extent::None, Quantity::Share},
    {Var::TertiaryShare, "tertiary_share", "1 (fraction of nominal GDP)",
     "tertiary sector share of GDP (M8)", Extent::None, Quantity::Share},
    {Var::TouristVisits, "tourist_visits", "visits per year", "tourist visits (M11)", Extent::None,
     Quantity::Count},
    {Var::TouristSpending, "tourist_spending", "1e8 CNY (yi yuan), current prices",
     "tourist spending TS, total tourism revenue (M11)", Extent::None, Quantity::NominalMoney},
    {Var::RdIntensity, "rd_intensity", "1 (fraction of nominal GDP)", "R&D expenditure / GDP (M13)",
     Extent::None, Quantity::Share},
    {Var::PandemicLoss, "pandemic_loss", "1 (profile times severity)",
     "J1 pandemic level-loss intensity L_t (0: no pandemic)", Extent::None, Quantity::Index},
    {Var::PropertyBust, "property_bust", "1 (0 or 1)", "J2 property-bust regime (1: in a bust)",
     Extent::None, Quantity::Index},
    {Var::LabourCompensation, "labour_compensation", "1e8 CNY (yi yuan), current prices",
     "labour compensation W = sum_j (1 - alpha_j) P_j Y_j (M10)", Extent::None,
     Quantity::NominalMoney},
    {Var::HouseholdConsumption, "household_consumption", "1e8 CNY (yi yuan), current prices",
     "resident household consumption C = c YD (M10)", Extent::None, Quantity::NominalMoney},
    {Var::GovernmentSpending, "government_spending", "1e8 CNY (yi yuan), current prices",
     "government spending GS = own revenue + transfers from higher levels (M12)", Extent::None,
     Quantity::NominalMoney},
    {Var::RevisionFactor, "revision_factor", "1 (measured / actual)",
     "J4 statistical revisions: the factor on measured GDP levels (1: none)", Extent::None,
     Quantity::Index},
    {Var::ValueAddedReal, "value_added_real", "1e8 CNY (yi yuan), base-year prices",
     "value added by sector, real (M5, M7)", Extent::Sector, Quantity::RealMoney},
    {Var::ValueAddedNominal, "value_added_nominal", "1e8 CNY (yi yuan), current prices",
     "value added by sector, nominal (M8)", Extent::Sector, Quantity::NominalMoney},
    {Var::Capital, "capital", "1e8 CNY (yi yuan), base-year investment prices",
     "capital stock by sector (M4)", Extent::Sector, Quantity::RealMoney},
    {Var::Employment, "employment", "persons", "employment by sector (M9)", Extent::Sector,
     Quantity::Count},
    {Var::Price, "price", "1 (base year = 1)", "value-added price by sector (M8)", Extent::Sector,
     Quantity::Index},
    {Var::GrossOutputReal, "gross_output_real", "1e8 CNY (yi yuan), base-year prices",
     "gross output by sector, real: VA / v (M5, M7)", Extent::Sector, Quantity::RealMoney},
    {Var::FinalDemandReal, "final_demand_real", "1e8 CNY (yi yuan), base-year prices",
     "regional final demand f_D of demand sectors, real (0 for supply sectors) (M7)",
     Extent::Sector, Quantity::RealMoney},
    {Var::SectorShock, "sector_shock", "1 (log)", "M1 sector shock u_j", Extent::Sector,
     Quantity::Rate},
    {Var::ProjectOutput, "project_output", "1e8 CNY (yi yuan), base-year prices",
     "J3 value added from lumpy and named projects", Extent::Sector, Quantity::RealMoney},
    {Var::UtilisationGap, "utilisation_gap", "1 (log)",
     "z_j = ln(Y^D / Y*): demand beyond capacity, demand sectors (0 for supply sectors) (M7)",
     Extent::Sector, Quantity::Rate},
    {Var::SatelliteValue, "satellite_value", "see satellite_units",
     "satellite indicators (MODEL.md section 8)", Extent::Satellite, Quantity::Index},
}};

constexpr const VarInfo& info(Var var) {
  return VARIABLES[static_cast<std::size_t>(var)];
}

// VARIABLES is indexed by Var: each entry must sit at its own enum value.
constexpr bool variables_in_enum_order() {
  for (std::size_t i = 0; i < VAR_COUNT; ++i) {
    if (static_cast<std::size_t>(VARIABLES[i].var) != i) return false;
  }
  return true;
}
static_assert(variables_in_enum_order(), "VARIABLES must list the variables in Var order");

// Values per year of a variable: 1, the sector count or the satellite count.
constexpr std::size_t extent_width(Extent extent, int sectors, int satellites) {
  return extent == Extent::Sector      ? static_cast<std::size_t>(sectors)
         : extent == Extent::Satellite ? static_cast<std::size_t>(satellites)
                                       : 1;
}

// The variable with this name, if any.
std::optional<Var> find_variable(std::string_view name);

}  // namespace regiosim
