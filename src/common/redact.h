// Redaction of secrets in text meant for people (messages, progress, rejects).
//
// redact_userinfo() replaces the password in the userinfo of every URI in a
// text ("postgresql://me:pw@host/db" -> "postgresql://me:***@host/db"). The
// userinfo ends at the LAST '@' before the URI's query, so a password holding
// an unencoded '@', ':' or '/' is hidden whole: "postgresql://etl2@Secr3t:Pw@h"
// -> "postgresql://etl2:***@h". A URI ends at whitespace or a quote. For
// schemes that carry no credentials (s3://bucket/key@v1.json) text with a '/'
// before the '@' is a path and is kept.
//
// redact_uri_secrets() also hides, anywhere in the text, the pieces of the
// password of one known URI (split at ':' and '@'): libpq quotes them in its
// own messages when it misreads such a URI ("invalid integer value
// \"Pw@127.0.0.1\" for connection option \"port\"").
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace sparkify {

inline constexpr std::string_view kRedacted = "***";

std::string redact_userinfo(std::string_view text);

std::string redact_uri_secrets(std::string_view text, std::string_view uri);

}  // namespace sparkify
