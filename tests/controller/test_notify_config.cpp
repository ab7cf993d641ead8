// notify[] entries: each preset's fields become the request URL and headers; mistakes are
// named by field; tokens are secrets.

#include "controller/config/config.hpp"
#include "tests/controller/config_test_support.hpp"

namespace ddnsguard::controller::config_testing {
namespace {

ParseOutcome with_notify(json entry) {
  auto d = base_doc();
  d["notify"] = json::array({std::move(entry)});
  return parse_config(d.dump(), default_env());
}

const NotifyConfig& only(const ParseOutcome& o) {
  EXPECT_TRUE(o.config) << joined(o);
  if (!o.config || o.config->notify.size() != 1) throw std::runtime_error("no notify entry");
  return o.config->notify.front();
}

bool masked(const ParseOutcome& o, const std::string& value) {
  for (const auto& s : o.config->secrets) {
    if (s.reveal().find(value) != std::string_view::npos) return true;
  }
  return false;
}

TEST(NotifyConfig, NtfyTakesItsTopicUrlAndAnOptionalToken) {
  auto o =
      with_notify({{"type", "ntfy"}, {"url", "https://ntfy.sh/home-dns"}, {"token", k_marker}});
  const auto& n = only(o);
  EXPECT_EQ(n.kind, NotifyKind::ntfy);
  EXPECT_EQ(n.url, "https://ntfy.sh/home-dns");
  EXPECT_EQ(n.headers, std::vector<std::string>{"Authorization: Bearer " + k_marker});
  EXPECT_EQ(n.events, (std::vector<std::string>{"ip_change", "anomaly"}));
  EXPECT_TRUE(masked(o, k_marker));
  EXPECT_TRUE(masked(o, "/home-dns")) << "anyone who knows a topic can read it";
}

TEST(NotifyConfig, GotifyPutsItsTokenInTheQuery) {
  auto o = with_notify(
      {{"type", "gotify"}, {"url", "https://push.example.net/"}, {"token_file", "/run/creds/dyn"}});
  EXPECT_EQ(only(o).url, "https://push.example.net/message?token=" + k_file_marker);
  EXPECT_TRUE(masked(o, k_file_marker));
}

TEST(NotifyConfig, TelegramBuildsTheBotUrlAndAcceptsNumericChatIds) {
  auto o = with_notify(
      {{"type", "telegram"}, {"bot_token", "123:" + k_marker}, {"chat_id", -1001234567890}});
  const auto& n = only(o);
  EXPECT_EQ(n.url, "https://api.telegram.org/bot123:" + k_marker + "/sendMessage");
  EXPECT_EQ(n.chat_id, "-1001234567890");
  EXPECT_TRUE(masked(o, k_marker));
}

TEST(NotifyConfig, AnEndpointReplacesTheServicesOrigin) {
  auto o = with_notify({{"type", "telegram"},
                        {"bot_token", "123:abc"},
                        {"chat_id", "@home"},
                        {"endpoint", "http://127.0.0.1:8080/"}});
  EXPECT_EQ(only(o).url, "http://127.0.0.1:8080/bot123:abc/sendMessage");
  auto d = with_notify({{"type", "discord"},
                        {"webhook_url", "https://discord.com/api/webhooks/1/" + k_marker},
                        {"endpoint", "http://[::1]:9000"}});
  EXPECT_EQ(only(d).url, "http://[::1]:9000/api/webhooks/1/" + k_marker);
  EXPECT_TRUE(masked(d, k_marker));
}

TEST(NotifyConfig, PingDerivesItsFailAndStartUrls) {
  auto o = with_notify({{"type", "ping"}, {"url", "https://hc-ping.com/uuid-1"}, {"start", true}});
  const auto& n = only(o);
  EXPECT_EQ(n.fail_url, "https://hc-ping.com/uuid-1/fail");
  EXPECT_EQ(n.start_url, "https://hc-ping.com/uuid-1/start");
  EXPECT_TRUE(n.events.empty());
  auto kuma = with_notify({{"type", "ping"},
                           {"url", "https://kuma.example.net/api/push/abc?status=up"},
                           {"fail_url", "https://kuma.example.net/api/push/abc?status=down"}});
  EXPECT_EQ(only(kuma).fail_url, "https://kuma.example.net/api/push/abc?status=down");
  EXPECT_FALSE(only(kuma).start_url);
  auto query =
      with_notify({{"type", "ping"}, {"url", "https://hc.example/ping/x/?rid=1"}, {"start", true}});
  EXPECT_EQ(only(query).fail_url, "https://hc.example/ping/x/fail?rid=1");
  EXPECT_EQ(only(query).start_url, "https://hc.example/ping/x/start?rid=1");
}

TEST(NotifyConfig, AWebhookTakesAMethodHeadersATemplateAndAContentType) {
  auto o = with_notify({{"type", "webhook"},
                        {"url", "https://example.net/hook"},
                        {"method", "PUT"},
                        {"headers", {"X-Key: " + k_marker, "Content-Type: text/plain"}},
                        {"body", "{host}: {summary}"},
                        {"content_type", "text/plain"},
                        {"events", {"daily_summary"}},
                        {"timeout", "10s"}});
  const auto& n = only(o);
  EXPECT_EQ(n.method, "PUT");
  EXPECT_EQ(n.body, "{host}: {summary}");
  EXPECT_EQ(n.timeout, 10s);
  EXPECT_TRUE(masked(o, k_marker));
  EXPECT_FALSE(masked(o, "text/plain"));
}

TEST(NotifyConfig, MistakesAreNamedByField) {
  struct Case {
    json entry;
    std::string problem;
  };
  const std::vector<Case> cases = {
      {{{"type", "pager"}, {"url", "https://x.example"}},
       R"(notify[0].type: must be one of webhook, ntfy, gotify, telegram, discord, slack, ping, got "pager")"},
      {{{"type", "telegram"}, {"chat_id", 1}},
       "notify[0].bot_token: is required (or bot_token_file)"},
      {{{"type", "telegram"}, {"bot_token", "1:a"}}, "notify[0].chat_id: is required"},
      {{{"type", "telegram"}, {"bot_token", "1:a"}, {"chat_id", true}},
       R"(notify[0].chat_id: expected a number or an "@channel" name)"},
      {{{"type", "gotify"}, {"url", "https://g.example"}},
       "notify[0].token: is required (or token_file)"},
      {{{"type", "slack"}}, "notify[0].webhook_url: is required"},
      {{{"type", "ntfy"}, {"url", "ftp://ntfy.sh/x"}},
       "notify[0].url: must start with http:// or https://"},
      {{{"type", "webhook"}, {"url", "https://h.example/x"}, {"body", "{ip}"}},
       "notify[0].body: unknown placeholder {ip} (known: {event} {family} {address} {old} "
       "{kind} {subject} {severity} {summary} {action} {at} {host})"},
      {{{"type", "webhook"}, {"url", "https://h.example/x"}, {"method", "GET"}, {"body", "x"}},
       "notify[0].body: a GET sends no body"},
      {{{"type", "webhook"}, {"url", "https://h.example/x"}, {"headers", {"X-A: 1\r\nX-B: 2"}}},
       R"(notify[0].headers[0]: must be "Name: value" on one line)"},
      {{{"type", "ntfy"}, {"url", "https://ntfy.sh/x"}, {"timeout", "0s"}},
       "notify[0].timeout: must be at least 1s"},
      {{{"type", "ping"}, {"url", "https://hc-ping.com/x"}, {"events", {"ip_change"}}},
       "notify[0].events: unknown key"},
      {{{"type", "ntfy"}, {"url", "https://ntfy.sh/"}},
       "notify[0].url: needs the topic: https://ntfy.sh/<topic>"},
      {{{"type", "ntfy"}, {"url", "https://ntfy.sh/t"}, {"token", "a\r\nX-Evil: 1"}},
       "notify[0].token: must be printable, without spaces or slashes"},
      {{{"type", "telegram"}, {"bot_token", "no-colon"}, {"chat_id", 1}},
       "notify[0].bot_token: is not a bot token (<bot id>:<secret>)"},
      {{{"type", "webhook"},
        {"url", "https://h.example/x"},
        {"content_type", "text/plain\r\nX: y"}},
       "notify[0].content_type: must be printable ASCII on one line"},
      {{{"type", "ntfy"}, {"url", "https://ntfy.sh/t"}, {"timeout", "45s"}},
       "notify[0].timeout: 45s is longer than 30s, the most this setting accepts"},
      {{{"type", "slack"}, {"webhook_url", "https://hooks.slack.com/x"}, {"chat_id", 1}},
       "notify[0].chat_id: unknown key"},
  };
  for (const auto& c : cases) {
    auto o = with_notify(c.entry);
    EXPECT_FALSE(o.config) << c.entry.dump();
    auto all = lines(o);
    EXPECT_NE(std::find(all.begin(), all.end(), c.problem), all.end()) << c.entry.dump() << "\n"
                                                                       << joined(o);
  }
}

}  // namespace
}  // namespace ddnsguard::controller::config_testing
