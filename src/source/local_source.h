// LocalSource: a folder on the local file system as a Source (contract in
// source.h). Lists *.json and *.json.gz files recursively (symlinked folders
// are not followed), naming everything else it passes over: hidden entries,
// other names, broken links, and FIFOs, sockets, devices or directories named
// like JSON. A file's version is its mtime in nanoseconds. Reads each file
// whole into a padded buffer (decompressing .json.gz). Reads run on the
// calling thread: local reads are cheap next to parsing, and the pipeline
// parses on its own workers.
#pragma once

#include <filesystem>

#include "source/source.h"

namespace sparkify::source {

class LocalSource final : public Source {
 public:
  explicit LocalSource(std::filesystem::path root);

  std::string describe() const override;
  Listing list_objects() override;
  void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) override;

 private:
  std::filesystem::path root_;
};

}  // namespace sparkify::source
