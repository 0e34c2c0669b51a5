#include "aws/s3_listing_guard.h"

namespace sparkify::aws {
namespace {

std::string shortened(const std::string& token) {
  constexpr std::size_t kShown = 40;
  return token.size() <= kShown ? token : token.substr(0, kShown) + "...";
}

}  // namespace

S3ListingGuard::S3ListingGuard(std::string listing) : listing_(std::move(listing)) {}

void S3ListingGuard::check(const S3ListPage& page) {
  ++pages_;
  bool progress = false;
  for (const auto& object : page.objects) {
    if (object.key > greatest_key_) {
      greatest_key_ = object.key;
      progress = true;
    }
  }
  if (page.next_continuation_token.empty()) return;  // the last page
  if (!tokens_seen_.insert(page.next_continuation_token).second) {
    throw S3Error(fmt::format("S3 ListObjectsV2 {} gave continuation token '{}' a second time (page {}): the listing "
                              "would never end; the server or a proxy in front of it is misbehaving, check "
                              "--endpoint-url",
                              listing_, shortened(page.next_continuation_token), pages_),
                  "", 0);
  }
  pages_without_progress_ = progress ? 0 : pages_without_progress_ + 1;
  if (pages_without_progress_ >= kMaxPagesWithoutProgress) {
    throw S3Error(fmt::format("S3 ListObjectsV2 {} returned {} truncated pages in a row with no new key (page {}): the "
                              "listing is not moving forward; the server or a proxy in front of it is misbehaving, "
                              "check --endpoint-url",
                              listing_, pages_without_progress_, pages_),
                  "", 0);
  }
}

}  // namespace sparkify::aws
