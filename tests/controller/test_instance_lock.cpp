// The POSIX instance lock: in the state directory, in the fallback directory when the state
// directory cannot hold it, and refused while another holder has it in either place.
#include "controller/platform/instance_lock.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(InstanceLock, LivesInTheStateDirectoryWhileHeld) {
  TempDir dir;
  const auto state = dir.path() + "/state";
  {
    auto lock = InstanceLock::acquire(state, dir.path() + "/run");
    ASSERT_TRUE(lock.has_value()) << lock.error().message;
    EXPECT_TRUE(lock->fallback_reason().empty());
    EXPECT_TRUE(fs::exists(state + "/ddnsguard.lock"));
    EXPECT_EQ(InstanceLock::held(state, dir.path() + "/run"), true);
    auto second = InstanceLock::acquire(state, dir.path() + "/run");
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().kind, InstanceLock::Failure::held);
  }
  EXPECT_EQ(InstanceLock::held(state, dir.path() + "/run"), false);
}

TEST(InstanceLock, GoesToTheFallbackDirectoryWhenTheStateDirectoryCannotHoldIt) {
  TempDir dir;
  const auto state = dir.path() + "/state";
  const auto run = dir.path() + "/run";
  fs::create_directories(state + "/ddnsguard.lock");  // cannot be opened as a file
  fs::create_directories(run);
  {
    auto lock = InstanceLock::acquire(state, run);
    ASSERT_TRUE(lock.has_value()) << lock.error().message;
    EXPECT_NE(lock->fallback_reason().find("ddnsguard.lock"), std::string::npos)
        << lock->fallback_reason();
    EXPECT_EQ(InstanceLock::held(state, run), true);
    // The same directory spelt differently is the same lock.
    auto second = InstanceLock::acquire(dir.path() + "/./state/", run);
    ASSERT_FALSE(second.has_value());
    EXPECT_EQ(second.error().kind, InstanceLock::Failure::held);
    // Asked without the fallback directory, the state directory alone shows no holder.
    EXPECT_EQ(InstanceLock::held(state, ""), false);
  }
  EXPECT_EQ(InstanceLock::held(state, run), false);
}

TEST(InstanceLock, WithNoPlaceForItTheFailureNamesBoth) {
  TempDir dir;
  const auto state = dir.path() + "/state";
  fs::create_directories(state + "/ddnsguard.lock");
  auto lock = InstanceLock::acquire(state, dir.path() + "/missing");
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().kind, InstanceLock::Failure::unavailable);
  EXPECT_NE(lock.error().message.find(state), std::string::npos) << lock.error().message;
  EXPECT_NE(lock.error().message.find("/missing/ddnsguard-"), std::string::npos)
      << lock.error().message;
  auto no_fallback = InstanceLock::acquire(state, "");
  ASSERT_FALSE(no_fallback.has_value());
  EXPECT_EQ(no_fallback.error().kind, InstanceLock::Failure::unavailable);
}

TEST(InstanceLock, ALockHeldInTheFallbackKeepsTheStateDirectoryClosed) {
  TempDir dir;
  const auto state = dir.path() + "/state";
  const auto run = dir.path() + "/run";
  fs::create_directories(state + "/ddnsguard.lock");
  fs::create_directories(run);
  auto first = InstanceLock::acquire(state, run);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  ASSERT_FALSE(first->fallback_reason().empty());
  fs::remove(state + "/ddnsguard.lock");  // the state directory could hold a lock again
  auto second = InstanceLock::acquire(state, run);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind, InstanceLock::Failure::held) << second.error().message;
}

TEST(InstanceLock, SomethingPlantedInTheLockFilesPlaceNeitherHangsNorLocks) {
  TempDir dir;
  const auto state = dir.path() + "/state";
  fs::create_directories(state);
  ASSERT_EQ(::mkfifo((state + "/ddnsguard.lock").c_str(), 0666), 0);
  EXPECT_EQ(InstanceLock::held(state, ""), false) << "a FIFO is no lock file: none holds it";
  auto lock = InstanceLock::acquire(state, "");
  ASSERT_FALSE(lock.has_value());
  EXPECT_EQ(lock.error().kind, InstanceLock::Failure::unavailable) << lock.error().message;
  EXPECT_NE(lock.error().message.find("not a file"), std::string::npos) << lock.error().message;
}

}  // namespace
}  // namespace ddnsguard::controller
