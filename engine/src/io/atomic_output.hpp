#pragma once
// Output files appear whole or not at all: they are written under a temporary name in the output's
// own directory (so the rename is atomic and never crosses file systems), made durable, and only
// then renamed over the output path.

#include <string>

namespace regiosim {

// "<output>.tmp-<pid>-<n>": the pid separates processes, n the writers of one process (and stale
// files of a crashed process with a recycled pid); the first n with no file of that name.
std::string temporary_path_for(const std::string& output_path);

// fsyncs `temporary`, renames it to `output` and fsyncs the directory, so after a power loss the
// output is either the old file or the whole new one. Throws IoError (the temporary is left for the
// caller to remove).
void rename_into_place(const std::string& temporary, const std::string& output);

}  // namespace regiosim
