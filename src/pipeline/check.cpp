#include "pipeline/check.h"

#include "common/error.h"
#include "sql/tables.h"

namespace sparkify::pipeline {

std::vector<CheckResult> run_checks(warehouse::Warehouse& warehouse) {
  std::vector<CheckResult> results;
  for (const auto& check : sql::quality_checks(warehouse.dialect())) {
    CheckResult result{check.name, false, ""};
    try {
      auto answer = warehouse.query(check.sql);
      auto value = answer.rows.empty() || answer.rows[0].empty() ? std::nullopt : answer.rows[0][0];
      if (!value) {
        result.detail = "no value (has etl run since create-tables?)";
      } else {
        const long long number = std::stoll(*value);
        result.passed = check.pass_when == sql::Check::PassWhen::zero ? number == 0 : number > 0;
        result.detail = check.pass_when == sql::Check::PassWhen::zero ? *value + " violation(s)" : *value + " row(s)";
      }
    } catch (const Error& error) {
      result.detail = error.what();
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace sparkify::pipeline
