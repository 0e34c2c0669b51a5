// KeyFilter: a fixed-size Bloom filter over 64-bit key hashes, used to find
// the keys that *may* already have been written (this run, or earlier runs on
// the same days) without keeping the keys themselves: memory is fixed
// (bits / 8 bytes) whatever the input size. A "maybe" is exact enough
// because it only nominates a key for the SQL resolve step, which compares
// the real rows; a key the filter has never seen always answers "no".
// Blocked: a key's bits all lie in one block of a cache line (the whole
// filter when it is smaller), so a key costs one miss of the cache, which
// prefetch() can take ahead of test_and_add().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace sparkify::star {

class KeyFilter {
 public:
  // `bits`: the filter's size, a power of two of at least 64. Its words are
  // zeroed by writing them, not taken zeroed from calloc: a fresh page that
  // test_and_add reads before it writes faults twice, and in a process with
  // other threads the second fault flushes the TLB of every core: a 2M-event
  // load's keys reach every page (bench/README.md, stop 24). A filter of a
  // huge page or more is asked to sit in huge pages (MADV_HUGEPAGE, a hint):
  // its keys land on random pages, each a miss of the TLB on small ones.
  explicit KeyFilter(std::uint64_t bits)
      : block_bits_(checked(bits) < kBlockBits ? bits : kBlockBits),
        block_mask_((bits / block_bits_) - 1),
        words_(allocate(bits / 8)) {}

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
    std::uint64_t* block = block_of(hash);
    const std::uint64_t bits = mix(hash);
    bool seen = true;
    for (int i = 0; i < kProbes; ++i) {
      const std::uint64_t bit = (bits >> (i * kProbeShift)) & (block_bits_ - 1);
      std::uint64_t& word = block[bit >> 6];
      const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
      seen = seen && (word & mask) != 0;
      word |= mask;
    }
    return seen;
  }

  // Asks for the key's block to be brought to the cache (a hint: no effect
  // on answers), some keys before its test_and_add().
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(block_of(hash), 1); }

  // A well-mixed 64-bit hash of an integer key (splitmix64's finaliser).
  static std::uint64_t mix(std::uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }

 private:
  static constexpr std::uint64_t kBlockBits = 512;  // a cache line
  static constexpr int kProbes = 3;
  static constexpr int kProbeShift = 9;  // log2(kBlockBits): each probe its own bits of mix(hash)

  struct Free {
    void operator()(std::uint64_t* words) const { std::free(words); }
  };

  // `bits`, refused before anything is allocated for it.
  static std::uint64_t checked(std::uint64_t bits) {
    if (bits < 64 || (bits & (bits - 1)) != 0) throw std::invalid_argument("KeyFilter size must be a power of two");
    return bits;
  }
  // `bytes` of zeroed words (see the constructor), from the start of a cache
  // line, so a block is one line (of a huge page when 2 MiB or more).
  static std::unique_ptr<std::uint64_t[], Free> allocate(std::size_t bytes);

  std::uint64_t* block_of(std::uint64_t hash) const { return words_.get() + (hash & block_mask_) * (block_bits_ / 64); }

  std::uint64_t block_bits_;
  std::uint64_t block_mask_;  // blocks - 1
  std::unique_ptr<std::uint64_t[], Free> words_;
};

}  // namespace sparkify::star
