// ObjectStore: the write side of a Source's world, for the pipeline's uploads
// (local files, the COPY manifests and the JSONPaths file for Redshift). Reads
// stay with Source. The pipeline is given an ObjectStore; it never builds an S3
// client itself, so the whole server-side load runs against MemoryObjectStore
// in tests.
//
// Contract:
//  - put() writes `body` as the object at `uri` ("s3://bucket/key"), replacing
//    any object there. It throws sparkify::Error naming the object and what to
//    do when the write fails (after the store's own retries).
//  - Not thread-safe: one thread writes.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace sparkify::source {

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Where writes go, for messages (never holds credentials).
  virtual std::string describe() const = 0;

  virtual void put(const std::string& uri, std::string body, const std::string& content_type) = 0;

  // The region `bucket` lives in, or "" when the store cannot tell.
  virtual std::string bucket_region(const std::string& bucket) = 0;
};

// Keeps every object in memory: uri -> (body, content type). For tests.
class MemoryObjectStore final : public ObjectStore {
 public:
  struct Object {
    std::string body, content_type;
  };

  std::string describe() const override { return "memory"; }
  void put(const std::string& uri, std::string body, const std::string& content_type) override;
  std::string bucket_region(const std::string& bucket) override;

  std::map<std::string, std::string> regions;  // bucket -> region; others are unknown ("")

  const std::map<std::string, Object>& objects() const { return objects_; }
  // The writes in the order they happened (a uri written twice appears twice).
  const std::vector<std::string>& writes() const { return writes_; }

 private:
  std::map<std::string, Object> objects_;
  std::vector<std::string> writes_;
};

}  // namespace sparkify::source
