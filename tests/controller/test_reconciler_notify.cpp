// The reconciler's notifications in virtual time: pings per pass, the daily summary, and
// the notify_failed anomaly of a target that keeps failing.

#include "controller/loop/reconciler.hpp"
#include "tests/controller/notify_fakes.hpp"
#include "tests/controller/reconciler_test_support.hpp"

namespace ddnsguard::controller::reconciler_testing {
namespace {

using testing::NotifyServices;

class ReconcilerNotify : public ReconcilerFixture {
 protected:
  void TearDown() override {  // the client's pooled connections go before the server
    m_reconciler.reset();
    m_live.http.reset();
  }
  void with_targets(std::vector<NotifyConfig> targets) {
    m_live.http = std::make_shared<providers::HttpClient>();
    m_config.notify = std::move(targets);
    build(false);
  }
  NotifyConfig ping() {
    NotifyConfig t;
    t.kind = NotifyKind::ping;
    t.url = m_fake.url("/hc/u");
    t.fail_url = t.url + "/fail";
    return t;
  }
  NotifyConfig hook(const std::string& path, std::vector<std::string> events) {
    NotifyConfig t;
    t.url = m_fake.url(path);
    t.events = std::move(events);
    return t;
  }
  bool open(const std::string& kind) {
    for (const auto& a : m_store->anomalies(TimePoint{}, true))
      if (to_string(a.kind) == kind) return true;
    return false;
  }

  NotifyServices m_fake;
};

TEST_F(ReconcilerNotify, APingSaysWhetherThePassLeftEveryRecordInSync) {
  with_targets({ping()});
  EXPECT_TRUE(pass_after(0s).all_in_sync());
  m_p["a"]->fail_all = Error{ErrorClass::auth, "bad token", {}};
  m_source->address = "203.0.113.8";
  EXPECT_FALSE(pass_after(1min).all_in_sync());
  std::vector<std::string> paths;
  for (const auto& h : m_fake.heard())
    paths.push_back(h.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/hc/u", "/hc/u/fail"}));
}

TEST_F(ReconcilerNotify, ADryRunPingsNobody) {
  with_targets({ping()});
  m_reconciler->reconcile_once(DryRun::yes);
  EXPECT_TRUE(m_fake.heard().empty());
}

TEST_F(ReconcilerNotify, AnAddressChangeCarriesTheOldAddress) {
  with_targets({hook("/hook", {"ip_change"})});
  pass_after(0s);
  m_source->address = "203.0.113.8";
  pass_after(5min);
  auto heard = m_fake.heard_at("/hook");
  ASSERT_EQ(heard.size(), 2u);
  auto last = nlohmann::json::parse(heard.back().body);
  EXPECT_EQ(last["address"], "203.0.113.8");
  EXPECT_EQ(last["old"], "203.0.113.7");
  EXPECT_TRUE(nlohmann::json::parse(heard.front().body)["old"].is_null());
}

TEST_F(ReconcilerNotify, APrefixChangeIsToldAsAPrefix) {
  m_source->prefix = true;  // before it is added: its spec notes that it reports a prefix
  add_source(Family::ipv6);
  m_source->address6 = "2001:db8:41::";
  RecordConfig rc;
  rc.record = {"home.example.com", Family::ipv6, 60};
  rc.providers = {"a"};
  std::string why;
  rc.suffix = providers::parse_host_suffix("::7", 64, why);
  ASSERT_TRUE(rc.suffix) << why;
  m_config.records.push_back(rc);
  with_targets({hook("/hook", {"ip_change"})});
  pass_after(0s);
  m_source->address6 = "2001:db8:42::";
  pass_after(5min);
  std::vector<nlohmann::json> ipv6;
  for (const auto& h : m_fake.heard_at("/hook")) {
    auto event = nlohmann::json::parse(h.body);
    if (event["family"] == "ipv6") ipv6.push_back(event);
  }
  ASSERT_EQ(ipv6.size(), 2u);
  EXPECT_EQ(ipv6.back()["address"], "2001:db8:42::");
  EXPECT_EQ(ipv6.back()["prefix"], true);
  EXPECT_EQ(m_p["a"]->held6->to_string(), "2001:db8:42::7");
}

TEST_F(ReconcilerNotify, ATargetThatKeepsFailingOpensItsAnomalyAndOthersHearOfIt) {
  with_targets({hook("/down", {"ip_change"}), hook("/hook", {"anomaly"})});
  m_fake.set_down(true);
  for (int i = 0; i < k_notify_failures_to_report; ++i) {
    m_source->address = "203.0.113." + std::to_string(20 + i);
    pass_after(15min);
  }
  ASSERT_TRUE(open("notify_failed"));
  auto a = m_store->anomalies(TimePoint{}, true).front();
  EXPECT_EQ(a.subject, "notify:0");
  EXPECT_NE(a.summary.find("HTTP 503"), std::string::npos) << a.summary;
  pass_after(1min);
  bool told = false;
  for (const auto& h : m_fake.heard_at("/hook"))
    told = told || nlohmann::json::parse(h.body).value("kind", "") == "notify_failed";
  EXPECT_TRUE(told);
  m_fake.set_down(false);
  pass_after(15min);
  EXPECT_FALSE(open("notify_failed"));
}

TEST_F(ReconcilerNotify, TheDailySummaryComesOnceADayAndSurvivesARestart) {
  with_targets({hook("/hook", {"daily_summary"})});
  pass_after(0s);
  m_source->address = "203.0.113.8";
  pass_after(6h);
  EXPECT_TRUE(m_fake.heard_at("/hook").empty()) << "not before a day has passed";
  pass_after(18h);
  auto heard = m_fake.heard_at("/hook");
  ASSERT_EQ(heard.size(), 1u);
  auto body = nlohmann::json::parse(heard.front().body);
  EXPECT_EQ(body["event"], "daily_summary");
  auto text = body["summary"].get<std::string>();
  EXPECT_NE(text.find("Last 24 hours: 1 address change;"), std::string::npos)
      << text << "\n(the first address seen is no change)";
  EXPECT_NE(text.find("IPv4 203.0.113.8"), std::string::npos) << text;
  EXPECT_NE(text.find("every record in sync"), std::string::npos) << text;
  reload();  // a restart: the last summary is in the store
  pass_after(1h);
  EXPECT_EQ(m_fake.heard_at("/hook").size(), 1u);
  pass_after(23h);
  EXPECT_EQ(m_fake.heard_at("/hook").size(), 2u);
}

TEST_F(ReconcilerNotify, RestartsBeforeTheFirstSummaryDoNotPostponeIt) {
  with_targets({hook("/hook", {"daily_summary"})});
  pass_after(0s);
  for (int i = 0; i < 3; ++i) {
    reload();  // e.g. a timer running `once`, or a reload, every few hours
    pass_after(7h);
  }
  EXPECT_TRUE(m_fake.heard_at("/hook").empty());
  reload();
  pass_after(3h);
  EXPECT_EQ(m_fake.heard_at("/hook").size(), 1u) << "24 h after the first pass";
}

TEST_F(ReconcilerNotify, ARecoveryAfterARestartClosesTheAnomaly) {
  with_targets({hook("/down", {"ip_change"})});
  m_fake.set_down(true);
  for (int i = 0; i < k_notify_failures_to_report; ++i) {
    m_source->address = "203.0.113." + std::to_string(30 + i);
    pass_after(15min);
  }
  ASSERT_TRUE(open("notify_failed"));
  reload();
  m_fake.set_down(false);
  m_source->address = "203.0.113.50";
  pass_after(15min);
  EXPECT_FALSE(open("notify_failed"));
}

TEST_F(ReconcilerNotify, AnAnomalyOfATargetNoLongerConfiguredIsClosed) {
  with_targets({hook("/down", {"ip_change"})});
  m_fake.set_down(true);
  for (int i = 0; i < k_notify_failures_to_report; ++i) {
    m_source->address = "203.0.113." + std::to_string(40 + i);
    pass_after(15min);
  }
  ASSERT_TRUE(open("notify_failed"));
  m_config.notify.clear();
  reload();
  EXPECT_FALSE(open("notify_failed"));
}

}  // namespace
}  // namespace ddnsguard::controller::reconciler_testing
