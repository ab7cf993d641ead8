// Notification delivery against fakes of each service: request shapes, retries with
// backoff, one failure per flush for a dead target, health reports, the test message.

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include <spdlog/sinks/null_sink.h>

#include "controller/loop/notifier.hpp"
#include "tests/controller/notify_fakes.hpp"

namespace ddnsguard::controller {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::NotifyServices;

const json k_change = {{"event", "ip_change"},
                       {"family", "ipv4"},
                       {"address", "203.0.113.7"},
                       {"old", nullptr},
                       {"at", "2026-12-06T03:00:00Z"}};

NotifyConfig to(NotifyKind kind, std::string url) {
  NotifyConfig t;
  t.kind = kind;
  t.url = std::move(url);
  t.events = {"ip_change", "anomaly"};
  return t;
}

class NotifierTest : public ::testing::Test {
 protected:
  Notifier make(std::vector<NotifyConfig> targets) {
    return Notifier(std::move(targets), m_http, m_log, "nas");
  }
  std::vector<NotifyConfig> every_service() {
    auto tg = to(NotifyKind::telegram, m_fake.url("/bot123:bot-secret/sendMessage"));
    tg.chat_id = "-100";
    auto ping = to(NotifyKind::ping, m_fake.url("/hc/uuid-1"));
    ping.fail_url = ping.url + "/fail";
    ping.events.clear();
    return {to(NotifyKind::ntfy, m_fake.url("/ntfy/home-dns")),
            to(NotifyKind::gotify, m_fake.url("/message?token=app-token")),
            tg,
            to(NotifyKind::discord, m_fake.url("/api/webhooks/1/tok-en")),
            to(NotifyKind::slack, m_fake.url("/services/T1/B2/x3")),
            to(NotifyKind::webhook, m_fake.url("/hook")),
            ping};
  }

  NotifyServices m_fake;
  std::shared_ptr<providers::HttpClient> m_http = std::make_shared<providers::HttpClient>();
  std::shared_ptr<spdlog::logger> m_log =
      std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  TimePoint m_now{std::chrono::seconds{1767225600}};
};

TEST_F(NotifierTest, EveryServiceTakesItsRequest) {
  auto n = make(every_service());
  n.queue(k_change);
  n.flush(m_now, true);
  auto outcomes = n.send_test(m_now);
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    EXPECT_TRUE(outcomes[i].ok) << i << " " << outcomes[i].detail;
  for (const auto* path : {"/ntfy/home-dns", "/message", "/bot123:bot-secret/sendMessage",
                           "/api/webhooks/1/tok-en", "/services/T1/B2/x3", "/hook", "/hc/uuid-1"})
    EXPECT_EQ(m_fake.heard_at(path).size(), 2u) << path << ": the change, then the test";
  auto ntfy = m_fake.heard_at("/ntfy/home-dns").front();
  EXPECT_EQ(ntfy.headers["Title"], "nas: IPv4 address changed");
  EXPECT_EQ(ntfy.body, "The public IPv4 address of nas is now 203.0.113.7.");
  EXPECT_EQ(json::parse(m_fake.heard_at("/hook").front().body)["address"], "203.0.113.7");
  EXPECT_EQ(m_fake.heard_at("/hc/uuid-1").front().method, "GET");
}

TEST_F(NotifierTest, PingTargetsHearHowEachPassEnded) {
  auto ping = to(NotifyKind::ping, m_fake.url("/hc/u"));
  ping.fail_url = ping.url + "/fail";
  ping.start_url = ping.url + "/start";
  auto n = make({ping});
  n.queue(k_change);  // a ping target takes no events
  n.pass_started();
  n.flush(m_now, true);
  n.pass_started();
  n.flush(m_now, false);
  n.flush(m_now, std::nullopt);  // a dry run: nothing to say
  std::vector<std::string> paths;
  for (const auto& h : m_fake.heard())
    paths.push_back(h.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/hc/u/start", "/hc/u", "/hc/u/start", "/hc/u/fail"}));
}

TEST_F(NotifierTest, OnlyTheAskedForEventsAreSent) {
  auto t = to(NotifyKind::webhook, m_fake.url("/hook"));
  t.events = {"anomaly"};
  auto n = make({t});
  n.queue(k_change);
  n.queue({{"event", "anomaly_closed"}, {"kind", "ip_flapping"}, {"subject", "ipv4"}});
  n.flush(m_now, true);
  ASSERT_EQ(m_fake.heard().size(), 1u);
  EXPECT_EQ(json::parse(m_fake.heard().front().body)["event"], "anomaly_closed");
  EXPECT_TRUE(n.wants("anomaly"));
  EXPECT_FALSE(n.wants("daily_summary"));
}

TEST_F(NotifierTest, ADeadTargetCostsOneAttemptPerFlushAndIsRetriedWithBackoff) {
  auto n = make(
      {to(NotifyKind::webhook, m_fake.url("/down")), to(NotifyKind::webhook, m_fake.url("/hook"))});
  m_fake.set_down(true);
  for (int i = 0; i < 5; ++i)
    n.queue(k_change);
  n.flush(m_now, true);
  EXPECT_EQ(m_fake.heard_at("/down").size(), 1u) << "the first failure ends this flush's tries";
  EXPECT_EQ(m_fake.heard_at("/hook").size(), 5u) << "other targets are not held up";
  n.flush(m_now + 10s, true);
  EXPECT_EQ(m_fake.heard_at("/down").size(), 1u) << "not before the backoff";
  m_fake.set_down(false);
  n.flush(m_now + 31s, true);
  EXPECT_EQ(m_fake.heard_at("/down").size(), 6u) << "one failed + five delivered, in order";
}

TEST_F(NotifierTest, ASlowTargetGetsItsTimeoutPerFlushInAll) {
  testing::FakeHttp slow;
  std::mutex mutex;
  std::condition_variable released;
  bool release = false;
  std::atomic<int> requests{0};
  slow.server().Post("/slow", [&](const httplib::Request&, httplib::Response&) {
    ++requests;
    std::unique_lock lock(mutex);
    released.wait(lock, [&] { return release; });  // answers only when the test ends
  });
  slow.start();
  auto t = to(NotifyKind::webhook, slow.url("/slow"));
  t.timeout = 1s;
  auto n = make({t, to(NotifyKind::webhook, m_fake.url("/hook"))});
  for (int i = 0; i < 5; ++i)
    n.queue(k_change);
  n.flush(m_now, true);
  EXPECT_EQ(requests.load(), 1) << "the timeout is spent: the other four wait";
  EXPECT_EQ(m_fake.heard_at("/hook").size(), 5u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  released.notify_all();
  slow.stop();
}

TEST_F(NotifierTest, AnEventIsDroppedOnceItsRetriesPassTheLimit) {
  auto n = make({to(NotifyKind::webhook, m_fake.url("/down"))});
  m_fake.set_down(true);
  n.queue(k_change);
  auto t = m_now;
  for (int i = 0; i < 20; ++i) {
    n.flush(t, true);
    t += 11min;
  }
  auto tries = m_fake.heard_at("/down").size();
  EXPECT_GT(tries, 3u);
  EXPECT_LT(tries, 10u) << "given up after about " << k_notify_give_up.count() << " h";
  m_fake.set_down(false);
  n.flush(t, true);
  EXPECT_EQ(m_fake.heard_at("/down").size(), tries) << "nothing left to send";
}

TEST_F(NotifierTest, FailuresInARowAreReportedOnceAndSoIsTheRecovery) {
  auto n = make({to(NotifyKind::webhook, m_fake.url("/down"))});
  std::vector<std::pair<bool, std::string>> told;
  n.set_health_sink([&](std::size_t i, bool failing, const std::string& why) {
    EXPECT_EQ(i, 0u);
    told.emplace_back(failing, why);
  });
  m_fake.set_down(true);
  n.queue(k_change);
  auto t = m_now;
  for (int i = 0; i < k_notify_failures_to_report + 2; ++i) {
    n.flush(t, true);
    t += 15min;
  }
  ASSERT_EQ(told.size(), 1u);
  EXPECT_TRUE(told[0].first);
  EXPECT_EQ(told[0].second, "HTTP 503");
  m_fake.set_down(false);
  n.queue(k_change);
  n.flush(t, true);
  ASSERT_EQ(told.size(), 2u);
  EXPECT_FALSE(told[1].first);
}

TEST_F(NotifierTest, TheTestMessageReportsEachTarget) {
  auto n = make(
      {to(NotifyKind::ntfy, m_fake.url("/ntfy/t")), to(NotifyKind::webhook, m_fake.url("/down"))});
  m_fake.set_down(true);
  auto outcomes = n.send_test(m_now);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_TRUE(outcomes[0].ok);
  EXPECT_EQ(outcomes[0].detail, "HTTP 200");
  EXPECT_FALSE(outcomes[1].ok);
  EXPECT_EQ(outcomes[1].detail, "HTTP 503");
  EXPECT_NE(m_fake.heard_at("/ntfy/t").front().headers["Title"].find("test notification"),
            std::string::npos);
}

TEST_F(NotifierTest, ARefusedTokenIsAFailure) {
  auto tg = to(NotifyKind::telegram, m_fake.url("/bot999:wrong/sendMessage"));
  tg.chat_id = "1";
  auto n = make({tg});
  auto outcomes = n.send_test(m_now);
  EXPECT_FALSE(outcomes[0].ok);
  EXPECT_EQ(outcomes[0].detail, "HTTP 400");
}

}  // namespace
}  // namespace ddnsguard::controller
