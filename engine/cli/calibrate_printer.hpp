#pragma once
// regiosim calibrate: the estimates with their standard errors, the fit (observed and model
// statistics) and the parameters the history does not identify, as a terminal table or as one
// JSON document (schema in README). The numbers come from the engine (calibrate.hpp).

#include <iosfwd>
#include <string>

#include "regiosim/calibrate.hpp"

namespace regiosim::cli {

void print_calibration_table(std::ostream& out, const CalibrationResult& result,
                             const std::string& written);
void print_calibration_json(std::ostream& out, const CalibrationResult& result,
                            const std::string& written);

}  // namespace regiosim::cli
