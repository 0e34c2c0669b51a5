#include "warehouse/duckdb_value_reader.h"

#include <charconv>
#include <string_view>
#include <utility>
#include <vector>

#include "warehouse/duckdb_handles.h"
#include "warehouse/value_json.h"

namespace sparkify::warehouse::duckdb {
namespace {

// A value as DuckDB's own cast to VARCHAR renders it.
std::string text_of(const Value& value) {
  char* text = duckdb_get_varchar(value.get());
  std::string out = text ? text : "";
  duckdb_free(text);
  return out;
}

// The raw handles of owned values, for the duckdb_create_*_value calls.
std::vector<duckdb_value> handles(const std::vector<Value>& values) {
  std::vector<duckdb_value> out;
  out.reserve(values.size());
  for (const auto& value : values) out.push_back(value.get());
  return out;
}

bool is_valid(duckdb_vector vector, idx_t row) {
  const uint64_t* validity = duckdb_vector_get_validity(vector);
  return !validity || duckdb_validity_row_is_valid(const_cast<uint64_t*>(validity), row);
}

ValueKind kind_of(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
      return ValueKind::integer;
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
      return ValueKind::decimal;
    case DUCKDB_TYPE_BOOLEAN:
      return ValueKind::boolean;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return ValueKind::timestamp;
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_ARRAY:
    case DUCKDB_TYPE_MAP:
    case DUCKDB_TYPE_STRUCT:
    case DUCKDB_TYPE_UNION:
      return ValueKind::nested;
    default:
      return ValueKind::text;
  }
}

bool is_scalar(duckdb_type type) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_BLOB:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIME:
    case DUCKDB_TYPE_TIME_NS:
    case DUCKDB_TYPE_TIME_TZ:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_NS:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_INTERVAL:
    case DUCKDB_TYPE_UUID:
    case DUCKDB_TYPE_ENUM:
      return true;
    default:
      return false;
  }
}

duckdb_hugeint widened(int64_t value) { return duckdb_hugeint{static_cast<uint64_t>(value), value < 0 ? -1 : 0}; }

// One node of a type tree: a scalar type, or a nested one with its members.
class TypeReader final : public ValueReader {
 public:
  // Takes ownership of `owned`. nullptr when this type, or a member type, is
  // one the reader cannot read.
  static std::unique_ptr<TypeReader> build(duckdb_logical_type type);

  ValueKind kind() const override { return kind_of(id_); }
  std::optional<std::string> text(duckdb_vector vector, idx_t row) const override {
    if (!is_valid(vector, row)) return std::nullopt;
    return scalar_text(vector, row);
  }
  void text_into(duckdb_vector vector, idx_t row, std::optional<std::string>& out) const override {
    if (!is_valid(vector, row)) {
      out.reset();
      return;
    }
    if (!out) out.emplace();
    scalar_text(vector, row, *out);
  }
  std::optional<std::string> json(duckdb_vector vector, idx_t row) const override {
    if (!is_valid(vector, row)) return std::nullopt;
    return kind() == ValueKind::nested ? nested_json(vector, row) : scalar_text(vector, row);
  }

 private:
  explicit TypeReader(duckdb_logical_type type) : type_(type), id_(duckdb_get_type_id(type)) {}

  // The value's text into `out` (replacing what it held), or as a new string.
  void scalar_text(duckdb_vector vector, idx_t row, std::string& out) const;
  std::string scalar_text(duckdb_vector vector, idx_t row) const {
    std::string out;
    scalar_text(vector, row, out);
    return out;
  }
  std::string nested_json(duckdb_vector vector, idx_t row) const;
  std::string member_json(duckdb_vector vector, idx_t row) const { return json_value(json(vector, row), kind()); }
  // The value at `row` as a DuckDB value (NULL included), to nest or to render.
  Value value(duckdb_vector vector, idx_t row) const;
  Value scalar_value(duckdb_vector vector, idx_t row) const;
  std::vector<Value> values(const TypeReader& member, duckdb_vector vector, idx_t from, idx_t count) const {
    std::vector<Value> out;
    out.reserve(count);
    for (idx_t i = from; i < from + count; ++i) out.push_back(member.value(vector, i));
    return out;
  }

  LogicalType type_;  // owned copy, for duckdb_create_*_value
  duckdb_type id_;
  std::vector<std::unique_ptr<TypeReader>>
      members_;                     // list/array element; map key, value; struct fields; union members
  std::vector<std::string> names_;  // struct field and union member names
  idx_t array_size_ = 0;
};

std::unique_ptr<TypeReader> TypeReader::build(duckdb_logical_type owned) {
  std::unique_ptr<TypeReader> node(new TypeReader(owned));
  const duckdb_logical_type type = node->type_.get();
  auto add_member = [&](duckdb_logical_type member_type) {
    auto member = build(member_type);
    if (!member) return false;
    node->members_.push_back(std::move(member));
    return true;
  };
  auto add_name = [&](char* name) {
    node->names_.emplace_back(name ? name : "");
    duckdb_free(name);
  };
  bool ok = true;
  switch (node->id_) {
    case DUCKDB_TYPE_LIST:
      ok = add_member(duckdb_list_type_child_type(type));
      break;
    case DUCKDB_TYPE_ARRAY:
      node->array_size_ = duckdb_array_type_array_size(type);
      ok = add_member(duckdb_array_type_child_type(type));
      break;
    case DUCKDB_TYPE_MAP:
      ok = add_member(duckdb_map_type_key_type(type)) && add_member(duckdb_map_type_value_type(type));
      break;
    case DUCKDB_TYPE_STRUCT:
      for (idx_t i = 0; ok && i < duckdb_struct_type_child_count(type); ++i) {
        add_name(duckdb_struct_type_child_name(type, i));
        ok = add_member(duckdb_struct_type_child_type(type, i));
      }
      break;
    case DUCKDB_TYPE_UNION:
      for (idx_t i = 0; ok && i < duckdb_union_type_member_count(type); ++i) {
        add_name(duckdb_union_type_member_name(type, i));
        ok = add_member(duckdb_union_type_member_type(type, i));
      }
      break;
    default:
      ok = is_scalar(node->id_);
  }
  return ok ? std::move(node) : nullptr;
}

Value TypeReader::value(duckdb_vector vector, idx_t row) const {
  if (!is_valid(vector, row)) return Value(duckdb_create_null_value());
  switch (id_) {
    case DUCKDB_TYPE_LIST: {
      const auto entry = static_cast<const duckdb_list_entry*>(duckdb_vector_get_data(vector))[row];
      auto items = values(*members_[0], duckdb_list_vector_get_child(vector), entry.offset, entry.length);
      auto raw = handles(items);
      return Value(duckdb_create_list_value(members_[0]->type_.get(), raw.data(), raw.size()));
    }
    case DUCKDB_TYPE_ARRAY: {
      auto items = values(*members_[0], duckdb_array_vector_get_child(vector), row * array_size_, array_size_);
      auto raw = handles(items);
      return Value(duckdb_create_array_value(members_[0]->type_.get(), raw.data(), raw.size()));
    }
    case DUCKDB_TYPE_MAP: {
      const auto entry = static_cast<const duckdb_list_entry*>(duckdb_vector_get_data(vector))[row];
      duckdb_vector entries = duckdb_list_vector_get_child(vector);
      auto keys = values(*members_[0], duckdb_struct_vector_get_child(entries, 0), entry.offset, entry.length);
      auto items = values(*members_[1], duckdb_struct_vector_get_child(entries, 1), entry.offset, entry.length);
      auto raw_keys = handles(keys);
      auto raw_items = handles(items);
      return Value(duckdb_create_map_value(type_.get(), raw_keys.data(), raw_items.data(), raw_keys.size()));
    }
    case DUCKDB_TYPE_STRUCT: {
      std::vector<Value> fields;
      for (idx_t i = 0; i < members_.size(); ++i) {
        fields.push_back(members_[i]->value(duckdb_struct_vector_get_child(vector, i), row));
      }
      auto raw = handles(fields);
      return Value(duckdb_create_struct_value(type_.get(), raw.data()));
    }
    case DUCKDB_TYPE_UNION: {
      // Stored as a struct: the tag (UTINYINT) first, then one vector per member.
      const idx_t tag =
          static_cast<const uint8_t*>(duckdb_vector_get_data(duckdb_struct_vector_get_child(vector, 0)))[row];
      Value member = members_[tag]->value(duckdb_struct_vector_get_child(vector, tag + 1), row);
      return Value(duckdb_create_union_value(type_.get(), tag, member.get()));
    }
    default:
      return scalar_value(vector, row);
  }
}

Value TypeReader::scalar_value(duckdb_vector vector, idx_t row) const {
  const void* data = duckdb_vector_get_data(vector);
  auto at = [&](auto* typed) { return typed[row]; };
  switch (id_) {
    case DUCKDB_TYPE_BOOLEAN:
      return Value(duckdb_create_bool(at(static_cast<const bool*>(data))));
    case DUCKDB_TYPE_TINYINT:
      return Value(duckdb_create_int8(at(static_cast<const int8_t*>(data))));
    case DUCKDB_TYPE_SMALLINT:
      return Value(duckdb_create_int16(at(static_cast<const int16_t*>(data))));
    case DUCKDB_TYPE_INTEGER:
      return Value(duckdb_create_int32(at(static_cast<const int32_t*>(data))));
    case DUCKDB_TYPE_BIGINT:
      return Value(duckdb_create_int64(at(static_cast<const int64_t*>(data))));
    case DUCKDB_TYPE_UTINYINT:
      return Value(duckdb_create_uint8(at(static_cast<const uint8_t*>(data))));
    case DUCKDB_TYPE_USMALLINT:
      return Value(duckdb_create_uint16(at(static_cast<const uint16_t*>(data))));
    case DUCKDB_TYPE_UINTEGER:
      return Value(duckdb_create_uint32(at(static_cast<const uint32_t*>(data))));
    case DUCKDB_TYPE_UBIGINT:
      return Value(duckdb_create_uint64(at(static_cast<const uint64_t*>(data))));
    case DUCKDB_TYPE_HUGEINT:
      return Value(duckdb_create_hugeint(at(static_cast<const duckdb_hugeint*>(data))));
    case DUCKDB_TYPE_UHUGEINT:
      return Value(duckdb_create_uhugeint(at(static_cast<const duckdb_uhugeint*>(data))));
    case DUCKDB_TYPE_FLOAT:
      return Value(duckdb_create_float(at(static_cast<const float*>(data))));
    case DUCKDB_TYPE_DOUBLE:
      return Value(duckdb_create_double(at(static_cast<const double*>(data))));
    case DUCKDB_TYPE_DECIMAL: {
      const uint8_t width = duckdb_decimal_width(type_.get()), scale = duckdb_decimal_scale(type_.get());
      duckdb_hugeint unscaled{};
      switch (duckdb_decimal_internal_type(type_.get())) {
        case DUCKDB_TYPE_SMALLINT:
          unscaled = widened(at(static_cast<const int16_t*>(data)));
          break;
        case DUCKDB_TYPE_INTEGER:
          unscaled = widened(at(static_cast<const int32_t*>(data)));
          break;
        case DUCKDB_TYPE_BIGINT:
          unscaled = widened(at(static_cast<const int64_t*>(data)));
          break;
        default:
          unscaled = at(static_cast<const duckdb_hugeint*>(data));
      }
      return Value(duckdb_create_decimal(duckdb_decimal{width, scale, unscaled}));
    }
    case DUCKDB_TYPE_VARCHAR: {
      auto text = at(static_cast<const duckdb_string_t*>(data));
      return Value(duckdb_create_varchar_length(duckdb_string_t_data(&text), duckdb_string_t_length(text)));
    }
    case DUCKDB_TYPE_BLOB: {
      auto bytes = at(static_cast<const duckdb_string_t*>(data));
      return Value(duckdb_create_blob(reinterpret_cast<const uint8_t*>(duckdb_string_t_data(&bytes)),
                                      duckdb_string_t_length(bytes)));
    }
    case DUCKDB_TYPE_DATE:
      return Value(duckdb_create_date(at(static_cast<const duckdb_date*>(data))));
    case DUCKDB_TYPE_TIME:
      return Value(duckdb_create_time(at(static_cast<const duckdb_time*>(data))));
    case DUCKDB_TYPE_TIME_NS:
      return Value(duckdb_create_time_ns(at(static_cast<const duckdb_time_ns*>(data))));
    case DUCKDB_TYPE_TIME_TZ:
      return Value(duckdb_create_time_tz_value(at(static_cast<const duckdb_time_tz*>(data))));
    case DUCKDB_TYPE_TIMESTAMP:
      return Value(duckdb_create_timestamp(at(static_cast<const duckdb_timestamp*>(data))));
    case DUCKDB_TYPE_TIMESTAMP_S:
      return Value(duckdb_create_timestamp_s(at(static_cast<const duckdb_timestamp_s*>(data))));
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return Value(duckdb_create_timestamp_ms(at(static_cast<const duckdb_timestamp_ms*>(data))));
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return Value(duckdb_create_timestamp_ns(at(static_cast<const duckdb_timestamp_ns*>(data))));
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return Value(duckdb_create_timestamp_tz(at(static_cast<const duckdb_timestamp*>(data))));
    case DUCKDB_TYPE_INTERVAL:
      return Value(duckdb_create_interval(at(static_cast<const duckdb_interval*>(data))));
    case DUCKDB_TYPE_UUID: {
      // Stored as a hugeint with the top bit flipped (so UUIDs sort as text);
      // duckdb_create_uuid takes the plain 128-bit number.
      const auto stored = at(static_cast<const duckdb_hugeint*>(data));
      return Value(
          duckdb_create_uuid(duckdb_uhugeint{stored.lower, static_cast<uint64_t>(stored.upper) ^ (uint64_t{1} << 63)}));
    }
    case DUCKDB_TYPE_ENUM: {
      uint64_t index = 0;
      switch (duckdb_enum_internal_type(type_.get())) {
        case DUCKDB_TYPE_UTINYINT:
          index = at(static_cast<const uint8_t*>(data));
          break;
        case DUCKDB_TYPE_USMALLINT:
          index = at(static_cast<const uint16_t*>(data));
          break;
        default:
          index = at(static_cast<const uint32_t*>(data));
      }
      return Value(duckdb_create_enum_value(type_.get(), index));
    }
    default:
      return Value(duckdb_create_null_value());  // build() admits no other type
  }
}

// Integers and text straight from the vector (the bulk of sparkify's
// results); every other type through a DuckDB value's VARCHAR cast.
void TypeReader::scalar_text(duckdb_vector vector, idx_t row, std::string& out) const {
  const void* data = duckdb_vector_get_data(vector);
  auto at = [&](auto* typed) { return typed[row]; };
  auto number = [&](auto value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out.assign(digits, end);
  };
  switch (id_) {
    case DUCKDB_TYPE_BOOLEAN:
      out = at(static_cast<const bool*>(data)) ? "true" : "false";
      return;
    case DUCKDB_TYPE_TINYINT:
      return number(at(static_cast<const int8_t*>(data)));
    case DUCKDB_TYPE_SMALLINT:
      return number(at(static_cast<const int16_t*>(data)));
    case DUCKDB_TYPE_INTEGER:
      return number(at(static_cast<const int32_t*>(data)));
    case DUCKDB_TYPE_BIGINT:
      return number(at(static_cast<const int64_t*>(data)));
    case DUCKDB_TYPE_UTINYINT:
      return number(at(static_cast<const uint8_t*>(data)));
    case DUCKDB_TYPE_USMALLINT:
      return number(at(static_cast<const uint16_t*>(data)));
    case DUCKDB_TYPE_UINTEGER:
      return number(at(static_cast<const uint32_t*>(data)));
    case DUCKDB_TYPE_UBIGINT:
      return number(at(static_cast<const uint64_t*>(data)));
    case DUCKDB_TYPE_VARCHAR: {
      auto text = at(static_cast<const duckdb_string_t*>(data));
      out.assign(duckdb_string_t_data(&text), duckdb_string_t_length(text));
      return;
    }
    case DUCKDB_TYPE_UUID:
      return uuid_text(at(static_cast<const duckdb_hugeint*>(data)), out);
    default:
      out = text_of(value(vector, row));
      return;
  }
}

std::string TypeReader::nested_json(duckdb_vector vector, idx_t row) const {
  std::string out;
  auto items = [&](const TypeReader& member, duckdb_vector child, idx_t from, idx_t count) {
    out += '[';
    for (idx_t i = from; i < from + count; ++i) {
      if (i > from) out += ',';
      out += member.member_json(child, i);
    }
    out += ']';
  };
  switch (id_) {
    case DUCKDB_TYPE_LIST: {
      const auto entry = static_cast<const duckdb_list_entry*>(duckdb_vector_get_data(vector))[row];
      items(*members_[0], duckdb_list_vector_get_child(vector), entry.offset, entry.length);
      break;
    }
    case DUCKDB_TYPE_ARRAY:
      items(*members_[0], duckdb_array_vector_get_child(vector), row * array_size_, array_size_);
      break;
    case DUCKDB_TYPE_MAP: {
      const auto entry = static_cast<const duckdb_list_entry*>(duckdb_vector_get_data(vector))[row];
      duckdb_vector entries = duckdb_list_vector_get_child(vector);
      duckdb_vector keys = duckdb_struct_vector_get_child(entries, 0);
      duckdb_vector values = duckdb_struct_vector_get_child(entries, 1);
      out += '{';
      for (idx_t i = entry.offset; i < entry.offset + entry.length; ++i) {
        if (i > entry.offset) out += ',';
        out += json_string(members_[0]->text(keys, i).value_or("NULL"));
        out += ':';
        out += members_[1]->member_json(values, i);
      }
      out += '}';
      break;
    }
    case DUCKDB_TYPE_STRUCT:
      out += '{';
      for (idx_t i = 0; i < members_.size(); ++i) {
        if (i) out += ',';
        out += json_string(names_[i]);
        out += ':';
        out += members_[i]->member_json(duckdb_struct_vector_get_child(vector, i), row);
      }
      out += '}';
      break;
    case DUCKDB_TYPE_UNION: {
      const idx_t tag =
          static_cast<const uint8_t*>(duckdb_vector_get_data(duckdb_struct_vector_get_child(vector, 0)))[row];
      out += members_[tag]->member_json(duckdb_struct_vector_get_child(vector, tag + 1), row);
      break;
    }
    default:
      break;
  }
  return out;
}

}  // namespace

std::unique_ptr<ValueReader> ValueReader::for_type(duckdb_logical_type type) { return TypeReader::build(type); }

}  // namespace sparkify::warehouse::duckdb
