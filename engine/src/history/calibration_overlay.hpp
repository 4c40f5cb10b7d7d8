#pragma once
// The overlay `regiosim calibrate` writes (calibrate.hpp): a scenario file that `extends` the
// estimated one and sets each estimate as a prior (mean: the estimate, sd: its standard error),
// with the published series, the parameters not identified and those at the bound in comments.

#include <string>
#include <vector>

#include "history/calibration_series.hpp"
#include "regiosim/calibrate.hpp"
#include "regiosim/scenario.hpp"

namespace regiosim::history {

// The overlay's text for `result` (estimates and moments in the same order), to be written at
// options.output; checked by loading it from there. `window_end` is the last year of the window.
std::string overlay_text(const CalibrateOptions& options, const ScenarioSource& source,
                         const ScenarioSpec& spec, const CalibrationResult& result,
                         const std::vector<GrowthSeries>& series, int window_end);

}  // namespace regiosim::history
