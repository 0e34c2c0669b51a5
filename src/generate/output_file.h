// OutputFile: one file being written, owned (RAII) and buffered by the caller's
// large appends. Every failure throws sparkify::Error(source) naming the path.
// close() must be called to learn about write errors; the destructor of an
// unclosed file closes it silently (the error path is already unwinding).
// Creating or writing a file after SIGINT/SIGTERM (sparkify::interrupted())
// throws, so an interrupted generator stops at its next write.
//
// StagedFolder: a data set written under a temporary sibling folder
// (".NAME.partial-PID" beside NAME) and moved into place by commit(), so an
// interrupted or failed run leaves nothing half-written: the destructor
// removes an uncommitted temporary folder.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sparkify::generate {

class OutputFile {
 public:
  // Creates (or truncates) the file; the parent folder must exist.
  explicit OutputFile(std::filesystem::path path);

  void write(std::string_view bytes);
  void close();
  std::int64_t bytes_written() const { return bytes_written_; }

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::filesystem::path path_;
  std::unique_ptr<std::FILE, Closer> file_;
  std::int64_t bytes_written_ = 0;
};

class StagedFolder {
 public:
  // `entries`: the names the data set will hold; any already in `final_path`
  // is refused now (Error(usage)), before anything is written.
  StagedFolder(std::filesystem::path final_path, const std::vector<std::string>& entries);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  // Where to write (the temporary folder, created empty).
  const std::filesystem::path& path() const { return temp_path_; }
  // Moves the data set into the final folder: the whole folder by one rename
  // when the final folder does not exist, else entry by entry (each a rename).
  void commit();

 private:
  std::filesystem::path final_path_, temp_path_;
  bool committed_ = false;
};

// Writes a whole small file at once; returns its size.
std::int64_t write_whole_file(const std::filesystem::path& path, std::string_view bytes);

// create_directories with the project's error policy.
void make_directories(const std::filesystem::path& path);

}  // namespace sparkify::generate
