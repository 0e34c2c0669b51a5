#include "pipeline/create_tables.h"

namespace sparkify::pipeline {

void create_tables(warehouse::Warehouse& warehouse, const std::function<void(std::string_view)>& progress) {
  warehouse::Transaction transaction(warehouse);
  for (const auto& statements : {warehouse.dialect().drop_tables(), warehouse.dialect().create_tables()}) {
    for (const auto& statement : statements) {
      progress(statement.name);
      warehouse.execute(statement);
    }
  }
  transaction.commit();
}

}  // namespace sparkify::pipeline
