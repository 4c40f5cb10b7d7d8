#pragma once
// Build identity, written into every result file.

namespace regiosim {

const char* engine_version();  // project version, e.g. "0.1.0"
const char* git_commit();  // commit the engine was built from ("unknown" outside a git checkout)

}  // namespace regiosim
