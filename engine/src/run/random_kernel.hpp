#pragma once
// Which instruction set generates pooled random numbers (random_stream.cpp). Every kernel gives the
// same numbers, bit for bit; the choice is the CPU's, and tests force each kernel to check that.

namespace regiosim {

enum class RandomKernel { Automatic, Baseline, Avx2 };

// Not thread-safe: for tests, before any numbers are drawn.
void force_random_kernel(RandomKernel kernel);
bool random_kernel_available(RandomKernel kernel);

}  // namespace regiosim
