// A webhook provider and a notify target whose secrets sit in a header and in the URL path
// (Slack/Discord-style hooks): a server that echoes the whole request back, in its body
// and its headers, never gets them into the store, a report or the log.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/fake_http.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::testing {
namespace {

TEST(WebhookSecrets, EchoedHeadersAndUrlTokensReachNeitherStoreNorOutputNorLog) {
  const std::string header_secret = "hdr-MARKER-7f3a9";
  const std::string path_token = "path-MARKER-c41d2";
  const std::string notify_token = "notify-MARKER-e8b06";
  TempDir dir;
  FakeHttp server;
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    std::string all = req.method + " " + req.target + "\n";
    for (const auto& [k, v] : req.headers)
      all += k + ": " + v + "\n";
    res.status = 400;  // a failure, so the reply is kept as the error
    res.set_header("X-Echo", req.get_header_value("X-Api-Key") + " " + req.target);
    res.set_content(all + req.body, "text/plain");
  };
  server.server().Get("/ip", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("203.0.113.30", "text/plain");
  });
  server.server().Post(R"(/hooks/.*)", echo);
  server.start();
  nlohmann::json c = {
      {"state_dir", dir.path() + "/state"},
      {"log", {{"level", "trace"}, {"file", dir.path() + "/ddnsguard.log"}}},
      {"sources",
       {{"ipv4", {{{"type", "http"}, {"url", server.url("/ip")}}}}, {"allow_private", true}}},
      {"providers",
       {{"hook",
         {{"type", "webhook"},
          {"url", server.url("/hooks/" + path_token + "/{name}")},
          {"method", "POST"},
          {"body", "{\"ip\": \"{address}\"}"},
          {"headers", {"X-Api-Key: " + header_secret}}}}}},
      {"notify",
       {{{"type", "webhook"},
         {"url", server.url("/hooks/" + notify_token)},
         {"events", {"ip_change", "anomaly"}}}}},
      {"verify", {{"enabled", false}}},
      {"records", {{{"name", "home.example.net"}, {"type", "A"}, {"providers", {"hook"}}}}}};
  write_file(dir.path() + "/c.json", c.dump());
  const std::vector<std::string> base{DDNSGUARD_BINARY, "-c", dir.path() + "/c.json"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), base.begin(), base.end());
    return run_process(args);
  };
  auto once = run({"once"});
  EXPECT_EQ(once.exit_code, 1) << "the webhook refused the update";
  std::vector<std::pair<std::string, std::string>> seen{{"once", once.out + once.err}};
  for (const auto& args : std::vector<std::vector<std::string>>{{"history"},
                                                                {"history", "--json"},
                                                                {"status", "--json"},
                                                                {"anomalies", "--json"},
                                                                {"decisions", "--json"},
                                                                {"check-config"}}) {
    auto r = run(args);
    seen.emplace_back(args[0], r.out + r.err);
  }
  for (const auto* file : {"/state/history.db", "/state/history.db-wal", "/ddnsguard.log"}) {
    if (std::filesystem::exists(dir.path() + file))
      seen.emplace_back(file, read_file(dir.path() + file));
  }
  // Both the provider call and the notification were refused, so both were reported.
  ASSERT_NE(seen.front().second.find("webhook"), std::string::npos) << seen.front().second;
  ASSERT_NE(seen.front().second.find("notification not delivered to"), std::string::npos)
      << seen.front().second;
  for (const auto& [where, text] : seen) {
    for (const auto& s : {header_secret, path_token, notify_token})
      EXPECT_EQ(text.find(s), std::string::npos) << s << " in " << where << ":\n" << text;
  }
}

}  // namespace
}  // namespace ddnsguard::testing
