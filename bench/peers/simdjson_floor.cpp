// simdjson_floor: the parse floor of bench/etl_bench.sh. Reads every .json
// file under DIR/song_data and DIR/log_data with THREADS threads and parses
// every field of every record with simdjson's ondemand API (strings
// unescaped, numbers converted), keeping nothing: what any loader must at
// least spend before it writes a row.
//
//   simdjson_floor DIR [THREADS=2]     prints "records N bytes B"
#include <simdjson.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

std::uint64_t touch(simdjson::ondemand::value value) {
  switch (value.type()) {
    case simdjson::ondemand::json_type::string:
      return value.get_string().value().size();
    case simdjson::ondemand::json_type::number:
      return static_cast<std::uint64_t>(value.get_double().value() != 0);
    case simdjson::ondemand::json_type::boolean:
      return value.get_bool().value() ? 1 : 0;
    case simdjson::ondemand::json_type::null:
      return value.is_null() ? 1 : 0;
    default:
      return value.raw_json_token().size();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: simdjson_floor DIR [THREADS]\n", stderr);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const int threads = argc > 2 ? std::stoi(argv[2]) : 2;
  std::vector<std::filesystem::path> files;
  for (const char* sub : {"song_data", "log_data"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir / sub)) {
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
  }
  std::atomic<std::size_t> next = 0;
  std::atomic<std::uint64_t> records = 0, bytes = 0, checksum = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      simdjson::ondemand::parser parser;
      std::uint64_t my_records = 0, my_bytes = 0, my_sum = 0;
      for (std::size_t i; (i = next++) < files.size();) {
        simdjson::padded_string body = simdjson::padded_string::load(files[i].string()).value();
        my_bytes += body.size();
        auto stream = parser.iterate_many(body).value();
        for (auto doc : stream) {
          for (auto field : doc.get_object().value()) {
            my_sum += field.unescaped_key().value().size();
            my_sum += touch(field.value().value());
          }
          ++my_records;
        }
      }
      records += my_records;
      bytes += my_bytes;
      checksum += my_sum;
    });
  }
  for (auto& thread : pool) thread.join();
  std::printf("records %llu bytes %llu (checksum %llu)\n", static_cast<unsigned long long>(records.load()),
              static_cast<unsigned long long>(bytes.load()), static_cast<unsigned long long>(checksum.load()));
  return 0;
}
