// Order independence on the SQL route (docs/semantics.md "Order
// independence"): a generated data set, its files split into random runs
// loaded in random orders (fixed seeds), must end in the same star tables —
// every column of every row — as one run over all the files, on DuckDB and
// on PostgreSQL. The file set also holds a second copy of one log file and
// one song file (the same records in two runs) and a copy of one log file
// whose plays and users say "paid" where they said "free" (the same keys with
// other content), so duplicates across runs are decided by the rules too.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "harness/postgres_fixture.h"
#include "harness/star_cases.h"
#include "harness/workspace.h"
#include "parse/parsers.h"
#include "sql/postgres_dialect.h"
#include "warehouse/duckdb_warehouse.h"
#include "warehouse/postgres_warehouse.h"

namespace sparkify::testing {
namespace {

[[maybe_unused]] const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

const sql::PostgresDialect kPostgresDialect;

struct SourceFile {
  bool events = false;
  std::string name;
  std::string body;
};

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Every file of a generated data set, sorted by name, plus the copies above.
std::vector<SourceFile> generated_files(const Workspace& workspace) {
  workspace.generate("data", 120, 3000, 5);
  std::vector<SourceFile> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(workspace.path() / "data")) {
    if (entry.path().extension() != ".json" || entry.path().filename() == "truth.json") continue;
    const bool events = entry.path().string().find("log_data") != std::string::npos;
    files.push_back({events, entry.path().string(), read_all(entry.path())});
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  const auto first_log = std::find_if(files.begin(), files.end(), [](const auto& f) { return f.events; });
  const auto first_song = std::find_if(files.begin(), files.end(), [](const auto& f) { return !f.events; });
  const SourceFile log_copy{true, first_log->name + ".copy", first_log->body};
  const SourceFile paid_copy{true, std::next(first_log)->name + ".paid",
                             replaced(std::next(first_log)->body, R"("level":"free")", R"("level":"paid")")};
  const SourceFile song_copy{false, first_song->name + ".copy", first_song->body};
  files.insert(files.end(), {log_copy, paid_copy, song_copy});
  return files;
}

// One etl run on the SQL route: the files' rows into staging, then the
// dialect's build_star_schema, in one transaction.
void load_run(warehouse::Warehouse& warehouse, const std::vector<const SourceFile*>& run) {
  std::vector<std::unique_ptr<parse::EventBatch>> events;
  std::vector<std::unique_ptr<parse::SongBatch>> songs;
  for (const SourceFile* file : run) {
    if (file->events) {
      events.push_back(parse::parse_events(file->name, file->body));
    } else {
      songs.push_back(parse::parse_songs(file->name, file->body));
    }
  }
  warehouse::Transaction transaction(warehouse);
  run_all(warehouse, warehouse.dialect().clear_staging());
  auto loader = warehouse.open_staging_loader();
  for (const auto& batch : songs) loader->append_songs(batch->rows);
  for (const auto& batch : events) loader->append_events(batch->rows);
  loader->finish();
  run_all(warehouse, warehouse.dialect().build_star_schema());
  transaction.commit();
}

// The files shuffled by `seed` and cut into 2 to 5 runs at random places.
std::vector<std::vector<const SourceFile*>> random_runs(const std::vector<SourceFile>& files, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<const SourceFile*> order;
  for (const auto& file : files) order.push_back(&file);
  std::shuffle(order.begin(), order.end(), random);
  const auto count = std::uniform_int_distribution<std::size_t>(2, 5)(random);
  std::vector<std::size_t> cuts = {0, order.size()};
  while (cuts.size() < count + 1) {
    const auto cut = std::uniform_int_distribution<std::size_t>(1, order.size() - 1)(random);
    if (std::find(cuts.begin(), cuts.end(), cut) == cuts.end()) cuts.push_back(cut);
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::vector<const SourceFile*>> runs;
  for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
    runs.emplace_back(order.begin() + cuts[i], order.begin() + cuts[i + 1]);
  return runs;
}

using OpenWarehouse = std::function<std::unique_ptr<warehouse::Warehouse>()>;

void check_order_independence(const OpenWarehouse& open) {
  Workspace workspace;
  const auto files = generated_files(workspace);
  auto single = open();
  create_tables(*single);
  std::vector<const SourceFile*> everything;
  for (const auto& file : files) everything.push_back(&file);
  load_run(*single, everything);
  const std::string expected = printed_star_tables(*single);
  ASSERT_GT(expected.size(), 1000u);
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    const auto runs = random_runs(files, seed);
    SCOPED_TRACE(fmt::format("seed {}: {} runs", seed, runs.size()));
    auto split = open();
    create_tables(*split);
    for (const auto& run : runs) load_run(*split, run);
    EXPECT_EQ(printed_star_tables(*split), expected);
  }
}

TEST(OrderIndependence, RandomRunsEqualOneRunOnDuckDb) {
  check_order_independence([] { return std::make_unique<warehouse::DuckDbWarehouse>(":memory:"); });
}

TEST(OrderIndependence, RandomRunsEqualOneRunOnPostgres) {
  check_order_independence(
      [] { return std::make_unique<warehouse::PostgresWarehouse>(fresh_database(), kPostgresDialect); });
}

}  // namespace
}  // namespace sparkify::testing
