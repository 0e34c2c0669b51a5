// resolve_settings: [CLUSTER] DB_PORT stays unset unless configured, so the
// target's engine picks its default port (warehouse::cluster_conninfo).
#include "config/settings.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sparkify::config {
namespace {

class ClusterPort : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("sparkify_settings_") + test->name() + "_" + std::to_string(::getpid()) + ".cfg");
  }
  void TearDown() override { std::filesystem::remove(path_); }

  Settings resolve_with(const std::string& config_text) {
    std::ofstream(path_) << config_text;
    return resolve_settings(path_, Overrides{});
  }

  std::filesystem::path path_;
};

TEST_F(ClusterPort, IsUnsetWithoutDbPort) {
  const auto settings = resolve_with("[CLUSTER]\nHOST=db.example\nDB_NAME=dwh\n");
  EXPECT_EQ(settings.cluster.db_port, "");
}

TEST_F(ClusterPort, ComesFromDbPort) {
  const auto settings = resolve_with("[CLUSTER]\nHOST=db.example\nDB_PORT=6543\n");
  EXPECT_EQ(settings.cluster.db_port, "6543");
}

}  // namespace
}  // namespace sparkify::config
