// The Windows halves of the platform interfaces, in-process under wine.

#include <winsock2.h>
// after winsock2.h
#include <windows.h>

#include <gtest/gtest.h>

#include "controller/platform/default_paths.hpp"
#include "controller/platform/instance_lock.hpp"
#include "controller/platform/local_time.hpp"
#include "providers/sources/source_command.hpp"
#include "providers/sources/source_interface.hpp"
#include "tests/windows/windows_test_support.hpp"

namespace ddnsguard::testing {
namespace {

using namespace std::chrono_literals;
using providers::CommandSource;
using providers::ErrorClass;
using providers::Family;

TEST(WindowsCommandSource, PrintsTheAddressThroughCmd) {
  auto r = CommandSource({"cmd.exe", "/c", "echo 198.51.100.7"}).fetch(Family::ipv4, 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "198.51.100.7");
}

TEST(WindowsCommandSource, NonZeroExitIsTransient) {
  auto r = CommandSource({"cmd.exe", "/c", "echo 198.51.100.7& exit 3"}).fetch(Family::ipv4, 10s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_NE(r.error().message.find("code 3"), std::string::npos) << r.error().message;
}

TEST(WindowsCommandSource, MissingProgramIsConfig) {
  auto r = CommandSource({"C:\\no\\such\\program.exe"}).fetch(Family::ipv4, 10s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

TEST(WindowsCommandSource, ArgumentsWithSpacesAndQuotesArriveWhole) {
  // The test binary's own argv is not at hand, so cmd echoes what it was given.
  auto r = CommandSource({"cmd.exe", "/c", "echo", "2001:db8::7"}).fetch(Family::ipv6, 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "2001:db8::7");
}

TEST(WindowsCommandSource, HangingCommandIsKilledAtTheTimeout) {
  auto started = std::chrono::steady_clock::now();
  auto r =
      CommandSource({"cmd.exe", "/c", "for /l %i in (1,0,2) do rem"}).fetch(Family::ipv4, 500ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 20s);
}

TEST(WindowsInstanceLock, SecondHolderOfTheSameDirectoryIsRefused) {
  TempDir dir;
  auto first = controller::InstanceLock::acquire(dir.path() + "\\state");
  ASSERT_TRUE(first) << first.error().message;
  auto second = controller::InstanceLock::acquire(dir.path() + "\\state");
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, controller::InstanceLock::Failure::held);
  // Another directory is another instance.
  auto other = controller::InstanceLock::acquire(dir.path() + "\\other");
  EXPECT_TRUE(other);
}

TEST(WindowsInstanceLock, ReleasedWhenTheHolderGoesAway) {
  TempDir dir;
  {
    auto first = controller::InstanceLock::acquire(dir.path());
    ASSERT_TRUE(first);
  }
  EXPECT_TRUE(controller::InstanceLock::acquire(dir.path()));
}

TEST(WindowsPaths, NeverTheCurrentDirectory) {
  auto state = controller::default_state_dir();
  EXPECT_NE(state.find("ddnsguard"), std::string::npos);
  EXPECT_TRUE(std::filesystem::path(state).is_absolute()) << state;
  auto exe_dir = std::filesystem::path(controller::this_executable()).parent_path().string();
  auto env = providers::ConfigEnv::system();
  auto candidates = controller::default_config_candidates(env);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0], exe_dir + "\\ddnsguard.json");
  EXPECT_EQ(candidates[1], state + "\\config.json");
  ASSERT_TRUE(controller::default_log_file());
  EXPECT_EQ(*controller::default_log_file(), state + "\\ddnsguard.log");
}

TEST(WindowsLocalTime, LocalAndUtcOnlyWithAClearError) {
  ASSERT_TRUE(controller::make_local_time("local"));
  auto utc = controller::make_local_time("UTC");
  ASSERT_TRUE(utc);
  EXPECT_EQ((*utc)(1'700'000'000), 1'700'000'000);
  auto berlin = controller::make_local_time("Europe/Berlin");
  ASSERT_FALSE(berlin);
  EXPECT_EQ(berlin.error().cls, ErrorClass::config);
  EXPECT_EQ(berlin.error().message,
            "unknown time zone \"Europe/Berlin\"; this Windows build knows only \"local\" and "
            "\"UTC\"");
}

TEST(WindowsInterfaceSource, MissingInterfaceIsConfig) {
  auto r = providers::InterfaceSource("no-such-adapter").fetch(Family::ipv4, 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

}  // namespace
}  // namespace ddnsguard::testing
