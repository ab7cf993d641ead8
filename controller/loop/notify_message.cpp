#include "controller/loop/notify_message.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "providers/base/safe_text.hpp"
#include "providers/base/text_template.hpp"

namespace ddnsguard::controller {

namespace {

std::string field(const nlohmann::json& event, const char* key) {
  auto it = event.find(key);
  if (it == event.end() || !it->is_string()) return {};
  return providers::valid_utf8(it->get_ref<const std::string&>());
}

// `text` cut to at most `max` bytes, not inside a UTF-8 sequence.
std::string bounded(std::string text, std::size_t max) {
  if (text.size() <= max) return text;
  auto cut = max - 3;  // room for the ellipsis
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  text.resize(cut);
  return text + "…";
}

// A header-safe line: printable ASCII only (a reply's text could hold CR LF).
std::string header_line(std::string_view text) {
  return providers::printable_ascii(text, 200);
}

std::string family_name(const std::string& family) {
  return family == "ipv6" ? "IPv6" : family == "ipv4" ? "IPv4" : family;
}

NotifyText text_of(const nlohmann::json& event, const std::string& host) {
  auto name = field(event, "event");
  if (name == "ip_change") {
    auto fam = family_name(field(event, "family"));
    auto old = field(event, "old");
    auto flag = event.find("prefix");
    const bool prefix = flag != event.end() && flag->is_boolean() && flag->get<bool>();
    const char* what = prefix ? "prefix" : "address";
    return {fmt::format("{}: {} {} changed", host, fam, what),
            fmt::format("The public {} {} of {} is now {}{}.", fam, what, host,
                        field(event, "address"), old.empty() ? "" : " (was " + old + ")"),
            3};
  }
  if (name == "anomaly_opened") {
    auto severity = field(event, "severity");
    auto action = field(event, "action");
    return {fmt::format("{}: {} {} on {}", host, severity, field(event, "kind"),
                        field(event, "subject")),
            field(event, "summary") + (action.empty() ? "" : "\nWhat to do: " + action),
            severity == "critical"  ? 5
            : severity == "warning" ? 4
                                    : 3};
  }
  if (name == "anomaly_closed") {
    return {
        fmt::format("{}: resolved {} on {}", host, field(event, "kind"), field(event, "subject")),
        fmt::format("The {} anomaly on {} is over.", field(event, "kind"), field(event, "subject")),
        2};
  }
  if (name == "daily_summary") {
    return {fmt::format("{}: ddnsguard daily summary", host), field(event, "summary"), 2};
  }
  return {fmt::format("{}: ddnsguard test notification", host),
          fmt::format("This is a test message from ddnsguard on {}: this target works.", host), 3};
}

// `v` as the inside of a JSON string (no quotes), so a template "{summary}" stays JSON.
std::string json_inside(std::string_view v) {
  auto quoted = providers::dump_json(nlohmann::json(std::string(v)));
  return quoted.substr(1, quoted.size() - 2);
}

std::string form_value(std::string_view v) {
  return providers::url_encode(v);
}

// Slack reads <...> as links and mentions: its three control characters are escaped.
std::string slack_escaped(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

// Adds Content-Type unless the target's own headers set one.
void add_content_type(providers::HttpRequest& req, const std::string& type) {
  for (const auto& h : req.headers) {
    std::string name = h.substr(0, h.find(':'));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "content-type") return;
  }
  req.headers.push_back("Content-Type: " + type);
}

bool is_json_type(std::string_view content_type) {
  return content_type.find("json") != std::string_view::npos;
}

void webhook_body(const NotifyConfig& t, const nlohmann::json& event, const std::string& host,
                  providers::HttpRequest& req) {
  if (t.method == "GET") return;
  if (!t.body) {
    auto body = event;
    body["host"] = host;
    req.body = providers::dump_json(body);
    add_content_type(req, t.content_type.value_or("application/json"));
    return;
  }
  auto values = notify_values(event, host);
  auto sample = values;
  for (auto& [k, v] : sample)
    v = "x";
  auto type =
      t.content_type.value_or(nlohmann::json::accept(providers::expand_template(*t.body, sample))
                                  ? "application/json"
                                  : "text/plain; charset=utf-8");
  auto encode = is_json_type(type)                                        ? &json_inside
                : type.find("x-www-form-urlencoded") != std::string::npos ? &form_value
                                                                          : nullptr;
  req.body = providers::expand_template(*t.body, values, encode);
  add_content_type(req, type);
}

}  // namespace

NotifyText notify_text(const nlohmann::json& event, const std::string& host) {
  auto t = text_of(event, host);
  t.title = header_line(t.title);
  t.message = bounded(std::move(t.message), k_notify_max_text);
  return t;
}

std::map<std::string, std::string> notify_values(const nlohmann::json& event,
                                                 const std::string& host) {
  std::map<std::string, std::string> v;
  for (const auto& key : k_notify_placeholders)
    v[key] = key == "host" ? host : field(event, key.c_str());
  return v;
}

providers::HttpRequest notify_request(const NotifyConfig& t, const nlohmann::json& event,
                                      const std::string& host) {
  providers::HttpRequest req;
  req.method = t.method;
  req.url = t.url;
  req.timeout = t.timeout;
  req.headers = t.headers;
  auto text = notify_text(event, host);
  auto json_body = [&](const nlohmann::json& body) {
    req.method = "POST";
    req.body = providers::dump_json(body);
    add_content_type(req, "application/json");
  };
  switch (t.kind) {
  case NotifyKind::webhook:
    webhook_body(t, event, host, req);
    break;
  case NotifyKind::ntfy:
    req.method = "POST";
    req.body = text.message;
    req.headers.push_back("Title: " + text.title);
    req.headers.push_back(fmt::format("Priority: {}", text.priority));
    req.headers.push_back("Tags: ddnsguard," + header_line(field(event, "event")));
    break;
  case NotifyKind::gotify:
    json_body(
        {{"title", text.title}, {"message", text.message}, {"priority", text.priority * 2 - 1}});
    break;
  case NotifyKind::telegram:
    json_body({{"chat_id", t.chat_id}, {"text", text.title + "\n" + text.message}});
    break;
  case NotifyKind::discord:
    // No @everyone or role pings from text that came from outside.
    json_body({{"content", text.title + "\n" + text.message},
               {"allowed_mentions", {{"parse", nlohmann::json::array()}}}});
    break;
  case NotifyKind::slack:
    json_body({{"text", slack_escaped(text.title + "\n" + text.message)}});
    break;
  case NotifyKind::ping:
    return ping_request(t, PingKind::success);
  }
  return req;
}

providers::HttpRequest ping_request(const NotifyConfig& t, PingKind kind) {
  providers::HttpRequest req;
  req.method = "GET";
  req.timeout = t.timeout;
  req.url = kind == PingKind::fail    ? t.fail_url
            : kind == PingKind::start ? t.start_url.value_or(t.url)
                                      : t.url;
  return req;
}

nlohmann::json ip_change_event(providers::Family family, const std::string& address,
                               const std::string& old, providers::Clock::time_point at,
                               bool prefix) {
  nlohmann::json event = {{"event", "ip_change"},
                          {"family", std::string(providers::to_string(family))},
                          {"address", address},
                          {"old", old.empty() ? nlohmann::json() : nlohmann::json(old)},
                          {"at", providers::format_rfc3339(at)}};
  if (prefix) event["prefix"] = true;
  return event;
}

}  // namespace ddnsguard::controller
