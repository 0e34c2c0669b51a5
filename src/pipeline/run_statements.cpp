#include "pipeline/run_statements.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>

#include "common/error.h"
#include "common/interrupt.h"

namespace sparkify::pipeline {
namespace {

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace

std::string phase_done(std::string_view what, std::chrono::steady_clock::time_point started) {
  return fmt::format("{} ({:.2f} s)", what, seconds_since(started));
}

std::int64_t count_value(const std::optional<std::string>& text) { return std::stoll(text.value_or("0")); }

std::optional<double> double_value(const std::optional<std::string>& text, std::string_view what) {
  if (!text) return std::nullopt;
  double value = 0;
  const auto result = std::from_chars(text->data(), text->data() + text->size(), value);
  if (result.ec != std::errc()) throw_error(ErrorKind::warehouse, "unexpected {} '{}'", what, *text);
  return value;
}

std::optional<std::string_view> text_value(Values values, std::size_t i) {
  return values[i] ? std::optional<std::string_view>(*values[i]) : std::nullopt;
}

std::int64_t query_count(warehouse::Warehouse& warehouse, const std::string& sql) {
  return count_value(warehouse.query(sql).rows.at(0).at(0));
}

void for_each_row(warehouse::Warehouse& warehouse, std::string_view sql, const std::function<void(Values)>& row) {
  class Sink final : public warehouse::RowSink {
   public:
    explicit Sink(const std::function<void(Values)>& row) : row_(row) {}
    void begin(const std::vector<std::string>&, const std::vector<warehouse::ValueKind>&) override {}
    void row(Values values) override { row_(values); }
    void end() override {}

   private:
    const std::function<void(Values)>& row_;
  } sink(row);
  warehouse.stream_query(sql, sink);
}

void stop_if_interrupted() {
  if (interrupted()) throw_error(ErrorKind::data, "interrupted: the run is rolled back");
}

StepReport StepRunner::next_step(const sql::Statement& statement) {
  StepReport report;
  report.number = ++done_;
  report.total = total_;
  report.name = statement.name;
  return report;
}

void StepRunner::run(const std::vector<sql::Statement>& statements, const std::function<void()>& after_each) {
  for (const auto& statement : statements) {
    stop_if_interrupted();
    StepReport report = next_step(statement);
    const auto started = std::chrono::steady_clock::now();
    try {
      report.rows = warehouse_.execute_counted(statement);
    } catch (...) {
      report.ok = false;
      report.seconds = seconds_since(started);
      observer_(report);
      throw;
    }
    report.seconds = seconds_since(started);
    observer_(report);
    if (after_each) after_each();
  }
}

void StepRunner::skip(const std::vector<sql::Statement>& statements, std::string_view why) {
  for (const auto& statement : statements) {
    StepReport report = next_step(statement);
    report.skipped = why;
    observer_(report);
  }
}

void run_statements(warehouse::Warehouse& warehouse, const std::vector<sql::Statement>& statements,
                    const Progress& progress) {
  for (const auto& statement : statements) {
    stop_if_interrupted();
    const auto started = std::chrono::steady_clock::now();
    warehouse.execute(statement);
    progress(phase_done(statement.name, started));
  }
}

}  // namespace sparkify::pipeline
