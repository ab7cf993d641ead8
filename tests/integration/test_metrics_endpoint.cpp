// The metrics endpoint of `ddnsguard run`: scraped over loopback, its numbers match the
// history store, and /healthz turns 503 when a record stays out of sync past the grace.

#include "tests/integration/fault_fixture.hpp"

namespace ddnsguard::testing {
namespace {

using Mode = FaultProxy::Mode;
using namespace std::chrono_literals;

// The value of the first sample line starting with `prefix`, or -1.
double sample(const std::string& text, const std::string& prefix) {
  auto at = text.find("\n" + prefix);
  if (at == std::string::npos) return -1;
  auto line_end = text.find('\n', at + 1);
  auto line = text.substr(at + 1, line_end - at - 1);
  return std::stod(line.substr(line.rfind(' ') + 1));
}

class MetricsEndpoint : public FaultTest {};

TEST_F(MetricsEndpoint, ScrapedNumbersMatchTheStoreAndHealthFollowsTheRecords) {
  auto port = free_port();
  auto c = config_json();
  c["polling"] = {{"mode", "fixed"}, {"min_interval", "1s"}};
  c["verify"]["grace"] = "2s";
  c["metrics"] = {{"listen", "127.0.0.1:" + std::to_string(port)}};
  std::filesystem::create_directories(m_dir.path() + "/state");
  write_file(m_dir.path() + "/c.json", c.dump());
  Background run({DDNSGUARD_BINARY, "-c", m_dir.path() + "/c.json", "run"},
                 m_dir.path() + "/run.log");
  httplib::Client client("127.0.0.1", port);
  std::string text;
  for (int i = 0; i < 200 && sample(text, "ddnsguard_checks_total") < 3; ++i) {
    std::this_thread::sleep_for(50ms);
    auto r = client.Get("/metrics");
    if (r && r->status == 200) text = r->body;
  }
  ASSERT_GE(sample(text, "ddnsguard_checks_total"), 3) << read_file(m_dir.path() + "/run.log");
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
  EXPECT_EQ(sample(text, "ddnsguard_record_in_sync{record=\"home.example.org/A\"}"), 1);

  // Out of sync for longer than the grace: unhealthy.
  m_proxy->set(Mode::error);
  set_address("11.22.33.55");
  int status = 0;
  for (int i = 0; i < 200 && status != 503; ++i) {
    std::this_thread::sleep_for(50ms);
    auto r = client.Get("/healthz");
    status = r ? r->status : 0;
  }
  EXPECT_EQ(status, 503);
  // Recovery: healthy again, and from then on only successful reads happen, so the failed
  // and written counts stay put while the last scrape and the store are compared.
  m_proxy->set(Mode::pass);
  for (int i = 0; i < 200 && status != 200; ++i) {
    std::this_thread::sleep_for(50ms);
    auto r = client.Get("/healthz");
    status = r ? r->status : 0;
  }
  EXPECT_EQ(status, 200);
  // Two more checks: the pass that was running at recovery has ended.
  auto scrape = [&] {
    auto r = client.Get("/metrics");
    return r && r->status == 200 ? r->body : std::string();
  };
  auto checks = sample(scrape(), "ddnsguard_checks_total");
  for (int i = 0; i < 100 && checks < 0; ++i)  // a failed scrape counts as none
    checks = sample(scrape(), "ddnsguard_checks_total");
  ASSERT_GE(checks, 0);
  text = scrape();
  for (int i = 0; i < 200 && sample(text, "ddnsguard_checks_total") < checks + 2; ++i) {
    std::this_thread::sleep_for(50ms);
    text = scrape();
  }
  ASSERT_GE(sample(text, "ddnsguard_checks_total"), checks + 2);
  run.stop(SIGTERM);

  // Every update the metrics counted is in the store, and the other way round.
  auto scraped = client.Get("/metrics");
  auto h =
      run_process({DDNSGUARD_BINARY, "-c", m_dir.path() + "/c.json", "history", "--json"}, {}, 30s);
  auto history = nlohmann::json::parse(h.out);
  int ok_updates = 0;
  for (const auto& u : history["updates"])
    ok_updates += u["ok"].get<bool>() ? 1 : 0;
  EXPECT_EQ(sample(text, "ddnsguard_provider_calls_total{call=\"update\",provider=\"pdns\","
                         "result=\"ok\"}"),
            ok_updates)
      << text << h.out;
  int failed = 0;
  for (const auto& u : history["updates"])
    failed += u["ok"].get<bool>() ? 0 : 1;
  double counted = 0;
  for (const char* call : {"read", "update", "probe"}) {
    auto v = sample(text, std::string("ddnsguard_provider_calls_total{call=\"") + call +
                              "\",provider=\"pdns\",result=\"transient\"}");
    counted += v > 0 ? v : 0;
  }
  EXPECT_EQ(counted, failed) << "failed calls: metrics and history agree";
  EXPECT_FALSE(scraped) << "the endpoint stops with the daemon";
}

}  // namespace
}  // namespace ddnsguard::testing
