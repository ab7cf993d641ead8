// The request each kind of notify target gets, as that service documents it (README
// "Notifications"), and the text a person reads.

#include <gtest/gtest.h>

#include "controller/loop/notify_message.hpp"

namespace ddnsguard::controller {
namespace {

using nlohmann::json;

const json k_change = {{"event", "ip_change"},
                       {"family", "ipv4"},
                       {"address", "203.0.113.7"},
                       {"old", "198.51.100.1"},
                       {"at", "2026-12-06T03:00:00Z"}};
const json k_anomaly = {{"event", "anomaly_opened"},
                        {"kind", "auth_failure"},
                        {"subject", "provider:cf"},
                        {"severity", "critical"},
                        {"summary", "cf rejected the token: \"bad\"\r\nInjected: header"},
                        {"action", "renew the token"},
                        {"at", "2026-12-06T03:00:00Z"}};

NotifyConfig target(NotifyKind kind, std::string url) {
  NotifyConfig t;
  t.kind = kind;
  t.url = std::move(url);
  return t;
}

bool has(const std::vector<std::string>& headers, const std::string& h) {
  return std::find(headers.begin(), headers.end(), h) != headers.end();
}

TEST(NotifyText, SaysWhatChangedAndWhatToDo) {
  auto t = notify_text(k_change, "nas");
  EXPECT_EQ(t.title, "nas: IPv4 address changed");
  EXPECT_EQ(t.message, "The public IPv4 address of nas is now 203.0.113.7 (was 198.51.100.1).");
  auto a = notify_text(k_anomaly, "nas");
  EXPECT_EQ(a.title, "nas: critical auth_failure on provider:cf");
  EXPECT_NE(a.message.find("What to do: renew the token"), std::string::npos);
  EXPECT_EQ(a.priority, 5);
  auto first = k_change;
  first["old"] = nullptr;
  EXPECT_EQ(notify_text(first, "nas").message,
            "The public IPv4 address of nas is now 203.0.113.7.");
}

TEST(IpChangeEvent, SaysWhatChangedAndWhetherItIsAPrefix) {
  const providers::Clock::time_point at{std::chrono::seconds{1767225600}};
  auto v6 = ip_change_event(providers::Family::ipv6, "2001:db8:42::", "2001:db8:41::", at, true);
  EXPECT_EQ(v6["event"], "ip_change");
  EXPECT_EQ(v6["family"], "ipv6");
  EXPECT_EQ(v6["address"], "2001:db8:42::");
  EXPECT_EQ(v6["old"], "2001:db8:41::");
  EXPECT_EQ(v6["at"], "2026-01-01T00:00:00Z");
  EXPECT_EQ(v6["prefix"], true);
  auto first = ip_change_event(providers::Family::ipv4, "203.0.113.8", "", at, false);
  EXPECT_TRUE(first["old"].is_null());  // the first address seen
  EXPECT_FALSE(first.contains("prefix"));
}

TEST(NotifyText, APrefixIsCalledAPrefix) {
  auto change = k_change;
  change["family"] = "ipv6";
  change["address"] = "2001:db8:42::";
  change["old"] = "2001:db8:41::";
  change["prefix"] = true;
  auto t = notify_text(change, "nas");
  EXPECT_EQ(t.title, "nas: IPv6 prefix changed");
  EXPECT_EQ(t.message, "The public IPv6 prefix of nas is now 2001:db8:42:: (was 2001:db8:41::).");
  change["prefix"] = "yes";  // not a boolean: an address, as before
  EXPECT_EQ(notify_text(change, "nas").title, "nas: IPv6 address changed");
}

TEST(NotifyText, OutsideTextIsBoundedAndTitlesStayOnOneLine) {
  auto e = k_anomaly;
  e["kind"] = "x\r\nBcc: y";
  e["summary"] = "bad \xff byte " + std::string(5000, 'a');
  auto t = notify_text(e, "nas");
  EXPECT_EQ(t.title.find_first_of("\r\n"), std::string::npos);
  EXPECT_LE(t.message.size(), k_notify_max_text);
  EXPECT_EQ(t.message.rfind("bad \xef\xbf\xbd byte", 0), 0u) << "invalid UTF-8 replaced";
  auto d = json::parse(notify_request(target(NotifyKind::discord, "https://d/x"), e, "nas").body);
  EXPECT_LE(d["content"].get<std::string>().size() + 0, 2000u) << "Discord's limit";
}

TEST(NotifyRequest, NtfyPostsTextWithTitlePriorityAndTags) {
  auto t = target(NotifyKind::ntfy, "https://ntfy.sh/home");
  t.headers = {"Authorization: Bearer tk"};
  auto r = notify_request(t, k_anomaly, "nas");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://ntfy.sh/home");
  EXPECT_TRUE(has(r.headers, "Title: nas: critical auth_failure on provider:cf"));
  EXPECT_TRUE(has(r.headers, "Priority: 5"));
  EXPECT_TRUE(has(r.headers, "Tags: ddnsguard,anomaly_opened"));
  EXPECT_TRUE(has(r.headers, "Authorization: Bearer tk"));
  EXPECT_EQ(r.body.rfind("cf rejected the token", 0), 0u);
  for (const auto& h : r.headers)
    EXPECT_EQ(h.find_first_of("\r\n"), std::string::npos) << h;
}

TEST(NotifyRequest, GotifyTelegramDiscordAndSlackPostJson) {
  auto g = notify_request(target(NotifyKind::gotify, "https://g/message?token=t"), k_change, "h");
  EXPECT_EQ(
      json::parse(g.body),
      json({{"title", "h: IPv4 address changed"},
            {"message", "The public IPv4 address of h is now 203.0.113.7 (was 198.51.100.1)."},
            {"priority", 5}}));
  EXPECT_TRUE(has(g.headers, "Content-Type: application/json"));

  auto tg = target(NotifyKind::telegram, "https://api.telegram.org/bot1:a/sendMessage");
  tg.chat_id = "-100";
  auto t = json::parse(notify_request(tg, k_change, "h").body);
  EXPECT_EQ(t["chat_id"], "-100");
  EXPECT_EQ(t["text"].get<std::string>().rfind("h: IPv4 address changed\n", 0), 0u);

  auto d =
      json::parse(notify_request(target(NotifyKind::discord, "https://d/x"), k_change, "h").body);
  EXPECT_EQ(d["allowed_mentions"]["parse"], json::array()) << "no @everyone from outside text";
  EXPECT_TRUE(d["content"].is_string());

  auto e = k_anomaly;
  e["summary"] = "<!channel> & <http://evil|click>";
  auto s = json::parse(notify_request(target(NotifyKind::slack, "https://s/x"), e, "h").body);
  EXPECT_NE(s["text"].get<std::string>().find("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;"),
            std::string::npos);
}

TEST(NotifyRequest, AWebhookWithoutABodyPostsTheEventAsJson) {
  auto r = notify_request(target(NotifyKind::webhook, "https://w/x"), k_change, "nas");
  auto body = json::parse(r.body);
  EXPECT_EQ(body["event"], "ip_change");
  EXPECT_EQ(body["old"], "198.51.100.1");
  EXPECT_EQ(body["host"], "nas");
  EXPECT_TRUE(has(r.headers, "Content-Type: application/json"));
}

TEST(NotifyRequest, AJsonTemplateEscapesEveryValue) {
  auto t = target(NotifyKind::webhook, "https://w/x");
  t.body = R"({"text": "{host}: {summary}", "kind": "{kind}"})";
  auto r = notify_request(t, k_anomaly, "nas");
  ASSERT_TRUE(json::accept(r.body)) << r.body;
  EXPECT_EQ(json::parse(r.body)["text"], "nas: " + k_anomaly["summary"].get<std::string>());
  EXPECT_TRUE(has(r.headers, "Content-Type: application/json"));
}

TEST(NotifyRequest, FormAndTextTemplatesAreEncodedForTheirType) {
  auto t = target(NotifyKind::webhook, "https://w/x");
  t.body = "msg={summary}&host={host}";
  t.content_type = "application/x-www-form-urlencoded";
  auto form = notify_request(t, k_change, "a b").body;
  EXPECT_EQ(form, "msg=&host=a%20b");
  t.body = "{event} {address} was {old}";
  t.content_type.reset();
  auto text = notify_request(t, k_change, "h");
  EXPECT_EQ(text.body, "ip_change 203.0.113.7 was 198.51.100.1");
  EXPECT_TRUE(has(text.headers, "Content-Type: text/plain; charset=utf-8"));
  t.method = "GET";
  t.body.reset();
  EXPECT_EQ(notify_request(t, k_change, "h").body, "");
}

TEST(NotifyRequest, PingsGetTheirUrls) {
  auto t = target(NotifyKind::ping, "https://hc-ping.com/u");
  t.fail_url = "https://hc-ping.com/u/fail";
  t.start_url = "https://hc-ping.com/u/start";
  EXPECT_EQ(ping_request(t, PingKind::success).url, "https://hc-ping.com/u");
  EXPECT_EQ(ping_request(t, PingKind::fail).url, "https://hc-ping.com/u/fail");
  EXPECT_EQ(ping_request(t, PingKind::start).url, "https://hc-ping.com/u/start");
  EXPECT_EQ(ping_request(t, PingKind::fail).method, "GET");
}

}  // namespace
}  // namespace ddnsguard::controller
