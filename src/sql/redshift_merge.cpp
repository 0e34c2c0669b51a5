// Redshift's fragments of the shared merge (sql/star_merge.h). Redshift
// compares strings by bytes but ignores trailing spaces in = and <
// ('Halo' = 'Halo '); LENGTH() counts them for VARCHAR, so an exact equality
// also compares LENGTH() and an exact order sorts by LENGTH() after the text.
// start_time = TIMESTAMP 'epoch' + whole seconds + remaining milliseconds:
// integer arithmetic only, so milliseconds are exact on Redshift and PostgreSQL.
#include <fmt/format.h>

#include "sql/redshift_dialect.h"

namespace sparkify::sql {

namespace {

constexpr EngineSql kRedshift = {
    .type_name = redshift_type,
    .text_ascending = [](std::string_view e) { return fmt::format("{0} ASC NULLS FIRST, LENGTH({0}) ASC", e); },
    .text_equal = [](std::string_view l,
                     std::string_view r) { return fmt::format("{0} = {1} AND LENGTH({0}) = LENGTH({1})", l, r); },
    .text_key = [](std::string_view e) { return fmt::format("{0}, LENGTH({0})", e); },
    .text_distinct = [](std::string_view c) { return fmt::format("{0}, LENGTH({0}) AS {0}_length", c); },
    .timestamp_from_epoch_ms =
        [](std::string_view ms) {
          return fmt::format(
              "TIMESTAMP 'epoch' + ({0} / 1000) * INTERVAL '1 second' + ({0} % 1000) * INTERVAL '1 "
              "millisecond'",
              ms);
        },
    .time_parts = extract_time_parts,
    // No UUID type: the same 8-4-4-4-12 text in a CHAR(36).
    .songplay_key =
        [](std::string_view h) {
          return fmt::format(
              "SUBSTRING({0}, 1, 8) || '-' || SUBSTRING({0}, 9, 4) || '-' || SUBSTRING({0}, 13, 4) || '-' || "
              "SUBSTRING({0}, 17, 4) || '-' || SUBSTRING({0}, 21, 12)",
              h);
        },
    // "" (logged out; COPY leaves user_id as text) and NULL give NULL.
    .staged_user_id = "CAST(NULLIF(user_id, '') AS BIGINT)",
    .analyze_work_tables = false,
    // Redshift names each session's temporary schema pg_temp_<n>; unqualified
    // names find the temporary table first.
    .temporary_schema = "",
};

}  // namespace

RedshiftDialect::RedshiftDialect() : StarMergeDialect(kRedshift) {}

}  // namespace sparkify::sql
