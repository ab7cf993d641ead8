#include "providers/sources/source_command.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;

Result<Address> run(std::vector<std::string> argv, std::chrono::milliseconds timeout = 5s,
                    Family family = Family::ipv4) {
  return CommandSource(std::move(argv)).fetch(family, timeout);
}

TEST(CommandSource, EchoPrintsTheAddress) {
  auto r = run({"/bin/echo", "198.51.100.7"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "198.51.100.7");
}

TEST(CommandSource, SearchesPath) {
  auto r = run({"echo", "2001:db8::7"}, 5s, Family::ipv6);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "2001:db8::7");
}

TEST(CommandSource, DescribeShowsOnlyTheProgram) {
  EXPECT_EQ(CommandSource({"/usr/bin/get-ip", "--token", "s3cret"}).describe(),
            "command /usr/bin/get-ip");
}

TEST(CommandSource, NonZeroExitIsTransient) {
  auto r = run({"/bin/sh", "-c", "echo 198.51.100.7; exit 3"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_NE(r.error().message.find("code 3"), std::string::npos) << r.error().message;
}

TEST(CommandSource, GarbageOrWrongFamilyIsInvalid) {
  const std::vector<std::vector<std::string>> cases = {
      {"/bin/echo", "not an address"},
      {"/bin/echo", "198.51.100.7 198.51.100.8"},
      {"/bin/echo", "2001:db8::1"},
      {"/bin/sh", "-c", "true"},
      {"/bin/sh", "-c", "head -c 10000 /dev/zero | tr '\\0' 'x'"}};
  for (const auto& argv : cases) {
    SCOPED_TRACE(argv.back());
    auto r = run(argv);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().cls, ErrorClass::invalid_response) << r.error().message;
  }
}

TEST(CommandSource, MissingProgramIsConfig) {
  auto r = run({"/nonexistent/ddnsguard-get-ip"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::config);
}

TEST(CommandSource, HangingCommandIsKilledAtTheTimeout) {
  auto start = std::chrono::steady_clock::now();
  auto r = run({"/bin/sh", "-c", "sleep 30"}, 300ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(CommandSource, GrandchildHoldingThePipeCannotStallIt) {
  auto start = std::chrono::steady_clock::now();
  auto r = run({"/bin/sh", "-c", "sleep 30 & echo 1.2.3.4; wait"}, 300ms);
  ASSERT_FALSE(r);  // sh waits for sleep: killed at the timeout with its whole group
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(CommandSource, ACommandIsKilledOnceTheCancelFlagIsSet) {
  std::atomic<bool> cancel{true};  // shutting down
  auto r = CommandSource({"/bin/sh", "-c", "sleep 30 & wait"}, &cancel).fetch(Family::ipv4, 20s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().cls, ErrorClass::transient);
  EXPECT_NE(r.error().message.find("cancelled"), std::string::npos) << r.error().message;
}

TEST(CommandSource, ARunningCommandIsKilledWhenTheFlagIsSet) {
  auto started =
      std::filesystem::temp_directory_path() / ("ddnsguard-cancel-" + std::to_string(::getpid()));
  std::filesystem::remove(started);
  std::atomic<bool> cancel{false};
  Result<Address> r = fail(ErrorClass::transient, "not run");
  std::thread fetch([&] {
    r = CommandSource({"/bin/sh", "-c", "echo > " + started.string() + "; sleep 30 & wait"},
                      &cancel)
            .fetch(Family::ipv4, 20s);
  });
  for (int i = 0; i < 500 && !std::filesystem::exists(started); ++i)  // it is running
    std::this_thread::sleep_for(10ms);
  cancel = true;
  fetch.join();
  std::filesystem::remove(started);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("cancelled"), std::string::npos) << r.error().message;
}

TEST(CommandSource, ExitedCommandWithLingeringGrandchildAnswersAtOnce) {
  auto start = std::chrono::steady_clock::now();
  auto r = run({"/bin/sh", "-c", "sleep 30 & echo 1.2.3.4"}, 3s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->to_string(), "1.2.3.4");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

}  // namespace
}  // namespace ddnsguard::providers
