// RejectLog and validate_rejects_path: the rejects file never destroys
// anything, is created only on the first reject, and a reject that cannot be
// written fails loudly.
#include "pipeline/reject_log.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.h"

namespace sparkify::pipeline {
namespace {

namespace fs = std::filesystem;

class RejectLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("reject_log_test_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static ErrorKind validation_error(const fs::path& path, const RejectsPathGuards& guards = {}) {
    try {
      validate_rejects_path(path, guards);
    } catch (const Error& error) {
      return error.kind();
    }
    ADD_FAILURE() << path << " was accepted";
    return ErrorKind::check;
  }

  fs::path dir_;
  parse::Reject reject_{"log_data/a.json", 7, "invalid JSON", "{\"ts\": tru}"};
};

TEST_F(RejectLogTest, NoRejectsLeavesNoFile) {
  RejectLog log(dir_ / "rejects.ndjson");
  log.finish();
  EXPECT_FALSE(fs::exists(dir_ / "rejects.ndjson"));
}

TEST_F(RejectLogTest, ExistingFileIsNeverTouchedBeforeTheFirstReject) {
  std::ofstream(dir_ / "rejects.ndjson") << "earlier run\n";
  { RejectLog log(dir_ / "rejects.ndjson"); }
  EXPECT_EQ(read(dir_ / "rejects.ndjson"), "earlier run\n");
}

TEST_F(RejectLogTest, ExistingFileMakesTheLogWriteAFreshSibling) {
  std::ofstream(dir_ / "rejects.ndjson") << "earlier run\n";
  RejectLog log(dir_ / "rejects.ndjson");
  log.write(reject_);
  log.finish();
  EXPECT_EQ(read(dir_ / "rejects.ndjson"), "earlier run\n");
  EXPECT_TRUE(log.used_sibling());
  EXPECT_EQ(log.path().parent_path(), dir_);
  EXPECT_EQ(log.path().extension(), ".ndjson");
  EXPECT_TRUE(log.path().stem().string().starts_with("rejects-")) << log.path();
  EXPECT_EQ(read(log.path()),
            "{\"file\":\"log_data/a.json\",\"line\":7,\"raw\":\"{\\\"ts\\\": tru}\",\"reason\":\"invalid JSON\"}\n");
}

TEST_F(RejectLogTest, TwoLogsOnOnePathKeepEachOthersRejects) {
  RejectLog first(dir_ / "rejects.ndjson");
  RejectLog second(dir_ / "rejects.ndjson");
  first.write(reject_);
  second.write(reject_);
  first.finish();
  second.finish();
  EXPECT_NE(first.path(), second.path());
  EXPECT_EQ(read(first.path()), read(second.path()));
}

TEST_F(RejectLogTest, DanglingSymlinkIsNotFollowed) {
  fs::create_symlink(dir_ / "elsewhere.txt", dir_ / "rejects.ndjson");
  RejectLog log(dir_ / "rejects.ndjson");
  log.write(reject_);
  log.finish();
  EXPECT_FALSE(fs::exists(dir_ / "elsewhere.txt"));
  EXPECT_TRUE(log.used_sibling());
}

// RLIMIT_FSIZE makes write(2) fail with EFBIG past the limit, as a full disk
// fails with ENOSPC; the log must throw, not drop the reject.
TEST_F(RejectLogTest, RejectThatCannotBeWrittenThrows) {
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit small = old;
  small.rlim_cur = 100;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  RejectLog log(dir_ / "rejects.ndjson");
  bool threw = false;
  try {
    for (int i = 0; i < 10; ++i) log.write(reject_);
  } catch (const Error& error) {
    threw = error.kind() == ErrorKind::data;
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  EXPECT_TRUE(threw);
}

TEST_F(RejectLogTest, ValidationRefusesDirectories) { EXPECT_EQ(validation_error(dir_), ErrorKind::usage); }

TEST_F(RejectLogTest, ValidationRefusesFifosAndDevices) {
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  EXPECT_EQ(validation_error(dir_ / "fifo"), ErrorKind::usage);
  EXPECT_EQ(validation_error("/dev/null"), ErrorKind::usage);
}

TEST_F(RejectLogTest, ValidationRefusesSockets) {
  const auto path = dir_ / "sock";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path.c_str());
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(validation_error(path), ErrorKind::usage);
  ::close(fd);
}

TEST_F(RejectLogTest, ValidationRefusesTheWarehouseFileAndItsWal) {
  RejectsPathGuards guards{{dir_ / "w.duckdb", dir_ / "w.duckdb.wal"}, {}};
  EXPECT_EQ(validation_error(dir_ / "w.duckdb", guards), ErrorKind::usage);
  fs::create_directories(dir_ / "sub");
  EXPECT_EQ(validation_error(dir_ / "sub/../w.duckdb.wal", guards), ErrorKind::usage);
}

TEST_F(RejectLogTest, ValidationRefusesPathsUnderTheInput) {
  fs::create_directories(dir_ / "data/log_data");
  RejectsPathGuards guards{{}, {dir_ / "data/log_data/"}};
  EXPECT_EQ(validation_error(dir_ / "data/log_data/2018/x.json", guards), ErrorKind::usage);
  EXPECT_EQ(validation_error(dir_ / "data/log_data/r.ndjson", guards), ErrorKind::usage);
  EXPECT_NO_THROW(validate_rejects_path(dir_ / "data/log_data_rejects.ndjson", guards));
}

TEST_F(RejectLogTest, ValidationRefusesAMissingParentFolder) {
  EXPECT_EQ(validation_error(dir_ / "missing/rejects.ndjson"), ErrorKind::usage);
}

TEST_F(RejectLogTest, ValidationAcceptsNewAndExistingRegularFiles) {
  EXPECT_NO_THROW(validate_rejects_path(dir_ / "rejects.ndjson", {}));
  std::ofstream(dir_ / "old.ndjson") << "x";
  EXPECT_NO_THROW(validate_rejects_path(dir_ / "old.ndjson", {}));
}

}  // namespace
}  // namespace sparkify::pipeline
