#pragma once
// Which instruction set runs the engine's vector kernels (random numbers, exp and log): the
// baseline (SSE2 on x86-64, plain vector extensions elsewhere) or, on x86 CPUs that have it, AVX2.
// Every kernel gives the same numbers, bit for bit (the same IEEE operations in the same order in
// every lane, no FMA); the choice is the CPU's, and tests force each kernel to check that.

namespace regiosim {

enum class SimdKernel { Automatic, Baseline, Avx2 };

// True where the AVX2 kernels run: the CPU has AVX2, unless a test forced a kernel.
bool use_avx2();

// Not thread-safe: for tests, before any numbers are computed.
void force_simd_kernel(SimdKernel kernel);
bool simd_kernel_available(SimdKernel kernel);

}  // namespace regiosim
