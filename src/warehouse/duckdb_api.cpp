#include "warehouse/duckdb_api.h"

#include <dlfcn.h>

#include "common/error.h"

namespace sparkify::warehouse::duckdb_api {
namespace {

// DuckDB's shared library, opened once; a failed open is tried again by the
// next call. RTLD_DEEPBIND: the library's many references to its own
// functions find them first, instead of after every library of the process
// (3 ms against 6 ms more than a library loaded at start).
void* library() {
  static void* const handle = [] {
    void* opened = dlopen("libduckdb.so", RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND);
    if (opened == nullptr) {
      throw_error(ErrorKind::warehouse, "cannot load DuckDB's library, which a duckdb: target needs: {}", dlerror());
    }
    return opened;
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
