#pragma once
// Runs the rest of a test case on one SIMD kernel (simd_kernel.hpp), where the CPU has it (a
// warning says so where it does not), and restores the automatic choice when the scope ends, also
// when a check throws. Use: const ForcedKernel forced(GENERATE(SimdKernel::Baseline,
// SimdKernel::Avx2)); if (!forced.available()) return;

#include <catch2/catch.hpp>

#include "simd_kernel.hpp"

namespace regiosim::test {

class ForcedKernel {
 public:
  explicit ForcedKernel(SimdKernel kernel) : available_(simd_kernel_available(kernel)) {
    if (available_) {
      force_simd_kernel(kernel);
    } else {
      WARN("SIMD kernel " << static_cast<int>(kernel) << " not available on this CPU: not tested");
    }
  }
  ~ForcedKernel() { force_simd_kernel(SimdKernel::Automatic); }
  ForcedKernel(const ForcedKernel&) = delete;
  ForcedKernel& operator=(const ForcedKernel&) = delete;
  bool available() const { return available_; }

 private:
  bool available_;
};

}  // namespace regiosim::test
