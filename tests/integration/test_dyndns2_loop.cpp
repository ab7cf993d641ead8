// End-to-end with a fake dyndns2 server: the real binary, a write-only protocol.

#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

class Dyndns2Loop : public ::testing::Test {
 protected:
  void SetUp() override {
    m_server.server().Get("/ip", [this](const httplib::Request&, httplib::Response& res) {
      std::lock_guard lock(m_mutex);
      res.set_content(m_address, "text/plain");
    });
    m_server.server().Get(
        "/nic/update", [this](const httplib::Request& req, httplib::Response& res) {
          std::lock_guard lock(m_mutex);
          m_requests.push_back(req.get_param_value("hostname") + " " + req.get_param_value("myip") +
                               " " + req.get_header_value("Authorization"));
          res.status = m_status;
          res.set_content(m_reply.empty() ? "good " + req.get_param_value("myip") : m_reply,
                          "text/plain");
        });
    m_server.start();
    nlohmann::json c = {
        {"state_dir", m_dir.path() + "/state"},
        {"sources",
         {{"ipv4", {{{"type", "http"}, {"url", m_server.url("/ip")}}}}, {"allow_private", true}}},
        {"providers",
         {{"dyn",
           {{"type", "dyndns2"},
            {"username", "alice"},
            {"password_file", m_dir.path() + "/pw"},
            {"endpoint", m_server.url("/nic/update")}}}}},
        {"verify", {{"enabled", false}}},  // no DNS server to ask
        {"records", {{{"name", "home.example.net"}, {"type", "A"}, {"providers", {"dyn"}}}}}};
    write_file(m_dir.path() + "/pw", "s3cret-dyn-pw\n");
    write_file(m_dir.path() + "/c.json", c.dump());
  }

  ProcessResult ddnsguard(const std::vector<std::string>& args) {
    std::vector<std::string> argv{DDNSGUARD_BINARY, "-c", m_dir.path() + "/c.json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv);
  }

  std::vector<std::string> requests() {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }

  TempDir m_dir;
  FakeHttp m_server;
  std::mutex m_mutex;
  std::string m_address = "203.0.113.20";
  std::string m_reply;
  int m_status = 200;
  std::vector<std::string> m_requests;
};

TEST_F(Dyndns2Loop, UpdatesOnceAndNeverResendsTheSameAddress) {
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);  // nochg abuse: no second request
  auto reqs = requests();
  ASSERT_EQ(reqs.size(), 1u);
  // Basic base64("alice:s3cret-dyn-pw")
  EXPECT_EQ(reqs[0], "home.example.net 203.0.113.20 Basic YWxpY2U6czNjcmV0LWR5bi1wdw==");
  {
    std::lock_guard lock(m_mutex);
    m_address = "198.51.100.21";
  }
  ASSERT_EQ(ddnsguard({"once"}).exit_code, 0);
  ASSERT_EQ(requests().size(), 2u);
  EXPECT_EQ(requests()[1].substr(0, 30), "home.example.net 198.51.100.21");
}

TEST_F(Dyndns2Loop, ReturnCodesBecomeErrorClasses) {
  struct Case {
    const char* reply;
    int status;
    const char* error_class;
  };
  const Case cases[] = {{"badauth", 200, "auth"},
                        {"nohost", 200, "config"},
                        {"911", 200, "transient"},
                        {"Service Unavailable", 503, "transient"},
                        {"what is this", 200, "invalid_response"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reply);
    {
      std::lock_guard lock(m_mutex);
      m_reply = c.reply;
      m_status = c.status;
    }
    std::filesystem::remove_all(m_dir.path() + "/state");
    auto r = ddnsguard({"once"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err.find("s3cret-dyn-pw"), std::string::npos);
    auto h = nlohmann::json::parse(ddnsguard({"history", "--json"}).out);
    ASSERT_EQ(h["updates"].size(), 1u);
    EXPECT_EQ(h["updates"][0]["ok"], false);
    EXPECT_EQ(h["updates"][0]["error_class"], c.error_class);
  }
}

TEST_F(Dyndns2Loop, SecretsEchoedBackInAnyFormReachNeitherStoreNorOutputNorLog) {
  const std::string pw = "MARKER/pw+x&y";
  write_file(m_dir.path() + "/pw", pw + "\n");
  const std::vector<std::string> forms = {
      pw,
      "TUFSS0VSL3B3K3gmeQ==",          // base64(password)
      "YWxpY2U6TUFSS0VSL3B3K3gmeQ==",  // base64("alice:" + password): the Basic header
      "MARKER%2Fpw%2Bx%26y",           // URL-encoded
      "MARKER%2fpw%2bx%26y"};
  {
    std::lock_guard lock(m_mutex);
    // An unknown reply (kept as an excerpt in the error) that echoes the request back.
    m_reply = "echo: request from alice, Authorization: Basic " + forms[2] +
              " password=" + forms[3] + " lower=" + forms[4] + " b64=" + forms[1] + " raw=" + pw;
  }
  auto once = ddnsguard({"--log-level", "trace", "once"});
  EXPECT_EQ(once.exit_code, 1);
  std::vector<std::pair<std::string, std::string>> seen = {{"once", once.out + once.err}};
  for (const auto& args : std::vector<std::vector<std::string>>{{"history"},
                                                                {"history", "--json"},
                                                                {"status", "--json"},
                                                                {"anomalies", "--json"},
                                                                {"decisions", "--json"},
                                                                {"check-config"}}) {
    auto r = ddnsguard(args);
    seen.emplace_back(args[0], r.out + r.err);
  }
  for (const auto* file : {"/state/history.db", "/state/history.db-wal"}) {
    if (std::filesystem::exists(m_dir.path() + file))
      seen.emplace_back(file, read_file(m_dir.path() + file));
  }
  auto db = read_file(m_dir.path() + "/state/history.db") +
            (std::filesystem::exists(m_dir.path() + "/state/history.db-wal")
                 ? read_file(m_dir.path() + "/state/history.db-wal")
                 : std::string());
  EXPECT_NE(db.find("Authorization: Basic *** password=*** lower=*** b64=*** raw=***"),
            std::string::npos)
      << "the echo is stored, masked";
  for (const auto& [where, text] : seen) {
    for (const auto& f : forms)
      EXPECT_EQ(text.find(f), std::string::npos) << f << " in " << where << ":\n" << text;
  }
}

TEST_F(Dyndns2Loop, RunSurvivesRepliesThatAreNotUtf8WithANotifyWebhook) {
  std::vector<std::string> hooks;
  m_server.server().Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(m_mutex);
    hooks.push_back(req.body);
    res.status = 204;
  });
  auto c = nlohmann::json::parse(read_file(m_dir.path() + "/c.json"));
  c["notify"] = {{{"type", "webhook"}, {"url", m_server.url("/hook")}}};
  c["polling"] = {{"mode", "fixed"}, {"min_interval", "1s"}, {"max_interval", "1s"}};
  c["retry"] = {{"base", "1s"}, {"cap", "1s"}};
  write_file(m_dir.path() + "/c.json", c.dump());
  {
    std::lock_guard lock(m_mutex);
    m_reply = "\xff\xfe garbage \xc3\x28 \xed\xa0\x80";  // invalid UTF-8 in every way
  }
  Background run({DDNSGUARD_BINARY, "-c", m_dir.path() + "/c.json", "run"},
                 m_dir.path() + "/run.log");
  auto anomaly_heard = [&] {
    std::lock_guard lock(m_mutex);
    return std::any_of(hooks.begin(), hooks.end(), [](const std::string& body) {
      return body.find("anomaly_opened") != std::string::npos;
    });
  };
  for (int i = 0; i < 300 && !anomaly_heard() && run.running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds{50});
  ASSERT_TRUE(anomaly_heard()) << read_file(m_dir.path() + "/run.log");
  EXPECT_GE(requests().size(), 3u) << "three passes at least";
  EXPECT_TRUE(run.running()) << read_file(m_dir.path() + "/run.log");
  {
    std::lock_guard lock(m_mutex);
    for (const auto& body : hooks)
      EXPECT_TRUE(nlohmann::json::accept(body)) << body;
  }
  for (const auto* report : {"status", "history", "anomalies", "decisions"}) {
    auto r = ddnsguard({report, "--json"});
    EXPECT_EQ(r.exit_code == 0 || r.exit_code == 1, true) << report << ": " << r.err;
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << report << ": " << r.out << r.err;
  }
  EXPECT_EQ(run.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ddnsguard::testing
