// The DuckDB C API, loaded on first use. sparkify does not link libduckdb:
// the first call of a duckdb_* function opens the library (by path: beside an
// installed binary in ../lib, else the build tree's third_party/duckdb/lib),
// so a process that never touches a DuckDB file — a PostgreSQL or Redshift
// load, --help, infra — does not pay for loading it (about 11 ms of every
// start, bench/README.md stop 21) and runs where it is absent.
// Include this header, never <duckdb.h> itself: after it, each C API name
// below calls the library's function through a pointer resolved once. When
// the library or a function cannot be loaded, that call throws
// Error(warehouse) naming it.
#pragma once

#include <duckdb.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace sparkify::warehouse::duckdb_api {

// A function name as a template argument.
template <std::size_t N>
struct Name {
  char text[N];
  constexpr Name(const char (&name)[N]) { std::copy_n(name, N, text); }  // NOLINT: implicit by design
};

// The address of DuckDB's C function `name`, loading the library first if
// it is not loaded yet.
void* resolve(const char* name);

template <Name name, typename Function>
Function function() {
  static const Function loaded = [] {
    Function f;
    void* address = resolve(name.text);
    std::memcpy(&f, &address, sizeof f);
    return f;
  }();
  return loaded;
}

}  // namespace sparkify::warehouse::duckdb_api

#define SPARKIFY_DUCKDB_C_API(name) (::sparkify::warehouse::duckdb_api::function<#name, decltype(&::name)>())
#define duckdb_append_data_chunk SPARKIFY_DUCKDB_C_API(duckdb_append_data_chunk)
#define duckdb_appender_column_count SPARKIFY_DUCKDB_C_API(duckdb_appender_column_count)
#define duckdb_appender_column_type SPARKIFY_DUCKDB_C_API(duckdb_appender_column_type)
#define duckdb_appender_create SPARKIFY_DUCKDB_C_API(duckdb_appender_create)
#define duckdb_appender_create_ext SPARKIFY_DUCKDB_C_API(duckdb_appender_create_ext)
#define duckdb_appender_destroy SPARKIFY_DUCKDB_C_API(duckdb_appender_destroy)
#define duckdb_appender_error_data SPARKIFY_DUCKDB_C_API(duckdb_appender_error_data)
#define duckdb_appender_flush SPARKIFY_DUCKDB_C_API(duckdb_appender_flush)
#define duckdb_array_type_array_size SPARKIFY_DUCKDB_C_API(duckdb_array_type_array_size)
#define duckdb_array_type_child_type SPARKIFY_DUCKDB_C_API(duckdb_array_type_child_type)
#define duckdb_array_vector_get_child SPARKIFY_DUCKDB_C_API(duckdb_array_vector_get_child)
#define duckdb_close SPARKIFY_DUCKDB_C_API(duckdb_close)
#define duckdb_column_count SPARKIFY_DUCKDB_C_API(duckdb_column_count)
#define duckdb_column_logical_type SPARKIFY_DUCKDB_C_API(duckdb_column_logical_type)
#define duckdb_column_name SPARKIFY_DUCKDB_C_API(duckdb_column_name)
#define duckdb_connect SPARKIFY_DUCKDB_C_API(duckdb_connect)
#define duckdb_create_array_value SPARKIFY_DUCKDB_C_API(duckdb_create_array_value)
#define duckdb_create_blob SPARKIFY_DUCKDB_C_API(duckdb_create_blob)
#define duckdb_create_bool SPARKIFY_DUCKDB_C_API(duckdb_create_bool)
#define duckdb_create_config SPARKIFY_DUCKDB_C_API(duckdb_create_config)
#define duckdb_create_data_chunk SPARKIFY_DUCKDB_C_API(duckdb_create_data_chunk)
#define duckdb_create_date SPARKIFY_DUCKDB_C_API(duckdb_create_date)
#define duckdb_create_decimal SPARKIFY_DUCKDB_C_API(duckdb_create_decimal)
#define duckdb_create_double SPARKIFY_DUCKDB_C_API(duckdb_create_double)
#define duckdb_create_enum_value SPARKIFY_DUCKDB_C_API(duckdb_create_enum_value)
#define duckdb_create_float SPARKIFY_DUCKDB_C_API(duckdb_create_float)
#define duckdb_create_hugeint SPARKIFY_DUCKDB_C_API(duckdb_create_hugeint)
#define duckdb_create_int16 SPARKIFY_DUCKDB_C_API(duckdb_create_int16)
#define duckdb_create_int32 SPARKIFY_DUCKDB_C_API(duckdb_create_int32)
#define duckdb_create_int64 SPARKIFY_DUCKDB_C_API(duckdb_create_int64)
#define duckdb_create_int8 SPARKIFY_DUCKDB_C_API(duckdb_create_int8)
#define duckdb_create_interval SPARKIFY_DUCKDB_C_API(duckdb_create_interval)
#define duckdb_create_list_value SPARKIFY_DUCKDB_C_API(duckdb_create_list_value)
#define duckdb_create_logical_type SPARKIFY_DUCKDB_C_API(duckdb_create_logical_type)
#define duckdb_create_map_value SPARKIFY_DUCKDB_C_API(duckdb_create_map_value)
#define duckdb_create_null_value SPARKIFY_DUCKDB_C_API(duckdb_create_null_value)
#define duckdb_create_struct_value SPARKIFY_DUCKDB_C_API(duckdb_create_struct_value)
#define duckdb_create_time SPARKIFY_DUCKDB_C_API(duckdb_create_time)
#define duckdb_create_time_ns SPARKIFY_DUCKDB_C_API(duckdb_create_time_ns)
#define duckdb_create_time_tz_value SPARKIFY_DUCKDB_C_API(duckdb_create_time_tz_value)
#define duckdb_create_timestamp SPARKIFY_DUCKDB_C_API(duckdb_create_timestamp)
#define duckdb_create_timestamp_ms SPARKIFY_DUCKDB_C_API(duckdb_create_timestamp_ms)
#define duckdb_create_timestamp_ns SPARKIFY_DUCKDB_C_API(duckdb_create_timestamp_ns)
#define duckdb_create_timestamp_s SPARKIFY_DUCKDB_C_API(duckdb_create_timestamp_s)
#define duckdb_create_timestamp_tz SPARKIFY_DUCKDB_C_API(duckdb_create_timestamp_tz)
#define duckdb_create_uhugeint SPARKIFY_DUCKDB_C_API(duckdb_create_uhugeint)
#define duckdb_create_uint16 SPARKIFY_DUCKDB_C_API(duckdb_create_uint16)
#define duckdb_create_uint32 SPARKIFY_DUCKDB_C_API(duckdb_create_uint32)
#define duckdb_create_uint64 SPARKIFY_DUCKDB_C_API(duckdb_create_uint64)
#define duckdb_create_uint8 SPARKIFY_DUCKDB_C_API(duckdb_create_uint8)
#define duckdb_create_union_value SPARKIFY_DUCKDB_C_API(duckdb_create_union_value)
#define duckdb_create_uuid SPARKIFY_DUCKDB_C_API(duckdb_create_uuid)
#define duckdb_create_varchar_length SPARKIFY_DUCKDB_C_API(duckdb_create_varchar_length)
#define duckdb_data_chunk_get_size SPARKIFY_DUCKDB_C_API(duckdb_data_chunk_get_size)
#define duckdb_data_chunk_get_vector SPARKIFY_DUCKDB_C_API(duckdb_data_chunk_get_vector)
#define duckdb_data_chunk_reset SPARKIFY_DUCKDB_C_API(duckdb_data_chunk_reset)
#define duckdb_data_chunk_set_size SPARKIFY_DUCKDB_C_API(duckdb_data_chunk_set_size)
#define duckdb_decimal_internal_type SPARKIFY_DUCKDB_C_API(duckdb_decimal_internal_type)
#define duckdb_decimal_scale SPARKIFY_DUCKDB_C_API(duckdb_decimal_scale)
#define duckdb_decimal_width SPARKIFY_DUCKDB_C_API(duckdb_decimal_width)
#define duckdb_destroy_config SPARKIFY_DUCKDB_C_API(duckdb_destroy_config)
#define duckdb_destroy_data_chunk SPARKIFY_DUCKDB_C_API(duckdb_destroy_data_chunk)
#define duckdb_destroy_error_data SPARKIFY_DUCKDB_C_API(duckdb_destroy_error_data)
#define duckdb_destroy_logical_type SPARKIFY_DUCKDB_C_API(duckdb_destroy_logical_type)
#define duckdb_destroy_pending SPARKIFY_DUCKDB_C_API(duckdb_destroy_pending)
#define duckdb_destroy_prepare SPARKIFY_DUCKDB_C_API(duckdb_destroy_prepare)
#define duckdb_destroy_result SPARKIFY_DUCKDB_C_API(duckdb_destroy_result)
#define duckdb_destroy_value SPARKIFY_DUCKDB_C_API(duckdb_destroy_value)
#define duckdb_disconnect SPARKIFY_DUCKDB_C_API(duckdb_disconnect)
#define duckdb_enum_internal_type SPARKIFY_DUCKDB_C_API(duckdb_enum_internal_type)
#define duckdb_error_data_message SPARKIFY_DUCKDB_C_API(duckdb_error_data_message)
#define duckdb_execute_pending SPARKIFY_DUCKDB_C_API(duckdb_execute_pending)
#define duckdb_execute_prepared SPARKIFY_DUCKDB_C_API(duckdb_execute_prepared)
#define duckdb_fetch_chunk SPARKIFY_DUCKDB_C_API(duckdb_fetch_chunk)
#define duckdb_free SPARKIFY_DUCKDB_C_API(duckdb_free)
#define duckdb_get_type_id SPARKIFY_DUCKDB_C_API(duckdb_get_type_id)
#define duckdb_get_varchar SPARKIFY_DUCKDB_C_API(duckdb_get_varchar)
#define duckdb_library_version SPARKIFY_DUCKDB_C_API(duckdb_library_version)
#define duckdb_list_type_child_type SPARKIFY_DUCKDB_C_API(duckdb_list_type_child_type)
#define duckdb_list_vector_get_child SPARKIFY_DUCKDB_C_API(duckdb_list_vector_get_child)
#define duckdb_map_type_key_type SPARKIFY_DUCKDB_C_API(duckdb_map_type_key_type)
#define duckdb_map_type_value_type SPARKIFY_DUCKDB_C_API(duckdb_map_type_value_type)
#define duckdb_open_ext SPARKIFY_DUCKDB_C_API(duckdb_open_ext)
#define duckdb_pending_error SPARKIFY_DUCKDB_C_API(duckdb_pending_error)
#define duckdb_pending_prepared_streaming SPARKIFY_DUCKDB_C_API(duckdb_pending_prepared_streaming)
#define duckdb_prepare SPARKIFY_DUCKDB_C_API(duckdb_prepare)
#define duckdb_prepare_error SPARKIFY_DUCKDB_C_API(duckdb_prepare_error)
#define duckdb_prepared_statement_column_count SPARKIFY_DUCKDB_C_API(duckdb_prepared_statement_column_count)
#define duckdb_prepared_statement_column_logical_type \
  SPARKIFY_DUCKDB_C_API(duckdb_prepared_statement_column_logical_type)
#define duckdb_query SPARKIFY_DUCKDB_C_API(duckdb_query)
#define duckdb_result_error SPARKIFY_DUCKDB_C_API(duckdb_result_error)
#define duckdb_result_statement_type SPARKIFY_DUCKDB_C_API(duckdb_result_statement_type)
#define duckdb_row_count SPARKIFY_DUCKDB_C_API(duckdb_row_count)
#define duckdb_rows_changed SPARKIFY_DUCKDB_C_API(duckdb_rows_changed)
#define duckdb_set_config SPARKIFY_DUCKDB_C_API(duckdb_set_config)
#define duckdb_string_t_data SPARKIFY_DUCKDB_C_API(duckdb_string_t_data)
#define duckdb_string_t_length SPARKIFY_DUCKDB_C_API(duckdb_string_t_length)
#define duckdb_struct_type_child_count SPARKIFY_DUCKDB_C_API(duckdb_struct_type_child_count)
#define duckdb_struct_type_child_name SPARKIFY_DUCKDB_C_API(duckdb_struct_type_child_name)
#define duckdb_struct_type_child_type SPARKIFY_DUCKDB_C_API(duckdb_struct_type_child_type)
#define duckdb_struct_vector_get_child SPARKIFY_DUCKDB_C_API(duckdb_struct_vector_get_child)
#define duckdb_union_type_member_count SPARKIFY_DUCKDB_C_API(duckdb_union_type_member_count)
#define duckdb_union_type_member_name SPARKIFY_DUCKDB_C_API(duckdb_union_type_member_name)
#define duckdb_union_type_member_type SPARKIFY_DUCKDB_C_API(duckdb_union_type_member_type)
#define duckdb_validity_row_is_valid SPARKIFY_DUCKDB_C_API(duckdb_validity_row_is_valid)
#define duckdb_validity_set_row_invalid SPARKIFY_DUCKDB_C_API(duckdb_validity_set_row_invalid)
#define duckdb_value_is_null SPARKIFY_DUCKDB_C_API(duckdb_value_is_null)
#define duckdb_value_varchar SPARKIFY_DUCKDB_C_API(duckdb_value_varchar)
#define duckdb_vector_assign_string_element_len SPARKIFY_DUCKDB_C_API(duckdb_vector_assign_string_element_len)
#define duckdb_vector_ensure_validity_writable SPARKIFY_DUCKDB_C_API(duckdb_vector_ensure_validity_writable)
#define duckdb_vector_get_data SPARKIFY_DUCKDB_C_API(duckdb_vector_get_data)
#define duckdb_vector_get_validity SPARKIFY_DUCKDB_C_API(duckdb_vector_get_validity)
#define duckdb_vector_size SPARKIFY_DUCKDB_C_API(duckdb_vector_size)
