#include "star/keys.h"

#include <openssl/evp.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "star/key_filter.h"

namespace sparkify::star {
namespace {

// One digest context per thread, initialised from a fetched MD5 once: an
// EVP_Digest call per key would look the algorithm up every time.
class Md5 {
 public:
  Md5() : md_(EVP_MD_fetch(nullptr, "MD5", nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (md_ == nullptr || ctx_ == nullptr) throw std::runtime_error("OpenSSL has no MD5");
  }
  ~Md5() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;

  void digest(const char* data, std::size_t size, unsigned char out[16]) {
    unsigned int length = 0;
    if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 || EVP_DigestUpdate(ctx_, data, size) != 1 ||
        EVP_DigestFinal_ex(ctx_, out, &length) != 1) {
      throw std::runtime_error("MD5 digest failed");
    }
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

char* put_decimal(char* out, char* end, std::int64_t value) { return std::to_chars(out, end, value).ptr; }

// Days since 1970-01-01 -> civil date (proleptic Gregorian).
void civil_from_days(std::int64_t days, std::int32_t& year, std::int32_t& month, std::int32_t& day) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<std::int32_t>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<std::int32_t>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<std::int32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

}  // namespace

std::int64_t epoch_day(std::int64_t year, std::int64_t month, std::int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const std::int64_t yoe = year - era * 400;
  const std::int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// ISO weekday of a day number: 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
std::int64_t iso_weekday(std::int64_t days) { return ((days + 3) % 7 + 7) % 7 + 1; }

// ISO-8601 week number of the day: the week (Monday first) that holds the
// year's Thursday.
std::int32_t iso_week(std::int64_t days) {
  const std::int64_t thursday = days - iso_weekday(days) + 4;
  std::int32_t year = 0, month = 0, day = 0;
  civil_from_days(thursday, year, month, day);
  return static_cast<std::int32_t>((thursday - epoch_day(year, 1, 1)) / 7 + 1);
}

}  // namespace

SongplayKey songplay_key(std::int64_t user_id, std::int64_t session_id, std::int32_t item_in_session, std::int64_t ts) {
  thread_local Md5 md5;
  char text[96];
  char* end = text + sizeof text;
  char* p = put_decimal(text, end, user_id);
  *p++ = ':';
  p = put_decimal(p, end, session_id);
  *p++ = ':';
  p = put_decimal(p, end, item_in_session);
  *p++ = ':';
  p = put_decimal(p, end, ts);
  unsigned char digest[16];
  md5.digest(text, static_cast<std::size_t>(p - text), digest);
  static constexpr char kHex[] = "0123456789abcdef";
  SongplayKey key;
  for (int i = 0; i < 16; ++i) {
    key[2 * i] = kHex[digest[i] >> 4];
    key[2 * i + 1] = kHex[digest[i] & 0xF];
  }
  return key;
}

std::optional<std::int64_t> epoch_day_of(std::string_view text) {
  if (text.size() < 10 || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  const std::string part(text.substr(0, 10));
  int year = 0, month = 0, day = 0;
  char dash1 = 0, dash2 = 0;
  if (std::sscanf(part.c_str(), "%4d%c%2d%c%2d", &year, &dash1, &month, &dash2, &day) != 5 || dash1 != '-' ||
      dash2 != '-' || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  return epoch_day(year, month, day);
}

std::uint64_t songplay_key_hash(const SongplayKey& key) {
  std::uint64_t a = 0, b = 0;
  std::memcpy(&a, key.data(), 8);
  std::memcpy(&b, key.data() + 8, 8);
  return KeyFilter::mix(a ^ KeyFilter::mix(b));
}

std::int64_t epoch_day_at(std::int64_t epoch_ms) { return floor_div(epoch_ms, kMsPerDay); }

TimeRow time_row(std::int64_t epoch_ms) {
  const std::int64_t days = epoch_day_at(epoch_ms);
  const std::int64_t ms_of_day = epoch_ms - days * kMsPerDay;
  TimeRow row;
  row.start_time_ms = epoch_ms;
  row.hour = static_cast<std::int32_t>(ms_of_day / 3'600'000);
  civil_from_days(days, row.year, row.month, row.day);
  row.week = iso_week(days);
  row.weekday = static_cast<std::int32_t>(iso_weekday(days) % 7);
  return row;
}

}  // namespace sparkify::star
