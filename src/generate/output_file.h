// OutputFile: one file being written, owned (RAII) and buffered by the caller's
// large appends. Every failure throws sparkify::Error(source) naming the path.
// close() must be called to learn about write errors; the destructor of an
// unclosed file closes it silently (the error path is already unwinding).
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string_view>

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

// Writes a whole small file at once; returns its size.
std::int64_t write_whole_file(const std::filesystem::path& path, std::string_view bytes);

// create_directories with the project's error policy.
void make_directories(const std::filesystem::path& path);

}  // namespace sparkify::generate
