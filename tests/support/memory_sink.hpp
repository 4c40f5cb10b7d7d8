#pragma once
// The engine's MemorySink (regiosim/memory_sink.hpp) under the name the tests use.

#include "regiosim/memory_sink.hpp"

namespace regiosim::test {

using MemorySink = regiosim::MemorySink;

}  // namespace regiosim::test
