#include "warehouse/warehouse.h"

namespace sparkify::warehouse {

void send_result(const QueryResult& result, RowSink& sink) {
  std::vector<ValueKind> kinds = result.kinds;
  kinds.resize(result.columns.size(), ValueKind::text);
  sink.begin(result.columns, kinds);
  for (const auto& row : result.rows) sink.row(row);
  sink.end();
}

}  // namespace sparkify::warehouse
