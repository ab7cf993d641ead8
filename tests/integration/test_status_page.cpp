// The status page in a real browser (Debian's chromium-headless-shell): `report --html`
// from a month of history renders non-blank in a light and a dark theme, the DOM shows
// what `status --json` says and one mark per change, the page loads nothing; `run`'s
// listener serves it at / with its Content-Security-Policy.

#include <gtest/gtest.h>

#include <spdlog/sinks/null_sink.h>

#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "controller/page/status_page.hpp"
#include "controller/telemetry/metrics.hpp"
#include "tests/support/offline_config.hpp"
#include "tests/support/png_pixels.hpp"
#include "tests/support/process.hpp"
#include "tests/support/seeded_history.hpp"

// After Eigen (through the controller's headers): one of httplib's includes defines a
// macro that Eigen's products would otherwise pick up.
#include <httplib.h>

namespace ddnsguard::testing {
namespace {

constexpr const char* k_browser = "/usr/bin/chromium-headless-shell";

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

double luminance(std::uint32_t rgb) {
  return 0.2126 * ((rgb >> 16) & 0xff) + 0.7152 * ((rgb >> 8) & 0xff) + 0.0722 * (rgb & 0xff);
}

class StatusPage : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(k_browser)) << "tools/setup.sh installs it";
    auto state = m_dir.path() + "/state";
    std::filesystem::create_directories(state);
    auto log =
        std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
    {
      auto store = controller::HistoryStore::open(state + "/history.db", log);
      m_seeded = seed_month(*store, providers::SystemClock{}.now());
    }
    auto c = offline_config();
    c["state_dir"] = state;
    c["providers"]["cf"] = c["providers"]["dyn"];
    c["providers"]["pdns"] = c["providers"]["dyn"];
    c["providers"].erase("dyn");
    c["records"][0]["providers"] = {"cf", "pdns"};
    c["records"][0]["mode"] = "failover";
    m_config = m_dir.path() + "/c.json";
    write_file(m_config, c.dump());
  }
  ProcessResult ddnsguard(std::vector<std::string> args) {
    args.insert(args.begin(), {DDNSGUARD_BINARY, "-c", m_config});
    return run_process(args);
  }
  ProcessResult browser(std::vector<std::string> args, const std::string& page) {
    args.insert(args.begin(), {k_browser, "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                               "--user-data-dir=" + m_dir.path() + "/profile"});
    args.push_back("file://" + page);
    return run_process(args, {}, std::chrono::seconds{60});
  }
  std::string screenshot(const std::string& name, std::vector<std::string> extra = {}) {
    auto png = std::string(DDNSGUARD_BUILD_DIR) + "/" + name;
    std::filesystem::remove(png);
    extra.insert(extra.begin(), {"--screenshot=" + png, "--window-size=960,1400"});
    if (name.rfind("simulate", 0) == 0) extra[1] = "--window-size=960,700";
    auto r = browser(extra, m_page);
    EXPECT_TRUE(std::filesystem::exists(png)) << r.err;
    return png;
  }

  TempDir m_dir;
  SeededHistory m_seeded;
  std::string m_config;
  std::string m_page;
};

TEST_F(StatusPage, TheReportRendersInABrowserAndShowsWhatStatusSays) {
  m_page = m_dir.path() + "/report.html";
  auto r = ddnsguard({"report", "--html", m_page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto html = read_file(m_page);
  EXPECT_EQ(count(html, "http://") + count(html, "https://"), 0u) << "nothing to load";
  EXPECT_EQ(count(html, "<script"), 0u);

  auto dom = browser({"--dump-dom"}, m_page);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  auto status = nlohmann::json::parse(ddnsguard({"status", "--json"}).out);
  auto desired = status["records"][0]["desired"].get<std::string>();
  EXPECT_EQ(desired, m_seeded.last_address);
  EXPECT_NE(dom.out.find("<td class=\"desired\">" + desired + "</td>"), std::string::npos);
  EXPECT_EQ(count(dom.out, "<circle class=\"change\""), static_cast<std::size_t>(m_seeded.changes));
  EXPECT_EQ(count(dom.out, "<rect class=\"anomaly"), 2u);
  EXPECT_EQ(count(dom.out, "class=\"failover\""), 1u);
  EXPECT_EQ(count(dom.out, "class=\"call-failed\""),
            static_cast<std::size_t>(m_seeded.failed_calls));
  EXPECT_NE(dom.out.find("&lt;b&gt;slow&lt;/b&gt;"), std::string::npos) << "outside text escaped";

  auto light = read_png(screenshot("status-page-light.png"));
  auto dark =
      read_png(screenshot("status-page-dark.png", {"--blink-settings=preferredColorScheme=0"}));
  ASSERT_TRUE(light && dark);
  std::set<std::uint32_t> colours(light->rgb.begin(), light->rgb.end());
  EXPECT_GT(colours.size(), 20u) << "not blank";
  EXPECT_GT(luminance(light->at(2, 2)), 200) << "light theme";
  EXPECT_LT(luminance(dark->at(2, 2)), 60) << "dark theme";
}

TEST_F(StatusPage, ReportNeedsAHistoryAndAGoodPeriod) {
  EXPECT_EQ(ddnsguard({"report", "--html", m_dir.path() + "/x.html", "--since", "soon"}).exit_code,
            2);
  EXPECT_EQ(ddnsguard({"report"}).exit_code, 2) << "--html is required";
  auto fresh = run_process({DDNSGUARD_BINARY, "-c", m_config, "--state-dir", m_dir.path() + "/none",
                            "report", "--html", m_dir.path() + "/x.html"});
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_NE(fresh.err.find("no history yet"), std::string::npos) << fresh.err;
}

TEST_F(StatusPage, SimulateDrawsTheChecksTheChangesAndTheirDelays) {
  std::string trace = R"({"start": "2026-01-05T00:00:00Z", "providers": ["primary"]})"
                      "\n{\"t\": 0, \"ip4\": \"203.0.113.10\"}\n";
  for (int d = 1; d <= 12; ++d)
    trace +=
        fmt::format("{{\"t\": {}, \"ip4\": \"203.0.113.{}\"}}\n", d * 86400 + 4 * 3600, 10 + d);
  auto trace_file = m_dir.path() + "/daily.jsonl";
  write_file(trace_file, trace);
  m_page = m_dir.path() + "/sim.html";
  auto r = run_process(
      {DDNSGUARD_BINARY, "simulate", "--trace", trace_file, "--json", "--html", m_page});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = nlohmann::json::parse(r.out);
  auto html = read_file(m_page);
  EXPECT_EQ(count(html, "http://") + count(html, "https://"), 0u);
  auto dom = browser({"--dump-dom"}, m_page);
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(count(dom.out, "<circle class=\"truth\""), report["detected"].get<std::size_t>());
  EXPECT_EQ(count(dom.out, "<circle class=\"truth"), report["changes"].get<std::size_t>());
  EXPECT_EQ(count(dom.out, "<rect class=\"delay\""), report["detected"].get<std::size_t>());
  EXPECT_NE(dom.out.find(fmt::format("{} ({} detected)", report["changes"].get<int>(),
                                     report["detected"].get<int>())),
            std::string::npos);
  auto shot = read_png(screenshot("simulate-picture.png"));
  ASSERT_TRUE(shot);
  std::set<std::uint32_t> colours(shot->rgb.begin(), shot->rgb.end());
  EXPECT_GT(colours.size(), 20u) << "not blank";
}

TEST(StatusPageServed, TheListenerServesThePageWithItsPolicy) {
  controller::Metrics metrics(std::chrono::minutes{2});
  controller::MetricsServer with_page(metrics, [] { return std::string("<p>page</p>"); });
  controller::MetricsServer without(metrics);
  int port = free_port(), other = free_port();
  std::string error;
  ASSERT_TRUE(with_page.start("127.0.0.1", port, error)) << error;
  ASSERT_TRUE(without.start("127.0.0.1", other, error)) << error;
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get("/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "<p>page</p>");
  EXPECT_EQ(r->get_header_value("Content-Security-Policy"), controller::k_page_csp);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  auto none = httplib::Client("127.0.0.1", other).Get("/");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
}

}  // namespace
}  // namespace ddnsguard::testing
