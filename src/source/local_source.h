// LocalSource: a folder on the local file system as a Source. Lists *.json
// files recursively (following no symlinked folders twice), reads each file
// whole into a padded buffer. Reads run on the calling thread: local reads are
// cheap next to parsing, and the pipeline parses on its own workers.
#pragma once

#include <filesystem>

#include "source/source.h"

namespace sparkify::source {

class LocalSource final : public Source {
 public:
  explicit LocalSource(std::filesystem::path root);

  std::string describe() const override;
  std::vector<ObjectRef> list_objects() override;
  void fetch_objects(const std::vector<ObjectRef>& objects, const ObjectConsumer& consume) override;

 private:
  std::filesystem::path root_;
};

}  // namespace sparkify::source
