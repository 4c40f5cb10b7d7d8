#pragma once
// Pieces of the YAML text that `rebase` and `calibrate` write by hand (a file that `extends` a
// scenario, with a comment on most lines).

#include <string>

namespace regiosim::history {

// The shortest of %.15g .. %.17g that reads back as the same double.
std::string number_text(double x);
// All 17 significant digits (for values the new file must reproduce exactly).
std::string number17(double x);
// The text on one line (line breaks become spaces), for comments.
std::string one_line(std::string text);
// A double-quoted YAML scalar on one line.
std::string quoted(const std::string& text);
// `scenario` as a file written to `output` names it under `extends`: relative to output's
// directory where that exists, absolute otherwise.
std::string extends_path(const std::string& scenario, const std::string& output);

}  // namespace regiosim::history
