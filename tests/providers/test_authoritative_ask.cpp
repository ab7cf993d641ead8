// Asking a zone's name servers: all at once, and a server that does not reply is asked once
// per pass, not once per record.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "providers/net/authoritative_dns.hpp"
#include "tests/support/fake_dns.hpp"

namespace ddnsguard::providers {
namespace {

using namespace std::chrono_literals;
using ddnsguard::testing::FakeDns;

Record a_record(const std::string& name) {
  Record r;
  r.name = name;
  r.family = Family::ipv4;
  return r;
}

// Each server replies only once every server has been asked (or drops the question after
// 1.5 s): asked one after another, none of them would ever reply.
struct Rendezvous {
  std::mutex mutex;
  std::condition_variable cv;
  int arrived = 0;
  int expected = 0;
  bool gate() {
    std::unique_lock lock(mutex);
    ++arrived;
    cv.notify_all();
    return cv.wait_for(lock, 1500ms, [this] { return arrived >= expected; });
  }
};

TEST(AskAll, EveryServerIsAskedAtOnce) {
  Rendezvous meet;
  meet.expected = 3;
  auto gate = [&meet](const std::string&) { return meet.gate(); };
  FakeDns s1(gate), s2(gate), s3(gate);
  std::vector<ServerSpec> servers;
  for (auto* s : {&s1, &s2, &s3})
    servers.push_back({"127.0.0.1", s->port()});
  auto answers = ask_all(servers, a_record("a.test"), 2s, nullptr);
  ASSERT_EQ(answers.size(), 3u);
  for (const auto& a : answers) {
    ASSERT_TRUE(a.addresses) << a.server << ": " << a.addresses.error().message;
    ASSERT_EQ(a.addresses->size(), 1u);
    EXPECT_EQ(a.addresses->front().to_string(), "198.51.100.7");
  }
}

TEST(AskAll, AServerThatDoesNotReplyIsAskedOncePerPass) {
  FakeDns dead([](const std::string&) { return false; });
  FakeDns alive;
  const std::vector<ServerSpec> servers{{"127.0.0.1", dead.port()}, {"127.0.0.1", alive.port()}};
  SilentServers pass;
  auto first = ask_all(servers, a_record("a.test"), 300ms, &pass);
  ASSERT_FALSE(first[0].addresses);
  EXPECT_TRUE(first[0].addresses.error().no_reply);
  EXPECT_TRUE(pass.contains(first[0].server));
  EXPECT_FALSE(pass.contains(first[1].server));
  const int asked = dead.queries();
  EXPECT_GE(asked, 1);

  for (const auto* name : {"a.test", "two.test", "v6.test"}) {
    auto again = ask_all(servers, a_record(name), 300ms, &pass);
    ASSERT_FALSE(again[0].addresses);
    EXPECT_NE(again[0].addresses.error().message.find("did not reply earlier in this pass"),
              std::string::npos)
        << again[0].addresses.error().message;
    EXPECT_TRUE(again[1].addresses) << "the live server is still asked";
  }
  EXPECT_EQ(dead.queries(), asked);

  SilentServers next_pass;
  ask_all(servers, a_record("a.test"), 300ms, &next_pass);
  EXPECT_GT(dead.queries(), asked) << "a new pass asks it again";
}

TEST(AskAll, AnErrorReplyIsNotSilence) {
  FakeDns server;
  const std::vector<ServerSpec> servers{{"127.0.0.1", server.port()}};
  SilentServers pass;
  auto refused = ask_all(servers, a_record("refused.test"), 1s, &pass);
  ASSERT_FALSE(refused[0].addresses);
  EXPECT_FALSE(refused[0].addresses.error().no_reply);
  EXPECT_FALSE(pass.contains(refused[0].server)) << "it may serve other zones";
}

}  // namespace
}  // namespace ddnsguard::providers
