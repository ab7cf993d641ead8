// Provider faults on loopback (a real PowerDNS behind a fault-injecting proxy): 5xx burst,
// 10x latency, revoked credentials, silent updates, a record edited by someone else, and a
// history store that turns read-only. For each: the anomaly opens, the action is taken, the
// anomaly closes after recovery, and no wrong address is ever sent.

#include "tests/integration/fault_fixture.hpp"

namespace ddnsguard::testing {
namespace {

using Mode = FaultProxy::Mode;
using namespace std::chrono_literals;

class FaultProviders : public FaultTest {
 protected:
  void SetUp() override {
    FaultTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    start_controller();
    ASSERT_TRUE(pass().all_in_sync()) << m_log.str();
  }
  void TearDown() override {
    if (m_rt) {
      expect_no_wrong_publish();
      EXPECT_EQ(m_log.str().find(m_pdns.api_key()), std::string::npos) << "secret in the log";
    }
    FaultTest::TearDown();
  }
};

// The API's own health, watched on every pass: with verify.api_interval 0s the provider is
// read each pass, as these detectors need (with the default, DNS-first, below).
class FaultProvidersEveryPass : public FaultProviders {
 protected:
  FaultProvidersEveryPass() { m_api_interval = "0s"; }
};

TEST_F(FaultProvidersEveryPass, ErrorBurstOpensProviderErrorsAndClosesAfterRecovery) {
  m_proxy->set(Mode::error);
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(pass().all_in_sync());
  EXPECT_TRUE(open("provider_errors")) << m_log.str();
  m_proxy->set(Mode::pass);
  for (int i = 0; i < 4; ++i)
    pass();
  ASSERT_EQ(anomalies("provider_errors").size(), 1u);
  EXPECT_FALSE(open("provider_errors")) << "closed after three good calls";
  EXPECT_EQ(anomalies("provider_errors")[0].subject, "provider:pdns");
}

TEST_F(FaultProvidersEveryPass, LatencyEpisodeOpensProviderLatency) {
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(pass().all_in_sync());  // the baseline: a few ms per call
  m_proxy->set(Mode::slow, 600ms);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(pass().all_in_sync()) << "slow is not down";
  EXPECT_TRUE(open("provider_latency")) << m_log.str();
  m_proxy->set(Mode::pass);
  for (int i = 0; i < 4; ++i)
    pass();
  EXPECT_FALSE(open("provider_latency"));
}

TEST_F(FaultProvidersEveryPass, RevokedCredentialsStopTheProviderUntilTheConfigChanges) {
  m_proxy->set(Mode::unauthorized);
  EXPECT_FALSE(pass().all_in_sync());
  EXPECT_TRUE(open("auth_failure"));
  auto calls = m_proxy->writes().size();
  set_address("11.22.33.55");
  for (int i = 0; i < 3; ++i)
    EXPECT_FALSE(pass().all_in_sync());
  EXPECT_EQ(m_proxy->writes().size(), calls) << "no retries with bad credentials";
  // New credentials: a reload builds a fresh runtime on the same store.
  m_proxy->set(Mode::pass);
  auto store = m_rt->store;
  auto parsed = controller::parse_config(config_json().dump(), providers::ConfigEnv::system());
  m_rt = controller::build_runtime(std::move(*parsed.config), {.clock = m_clock, .store = store});
  EXPECT_TRUE(pass().all_in_sync());
  EXPECT_EQ(held(), "11.22.33.55");
  EXPECT_FALSE(open("auth_failure")) << "closed by the first accepted call";
  EXPECT_EQ(anomalies("auth_failure").size(), 1u) << "one anomaly, not one per pass";
}

TEST_F(FaultProviders, InSteadyStateTheApiIsReadOncePerIntervalAndDnsAnswersTheRest) {
  auto reads = [&] {
    int n = 0;
    for (const auto& c : m_rt->store->provider_calls(controller::TimePoint{}))
      n += c.call == controller::CallKind::read ? 1 : 0;
    return n;
  };
  const int before = reads();  // the first pass read the API (nothing known yet)
  int skipped = 0;
  for (int i = 0; i < 58; ++i) {  // a minute apart: an hour of steady state
    auto r = pass();
    ASSERT_TRUE(r.all_in_sync());
    // What the pass's polling decision will say (a DNS timeout under load means a read).
    skipped += r.reads_summary() ==
               "provider APIs: 1 read skipped (authoritative DNS shows the address), 0 made";
  }
  EXPECT_GE(skipped, 50);
  EXPECT_LE(reads(), before + 58 - skipped) << "a read only where DNS did not answer";
  bool safety_net = false;
  for (int i = 0; i < 5 && !safety_net; ++i)
    safety_net =
        pass().reads_summary().find("(safety net: read at least every 1h)") != std::string::npos;
  EXPECT_TRUE(safety_net) << "the hourly safety net";
}

TEST_F(FaultProviders, AnApiFaultInSteadyStateIsFoundAtTheSafetyNetRead) {
  m_proxy->set(Mode::error);
  for (int i = 0; i < 30; ++i)
    EXPECT_TRUE(pass().all_in_sync()) << "DNS shows the address: nothing needs the API";
  EXPECT_FALSE(open("provider_errors"));
  for (int i = 0; i < 45 && !open("provider_errors"); ++i)
    pass();
  EXPECT_TRUE(open("provider_errors")) << "found at the safety-net read, then read every pass";
  m_proxy->set(Mode::pass);
  for (int i = 0; i < 4; ++i)
    pass();
  EXPECT_FALSE(open("provider_errors")) << "followed every pass until it is well";
}

TEST_F(FaultProviders, SilentUpdateIsFoundByAuthoritativeVerification) {
  m_proxy->set(Mode::silent);
  set_address("11.22.33.55");
  for (int i = 0; i < 5; ++i)
    pass();
  EXPECT_TRUE(open("silent_update_failure")) << m_log.str();
  EXPECT_FALSE(open("record_drift")) << "our own write never showed: not someone else's edit";
  EXPECT_GE(decisions("re-push"), 1);
  EXPECT_EQ(held(), "11.22.33.44") << "the provider really dropped it";
  m_proxy->set(Mode::pass);
  pass();
  pass();
  EXPECT_EQ(held(), "11.22.33.55");
  EXPECT_FALSE(open("silent_update_failure"));
  bool visible = false;
  for (const auto& v : m_rt->store->verifications(controller::TimePoint{}))
    visible = visible || (v.ok && v.expected == "11.22.33.55");
  EXPECT_TRUE(visible);
}

TEST_F(FaultProviders, RecordEditedBySomeoneElseIsRepairedInOnePass) {
  ASSERT_TRUE(m_pdns.set_rrset(k_zone, k_name, "A", "192.0.2.99"));
  EXPECT_TRUE(pass().all_in_sync());
  EXPECT_EQ(held(), "11.22.33.44") << "repaired in the same pass";
  ASSERT_EQ(anomalies("record_drift").size(), 1u) << m_log.str();
  EXPECT_EQ(decisions("resync"), 1);
  pass();
  EXPECT_FALSE(open("record_drift"));
}

TEST_F(FaultProviders, ReadOnlyStoreRaisesAnAnomalyAndUpdatesGoOn) {
  m_rt->store->simulate_write_failure_for_test();
  set_address("11.22.33.55");
  pass();  // the failed write moves the store to memory
  EXPECT_TRUE(pass().all_in_sync());
  EXPECT_EQ(held(), "11.22.33.55");
  EXPECT_TRUE(m_rt->store->degraded());
  EXPECT_TRUE(open("store_degraded")) << m_log.str();
}

TEST_F(FaultProviders, WebhooksHearAddressChangesAndAnomalies) {
  FakeHttp hook;
  std::mutex mutex;
  std::vector<nlohmann::json> heard;
  hook.server().Post("/hook/T0KEN", [&](const httplib::Request& req, httplib::Response&) {
    std::lock_guard lock(mutex);
    heard.push_back(nlohmann::json::parse(req.body));
  });
  hook.start();
  auto c = config_json();
  c["notify"] = {{{"type", "webhook"}, {"url", hook.url("/hook/T0KEN")}}};
  start_controller(c);
  pass();
  set_address("11.22.33.55");
  pass();
  ASSERT_TRUE(m_pdns.set_rrset(k_zone, k_name, "A", "192.0.2.99"));
  pass();
  pass();
  hook.stop();
  std::vector<std::string> events;
  for (const auto& e : heard)
    events.push_back(e["event"].get<std::string>() + ":" + e.value("kind", e.value("address", "")));
  EXPECT_NE(std::find(events.begin(), events.end(), "ip_change:11.22.33.55"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "anomaly_opened:record_drift"), events.end());
  EXPECT_NE(std::find(events.begin(), events.end(), "anomaly_closed:record_drift"), events.end());
  EXPECT_EQ(m_log.str().find("T0KEN"), std::string::npos) << "webhook paths carry tokens";
}

TEST_F(FaultProviders, AnAddressChangeFlushesConnectionsAndCachedDns) {
  EXPECT_EQ(decisions("flush"), 0) << "the first address seen is no change";
  set_address("11.22.33.55");
  EXPECT_TRUE(pass().all_in_sync());
  EXPECT_EQ(decisions("flush"), 1);
  EXPECT_EQ(held(), "11.22.33.55") << "fresh connections work";
}

TEST(Notifier, CategoriesAndSafeTargets) {
  using controller::Notifier;
  EXPECT_EQ(Notifier::category({{"event", "anomaly_opened"}}), "anomaly");
  EXPECT_EQ(Notifier::category({{"event", "ip_change"}}), "ip_change");
  auto target = [](std::string url) {
    controller::NotifyConfig n;
    n.url = std::move(url);
    return Notifier::describe(n);
  };
  EXPECT_EQ(target("https://hooks.example.net/services/T0KEN?x=1"),
            "webhook https://hooks.example.net/...");
  EXPECT_EQ(target("https://user:pw@h.example.net/x"), "webhook https://h.example.net/...");
  EXPECT_EQ(target("http://127.0.0.1:8080/"), "webhook http://127.0.0.1:8080");
  EXPECT_EQ(target("http://[::1]:8080?token=1"), "webhook http://[::1]:8080/...");
}

}  // namespace
}  // namespace ddnsguard::testing
