#include "regiosim/exact_sum.hpp"

#include <cmath>
#include <cstring>

namespace regiosim {

namespace {
constexpr std::int64_t DIGIT = std::int64_t{1} << 32;
constexpr std::uint64_t DIGIT_MASK = 0xFFFFFFFFull;
}  // namespace

void ExactSum::add(double value) {
  if (!std::isfinite(value)) {
    special_ += value;
    return;
  }
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const auto biased = static_cast<int>((bits >> 52) & 0x7FF);
  std::uint64_t mantissa = bits & 0x000FFFFFFFFFFFFFull;
  // value = +-mantissa * 2^(position - 1074): subnormals have no hidden bit and the exponent of
  // biased exponent 1.
  int position = 0;
  if (biased != 0) {
    mantissa |= 0x0010000000000000ull;
    position = biased - 1;
  }
  if (mantissa == 0) return;
  const int limb = position / 32;
  const int shift = position % 32;
  // mantissa << shift spans three digits; the low digit is exact modulo 2^64.
  const std::uint64_t rest = mantissa >> (32 - shift);
  const auto d0 = static_cast<std::int64_t>((mantissa << shift) & DIGIT_MASK);
  const auto d1 = static_cast<std::int64_t>(rest & DIGIT_MASK);
  const auto d2 = static_cast<std::int64_t>(rest >> 32);
  if ((bits >> 63) != 0) {
    limbs_[limb] -= d0;
    limbs_[limb + 1] -= d1;
    limbs_[limb + 2] -= d2;
  } else {
    limbs_[limb] += d0;
    limbs_[limb + 1] += d1;
    limbs_[limb + 2] += d2;
  }
  if (++pending_ == ADDS_BEFORE_CARRY) normalise();
}

// Every limb but the top one into [0, 2^32), carrying (floor division) upwards: the unique
// representation of the exact sum, so everything read from it is order-free.
void ExactSum::normalise() {
  for (int i = 0; i + 1 < LIMBS; ++i) {
    const std::int64_t low =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(limbs_[i]) & DIGIT_MASK);
    const std::int64_t carry = (limbs_[i] - low) / DIGIT;
    limbs_[i] = low;
    limbs_[i + 1] += carry;
  }
  pending_ = 0;
}

void ExactSum::merge(const ExactSum& other) {
  ExactSum normalised = other;
  normalised.normalise();
  normalise();
  for (int i = 0; i < LIMBS; ++i)
    limbs_[i] += normalised.limbs_[i];  // each below 2^33 but the top limb: no overflow
  special_ += other.special_;
  normalise();
}

double ExactSum::fold() const {
  // A negative sum is normalised as a top limb of -1 over digits of 2^32 - 1 (two's complement),
  // which would fold to inf - inf: fold its magnitude instead.
  if (limbs_[LIMBS - 1] < 0) {
    ExactSum magnitude;
    for (int i = 0; i < LIMBS; ++i)
      magnitude.limbs_[i] = -limbs_[i];
    magnitude.normalise();
    return -magnitude.fold();
  }
  double sum = 0;
  for (int i = LIMBS - 1; i >= 0; --i)
    sum += std::ldexp(static_cast<double>(limbs_[i]), 32 * i - 1074);
  return sum;
}

ExactSum::Pair ExactSum::split() const {
  if (special_ != 0) return {special_, 0.0};
  ExactSum rest = *this;
  rest.normalise();
  const double hi = rest.fold();
  if (!std::isfinite(hi)) return {hi, 0.0};  // beyond the double range
  rest.add(-hi);
  rest.normalise();
  return {hi, rest.fold()};
}

}  // namespace regiosim
