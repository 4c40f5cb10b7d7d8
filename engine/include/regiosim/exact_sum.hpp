#pragma once
// An exact sum of doubles in a fixed-point accumulator covering the whole double range (a
// "superaccumulator", Kulisch; Collange, Defour, Graillat & Iakymchuk 2015): adding is exact, so
// the sum does not depend on the order of the additions or on how partial sums are merged. The
// scorecard's floating sums (MODEL.md section 9: ES|miss and its standard error) use it, so they
// are bit-identical for any thread count and batch size without keeping the per-path values.

#include <array>
#include <cstdint>

namespace regiosim {

class ExactSum {
 public:
  // Non-finite values are summed apart (NaN and infinities propagate as in a plain sum, which for
  // them is order-free too).
  void add(double value);
  void merge(const ExactSum& other);
  // The sum as an unevaluated pair hi + lo: hi is the exact sum rounded to within a few ulps, lo
  // the same rounding of the remainder (exact sum - hi), so hi + lo carries about 100 bits. Both
  // are functions of the exact sum alone.
  double hi() const { return split().hi; }
  struct Pair {
    double hi;
    double lo;
  };
  Pair split() const;

 private:
  // 32-bit digits in 64-bit limbs, digit i worth 2^(32 i - 1074): 66 cover 2^-1074 (the smallest
  // subnormal) to 2^1024, the top limb also takes the carries. A limb absorbs 2^31 additions of
  // a digit before it could overflow; normalise() moves the carries up well before that.
  static constexpr int LIMBS = 67;
  static constexpr std::uint32_t ADDS_BEFORE_CARRY = 1u << 30;
  void normalise();
  double fold() const;  // the normalised limbs to a double, most significant first

  std::array<std::int64_t, LIMBS> limbs_{};
  std::uint32_t pending_ = 0;  // additions since the last normalise()
  double special_ = 0;         // sum of the non-finite values added
};

}  // namespace regiosim
