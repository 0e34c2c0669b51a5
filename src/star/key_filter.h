// KeyFilter: a fixed-size Bloom filter over 64-bit key hashes, used to find
// the keys that *may* already have been written (this run, or earlier runs on
// the same days) without keeping the keys themselves: memory is fixed
// (bits / 8 bytes) whatever the input size. A "maybe" is exact enough
// because it only nominates a key for the SQL resolve step, which compares
// the real rows; a key the filter has never seen always answers "no".
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace sparkify::star {

class KeyFilter {
 public:
  // `bits`: the filter's size, a power of two of at least 64. Its words are
  // zeroed by writing them, not taken zeroed from calloc: a fresh page that
  // test_and_add reads before it writes faults twice, and in a process with
  // other threads the second fault flushes the TLB of every core: a 2M-event
  // load's keys reach every page (bench/README.md, stop 24).
  explicit KeyFilter(std::uint64_t bits) : mask_(checked(bits) - 1), words_(new std::uint64_t[bits / 64]()) {}

  // The size for about `keys` keys at `bits_per_key`: the power of two at or
  // above keys * bits_per_key, within [at_least, at_most] (powers of two).
  static std::uint64_t size_for(std::uint64_t keys, std::uint64_t bits_per_key, std::uint64_t at_least,
                                std::uint64_t at_most) {
    std::uint64_t bits = checked(at_least);
    while (bits < checked(at_most) && bits / bits_per_key < keys) bits *= 2;
    return bits;
  }

  // Adds the key; returns true when it may have been added before.
  bool test_and_add(std::uint64_t hash) {
    bool seen = true;
    for (int i = 0; i < kProbes; ++i) {
      const std::uint64_t bit = probe(hash, i);
      std::uint64_t& word = words_[bit >> 6];
      const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
      seen = seen && (word & mask) != 0;
      word |= mask;
    }
    return seen;
  }

  // A well-mixed 64-bit hash of an integer key (splitmix64's finaliser).
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

 private:
  // `bits`, refused before anything is allocated for it.
  static std::uint64_t checked(std::uint64_t bits) {
    if (bits < 64 || (bits & (bits - 1)) != 0) throw std::invalid_argument("KeyFilter size must be a power of two");
    return bits;
  }
  static constexpr int kProbes = 3;
  // Double hashing: probe i = h1 + i * h2, h2 odd.
  std::uint64_t probe(std::uint64_t hash, int i) const {
    const std::uint64_t h1 = hash, h2 = mix(hash) | 1;
    return (h1 + static_cast<std::uint64_t>(i) * h2) & mask_;
  }
  std::uint64_t mask_;
  std::unique_ptr<std::uint64_t[]> words_;
};

}  // namespace sparkify::star
