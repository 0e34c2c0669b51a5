#include "source/object_store.h"

namespace sparkify::source {

void MemoryObjectStore::put(const std::string& uri, std::string body, const std::string& content_type) {
  objects_[uri] = {std::move(body), content_type};
  writes_.push_back(uri);
}

std::string MemoryObjectStore::bucket_region(const std::string& bucket) {
  const auto it = regions.find(bucket);
  return it == regions.end() ? "" : it->second;
}

}  // namespace sparkify::source
