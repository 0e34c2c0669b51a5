// The dwh.cfg key table: every key it lists is read by resolve_settings into
// the field it names, and IniDocument reports key lines and lines it cannot
// read, for `sparkify doctor`.
#include "config/config_keys.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "config/ini_document.h"

namespace sparkify::config {
namespace {

// Unsets an environment variable for one test, restoring it afterwards.
class UnsetEnv {
 public:
  explicit UnsetEnv(const char* name) : name_(name) {
    if (const char* value = std::getenv(name)) saved_ = value;
    ::unsetenv(name);
  }
  ~UnsetEnv() {
    if (saved_) ::setenv(name_, saved_->c_str(), 1);
  }

 private:
  const char* name_;
  std::optional<std::string> saved_;
};

TEST(ConfigKeys, EveryListedKeyIsReadIntoItsField) {
  // The environment and ~/.aws/credentials win over the file; keep them out.
  UnsetEnv e1("AWS_ACCESS_KEY_ID"), e2("AWS_SECRET_ACCESS_KEY"), e3("AWS_REGION"), e4("AWS_DEFAULT_REGION"),
      e5("AWS_PROFILE"), e6("HOME");
  const auto path = std::filesystem::temp_directory_path() / ("sparkify_keys_" + std::to_string(::getpid()) + ".cfg");
  for (const ConfigKey& key : config_keys()) {
    if (!key.field) continue;
    std::ofstream(path) << "[" << key.section << "]\n" << key.key << " = marker-value\n";
    Settings settings = resolve_settings(path, Overrides{});
    EXPECT_EQ(key.field(settings), "marker-value") << key.section << " " << key.key;
  }
  std::filesystem::remove(path);
}

TEST(ConfigKeys, KnownKeysMatchIgnoringCase) {
  EXPECT_TRUE(is_known_key("cluster", "host"));
  EXPECT_TRUE(is_known_key("SPARKIFY", "MAX_ERRORS"));
  EXPECT_FALSE(is_known_key("AWS", "REGON"));
  EXPECT_FALSE(is_known_key("", "HOST"));
}

TEST(IniDocumentLint, ReportsKeyLinesWithSectionsAndUnreadableLines) {
  const auto doc = IniDocument::parse("# comment\nTOP=1\n[AWS]\n  KEY = x\nnot a key\n[broken\n\n; c\n=empty\n");
  const auto keys = doc.key_lines();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].line, 2u);
  EXPECT_EQ(keys[0].section, "");
  EXPECT_EQ(keys[0].key, "TOP");
  EXPECT_EQ(keys[1].line, 4u);
  EXPECT_EQ(keys[1].section, "AWS");
  EXPECT_EQ(keys[1].key, "KEY");
  EXPECT_EQ(doc.unparsed_lines(), (std::vector<std::size_t>{5, 6, 9}));
}

}  // namespace
}  // namespace sparkify::config
