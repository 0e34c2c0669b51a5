#include "warehouse/duckdb_api.h"

#include <dlfcn.h>
#include <fmt/format.h>

#include <filesystem>
#include <string>

#include "common/error.h"

namespace sparkify::warehouse::duckdb_api {
namespace {

// The folder of the running binary ("" if it cannot be read).
std::string binary_folder() {
  std::error_code error;
  const auto binary = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : binary.parent_path().string();
}

// DuckDB's shared library, opened once; a failed open is tried again by the
// next call. Looked for beside an installed binary, then where the build
// found it (SPARKIFY_DUCKDB_INSTALLED, SPARKIFY_DUCKDB_BUILT: CMakeLists.txt),
// by path only: never in the current directory. RTLD_DEEPBIND: the
// library's many references to its own functions find them first, instead of
// after every library of the process (3 ms against 6 ms more than a library
// loaded at start).
void* library() {
  static void* const handle = [] {
    const std::string places[] = {binary_folder() + "/" SPARKIFY_DUCKDB_INSTALLED, SPARKIFY_DUCKDB_BUILT};
    std::string tried;
    for (const auto& place : places) {
      if (void* opened = dlopen(place.c_str(), RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND)) return opened;
      tried += fmt::format("{}{}", tried.empty() ? "" : "; ", dlerror());
    }
    throw_error(ErrorKind::warehouse, "cannot load DuckDB's library, which a duckdb: target needs: {}", tried);
  }();
  return handle;
}

}  // namespace

void* resolve(const char* name) {
  void* address = dlsym(library(), name);
  if (address == nullptr) throw_error(ErrorKind::warehouse, "DuckDB's library has no function {}", name);
  return address;
}

}  // namespace sparkify::warehouse::duckdb_api
