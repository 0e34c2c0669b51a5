// Fakes for the Redshift load path without a server, shared by the pipeline
// and cli unit tests: sources in memory, an object store that logs its writes,
// and a Warehouse that records every statement in order and answers the
// load-error queries from a script.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "source/object_store.h"
#include "source/source.h"
#include "sql/load_audit.h"
#include "sql/redshift_dialect.h"
#include "sql/schema.h"
#include "sql/tables.h"
#include "warehouse/warehouse.h"

namespace sparkify::pipeline::fakes {

class MemorySource final : public source::Source {
 public:
  MemorySource(std::string location, std::map<std::string, std::string> files)
      : location_(std::move(location)), files_(std::move(files)) {}
  std::string describe() const override { return location_; }
  source::Listing list(std::stop_token) override {
    source::Listing out;
    for (const auto& [uri, body] : files_) out.objects.push_back({uri, body.size(), {}});
    return out;
  }
  void fetch_objects(const std::vector<source::ObjectRef>& objects, const source::ObjectConsumer& consume) override {
    for (const auto& object : objects) {
      source::FetchedObject fetched;
      fetched.ref = &object;
      fetched.body = files_.at(object.uri);
      if (!consume(std::move(fetched))) return;
    }
  }

 private:
  std::string location_;
  std::map<std::string, std::string> files_;
};

// What the cluster reports after one COPY.
struct CopyOutcome {
  std::int64_t loaded = 0;
  std::vector<std::vector<std::optional<std::string>>> errors;        // rows of sql::last_copy_errors(stl)
  bool fails = false;                                                 // the COPY statement itself throws
  std::vector<std::vector<std::optional<std::string>>> sys_errors{};  // rows of sql::last_copy_errors(sys)
};

inline std::vector<std::optional<std::string>> load_error(const std::string& file, int line) {
  return {file, std::to_string(line), "ts", "Invalid digit", "{\"ts\":\"x\"}"};
}

// Records "BEGIN", "COMMIT", "ROLLBACK", statement names and query texts, in
// order, into a log shared with the object store wrapper below.
class RecordingWarehouse final : public warehouse::Warehouse {
 public:
  explicit RecordingWarehouse(std::vector<std::string>& log) : log_(log) {}
  std::deque<CopyOutcome> outcomes;
  bool all_tables_exist = false;  // answer the dialect's existing_tables() with every sparkify table

  std::string describe() const override { return "redshift://test"; }
  const sql::Dialect& dialect() const override { return dialect_; }
  void execute(const sql::Statement& statement) override {
    log_.push_back(statement.name);
    texts.push_back(statement.text);
    if (statement.text.starts_with("COPY ")) {
      copies.push_back(statement.text);
      current_ = outcomes.empty() ? CopyOutcome{} : outcomes.front();
      if (!outcomes.empty()) outcomes.pop_front();
      if (current_.fails) throw_error(ErrorKind::warehouse, "Load into table failed");
    }
  }
  warehouse::QueryResult query(std::string_view sql) override {
    log_.push_back(std::string(sql));
    warehouse::QueryResult result;
    if (sql == sql::last_copy_count()) {
      result.rows.push_back({std::to_string(current_.loaded)});
    } else if (sql == sql::last_copy_error_count(sql::LoadErrorView::stl)) {
      result.rows.push_back({std::to_string(current_.errors.size())});
    } else if (sql == sql::last_copy_error_count(sql::LoadErrorView::sys)) {
      result.rows.push_back({std::to_string(current_.sys_errors.size())});
    } else if (sql == sql::last_copy_errors(sql::LoadErrorView::sys)) {
      result.rows = current_.sys_errors;
    } else if (sql == sql::last_copy_errors(sql::LoadErrorView::stl)) {
      result.rows = current_.errors;
      if (const auto limit = sql.find(" LIMIT "); limit != std::string_view::npos) {  // as the cluster would
        result.rows.resize(std::min<std::size_t>(result.rows.size(), std::stoul(std::string(sql.substr(limit + 7)))));
      }
    } else if (sql == dialect_.existing_tables() && all_tables_exist) {
      for (const auto& table : sql::table_schemas()) result.rows.push_back({std::string(table.name)});
    } else if (sql == sql::select_manifest()) {
      // no file loaded before
    } else if (sql == sql::count_star_rows(dialect_, false, false)) {
      result.rows.push_back({"0", "0", "0", "0", "0"});
    } else if (sql == sql::count_star_rows(dialect_, true, false)) {
      result.rows.push_back({"0", "0", "0", "0", "0", "0"});
    } else {
      result.rows.push_back({"0"});
    }
    return result;
  }
  void begin() override { log_.push_back("BEGIN"); }
  void commit() override { log_.push_back("COMMIT"); }
  void rollback() override { log_.push_back("ROLLBACK"); }
  std::unique_ptr<warehouse::StagingLoader> open_staging_loader() override { return nullptr; }
  bool loads_staging_from_s3() const override { return true; }

  std::vector<std::string> copies;
  std::vector<std::string> texts;  // every executed statement's text

 private:
  std::vector<std::string>& log_;
  sql::RedshiftDialect dialect_;
  CopyOutcome current_;
};

class LoggingStore final : public source::ObjectStore {
 public:
  explicit LoggingStore(std::vector<std::string>& log) : log_(log) {}
  source::MemoryObjectStore memory;
  std::string describe() const override { return "memory"; }
  void put(const std::string& uri, std::string body, const std::string& content_type) override {
    log_.push_back("PUT " + uri);
    memory.put(uri, std::move(body), content_type);
  }
  std::string bucket_region(const std::string& bucket) override { return memory.bucket_region(bucket); }

 private:
  std::vector<std::string>& log_;
};

}  // namespace sparkify::pipeline::fakes
