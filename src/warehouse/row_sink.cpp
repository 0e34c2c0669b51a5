#include <functional>

#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

void send_result(const QueryResult& result, RowSink& sink) {
  std::vector<ValueKind> kinds = result.kinds;
  kinds.resize(result.columns.size(), ValueKind::text);
  sink.begin(result.columns, kinds);
  for (const auto& row : result.rows) sink.row(row);
  sink.end();
}

QueryResult collect_result(const std::function<void(RowSink&)>& run) {
  class Collector final : public RowSink {
   public:
    explicit Collector(QueryResult& out) : out_(out) {}
    void begin(const std::vector<std::string>& columns, const std::vector<ValueKind>& kinds) override {
      out_.columns = columns;
      out_.kinds = kinds;
    }
    void row(std::span<const std::optional<std::string>> values) override {
      out_.rows.emplace_back(values.begin(), values.end());
    }
    void end() override {}

   private:
    QueryResult& out_;
  };
  QueryResult out;
  Collector collector(out);
  run(collector);
  return out;
}

}  // namespace sparkify::warehouse
