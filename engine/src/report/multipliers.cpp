#include "regiosim/multipliers.hpp"

#include "regiosim/input_output.hpp"
#include "regiosim/model.hpp"

namespace regiosim {

MultiplierReport multiplier_report(const ScenarioSpec& spec) {
  const InputOutputCalibration io = calibrate_input_output(spec);
  const Eigen::MatrixXd& national = spec.input_output.national_coefficients;
  MultiplierReport report;
  report.scenario = spec.metadata.name;
  report.flq_delta = spec.input_output.flq_delta;
  report.lambda = io.lambda;
  report.radius_national = spectral_radius(national);
  report.radius_regional = spectral_radius(io.regional);
  report.leontief_national = leontief_inverse(national);
  report.leontief_regional = leontief_inverse(io.regional);

  const int n = spec.sector_count();
  Eigen::VectorXd va_ratio(n);
  for (int j = 0; j < n; ++j)
    va_ratio[j] = spec.sectors[static_cast<std::size_t>(j)].va_ratio;
  const Eigen::VectorXd output_national = output_multipliers(report.leontief_national);
  const Eigen::VectorXd output_regional = output_multipliers(report.leontief_regional);
  const Eigen::VectorXd va_national = value_added_multipliers(report.leontief_national, va_ratio);
  const Eigen::VectorXd va_regional = value_added_multipliers(report.leontief_regional, va_ratio);
  const Eigen::VectorXd demand_block = output_multipliers(io.mixed.leontief_dd());
  for (int j = 0; j < n; ++j) {
    const SectorSpec& sector = spec.sectors[static_cast<std::size_t>(j)];
    report.sectors.push_back({sector.code, to_string(sector.type), io.location_quotients[j],
                              output_national[j], output_regional[j], va_national[j],
                              va_regional[j], std::nullopt});
  }
  const std::vector<Eigen::Index>& demand = io.mixed.demand_sectors();
  for (std::size_t k = 0; k < demand.size(); ++k) {
    report.sectors[static_cast<std::size_t>(demand[k])].demand_block_column_sum =
        demand_block[static_cast<Eigen::Index>(k)];
  }
  return report;
}

}  // namespace regiosim
