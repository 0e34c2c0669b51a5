// gunzip: a whole gzip file (RFC 1952; several members one after another, as
// `cat a.gz b.gz` makes, are one stream) -> its uncompressed bytes, with zlib.
// Used by the sources for ".json.gz" objects, so the pipeline sees plain JSON.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sparkify::source {

// Decompresses `compressed` into `out` (replacing its contents), leaving at
// least `padding` bytes of spare capacity after the data. Returns nullopt on
// success, or one line saying why the data is not valid gzip (out is then
// cleared).
std::optional<std::string> gunzip(std::string_view compressed, std::string& out, std::size_t padding);

}  // namespace sparkify::source
