#include "controller/config/config_notify.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "providers/base/text_template.hpp"
#include "providers/net/http_client.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::controller {

using providers::ObjectReader;
using providers::Required;

namespace {

struct KindName {
  NotifyKind kind;
  const char* name;
};
constexpr KindName k_kinds[] = {
    {NotifyKind::webhook, "webhook"}, {NotifyKind::ntfy, "ntfy"},
    {NotifyKind::gotify, "gotify"},   {NotifyKind::telegram, "telegram"},
    {NotifyKind::discord, "discord"}, {NotifyKind::slack, "slack"},
    {NotifyKind::ping, "ping"}};

const std::vector<std::string> k_events = {"ip_change", "anomaly", "daily_summary"};

std::optional<NotifyKind> read_kind(ObjectReader& r) {
  std::vector<std::string> names;
  for (const auto& k : k_kinds)
    names.emplace_back(k.name);
  auto name = r.choice("type", names, Required::yes);
  if (!name) return std::nullopt;
  for (const auto& k : k_kinds) {
    if (*name == k.name) return k.kind;
  }
  return std::nullopt;
}

// `key`'s URL, checked; `endpoint` (when given) replaces its scheme, host and port. Its
// path and query are secrets from the start: a problem message may quote the URL.
std::optional<std::string> read_url(ObjectReader& r, std::string_view key,
                                    const std::optional<std::string>& endpoint,
                                    Required req = Required::yes) {
  auto url = r.string(key, req);
  if (!url) return std::nullopt;
  if (auto after = providers::url_after_origin(*url); !after.empty())
    r.context().secrets.emplace_back(after);
  if (!providers::check_http_url(r, key, *url)) return std::nullopt;
  if (!endpoint) return url;
  return *endpoint + providers::url_after_origin(*url);
}

void read_events(ObjectReader& r, NotifyConfig& n) {
  n.events = r.string_list("events").value_or(std::vector<std::string>{"ip_change", "anomaly"});
  for (std::size_t i = 0; i < n.events.size(); ++i) {
    if (std::find(k_events.begin(), k_events.end(), n.events[i]) == k_events.end()) {
      r.context().problem(
          r.path() / "events" / i,
          fmt::format("unknown event \"{}\" (known: {})", n.events[i], fmt::join(k_events, ", ")));
    }
  }
}

// Extra headers ("Name: value"), any kind: a proxy's or the service's own authentication.
void read_headers(ObjectReader& r, NotifyConfig& n) {
  n.headers = r.string_list("headers").value_or(std::vector<std::string>{});
  for (std::size_t i = 0; i < n.headers.size(); ++i) {
    if (n.headers[i].find(':') == std::string::npos ||
        n.headers[i].find_first_of("\r\n") != std::string::npos)
      r.context().problem(r.path() / "headers" / i, "must be \"Name: value\" on one line");
  }
}

void read_webhook(ObjectReader& r, NotifyConfig& n) {
  n.method = r.choice("method", {"GET", "POST", "PUT", "PATCH"}).value_or("POST");
  n.body = r.string("body");
  if (n.body && n.method == "GET") r.context().problem(r.path() / "body", "a GET sends no body");
  n.content_type = r.string("content_type");
  if (n.content_type && !std::all_of(n.content_type->begin(), n.content_type->end(),
                                     [](char c) { return c >= 0x20 && c < 0x7f; }))
    r.context().problem(r.path() / "content_type", "must be printable ASCII on one line");
  if (!n.body) return;
  for (const auto& w : providers::unknown_placeholders(*n.body, k_notify_placeholders)) {
    r.context().problem(r.path() / "body", fmt::format("unknown placeholder {{{}}} (known: {{{}}})",
                                                       w, fmt::join(k_notify_placeholders, "} {")));
  }
}

// A token that goes into a header or a URL path: printable, no spaces (else a problem).
bool plain_token(ObjectReader& r, std::string_view key, std::string_view token) {
  bool plain = std::all_of(token.begin(), token.end(),
                           [](char c) { return c > 0x20 && c < 0x7f && c != '/'; });
  if (!plain) r.context().problem(r.path() / key, "must be printable, without spaces or slashes");
  return plain;
}

// `url` + `/<what>`, before its query and without a doubled slash (ping URLs).
std::string with_suffix(const std::string& url, const std::string& what) {
  auto q = url.find('?');
  auto base = url.substr(0, q);
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base + "/" + what + (q == std::string::npos ? "" : url.substr(q));
}

// The chat id: Telegram's are numbers ("-1001234567890") or "@channel" names.
std::string read_chat_id(ObjectReader& r) {
  const auto* v = r.raw("chat_id");
  if (v == nullptr) {
    r.context().problem(r.path() / "chat_id", "is required");
    return {};
  }
  if (v->is_number_integer()) return std::to_string(v->get<std::int64_t>());
  if (v->is_string() && !v->get_ref<const std::string&>().empty()) return v->get<std::string>();
  r.context().problem(r.path() / "chat_id", "expected a number or an \"@channel\" name");
  return {};
}

// Reads the fields of preset `kind` into `n`; false when one is missing or wrong.
bool read_preset(ObjectReader& r, NotifyKind kind, NotifyConfig& n) {
  std::optional<std::string> endpoint = r.string("endpoint");
  if (endpoint) {
    if (!providers::check_http_url(r, "endpoint", *endpoint)) return false;
    while (!endpoint->empty() && endpoint->back() == '/')
      endpoint->pop_back();
  }
  std::optional<std::string> url;
  switch (kind) {
  case NotifyKind::ntfy: {
    url = read_url(r, "url", endpoint);
    if (url && providers::url_after_origin(*url).size() < 2) {
      r.context().problem(r.path() / "url", "needs the topic: https://ntfy.sh/<topic>");
      url.reset();
    }
    auto token = r.secret("token", Required::no);
    if (token && plain_token(r, "token", token->reveal()))
      n.headers.push_back(fmt::format("Authorization: Bearer {}", token->reveal()));
    break;
  }
  case NotifyKind::gotify: {
    auto base = read_url(r, "url", endpoint);
    auto token = r.secret("token");
    if (base && token) {
      while (!base->empty() && base->back() == '/')
        base->pop_back();
      url = fmt::format("{}/message?token={}", *base, providers::url_encode(token->reveal()));
    }
    break;
  }
  case NotifyKind::telegram: {
    auto token = r.secret("bot_token");
    n.chat_id = read_chat_id(r);
    if (token && token->reveal().find(':') == std::string_view::npos) {
      r.context().problem(r.path() / "bot_token", "is not a bot token (<bot id>:<secret>)");
      token.reset();
    }
    if (token && plain_token(r, "bot_token", token->reveal())) {
      url = fmt::format("{}/bot{}/sendMessage", endpoint.value_or("https://api.telegram.org"),
                        token->reveal());
    }
    break;
  }
  case NotifyKind::discord:
  case NotifyKind::slack:
    url = read_url(r, "webhook_url", endpoint);
    break;
  case NotifyKind::ping: {
    url = read_url(r, "url", endpoint);
    auto fail = read_url(r, "fail_url", endpoint, Required::no);
    bool start = r.boolean("start").value_or(false);
    if (fail) n.fail_url = *fail;
    if (url && n.fail_url.empty()) n.fail_url = with_suffix(*url, "fail");
    if (url && start) n.start_url = with_suffix(*url, "start");
    break;
  }
  case NotifyKind::webhook:
    break;
  }
  if (!url) return false;
  n.url = *url;
  return true;
}

// The headers of `n`, which may carry a token, for masking (the URLs' paths and queries
// and the tokens are secrets already, from where they were read).
void keep_secrets(providers::ConfigContext& ctx, const NotifyConfig& n) {
  for (const auto& h : n.headers) {
    if (auto value = providers::secret_header_value(h); !value.empty())
      ctx.secrets.emplace_back(value);
  }
}

}  // namespace

std::string_view to_string(NotifyKind kind) {
  for (const auto& k : k_kinds) {
    if (k.kind == kind) return k.name;
  }
  return "webhook";
}

std::optional<NotifyConfig> read_notify_entry(ObjectReader& r) {
  auto kind = read_kind(r);
  if (!kind) return std::nullopt;
  NotifyConfig n;
  n.kind = *kind;
  auto before = r.context().problems.size();
  if (*kind != NotifyKind::ping) read_events(r, n);
  read_headers(r, n);
  // At most 30 s: a flush waits for its slowest target, the service watchdog for the pass.
  if (auto t = r.duration("timeout", Required::no, std::chrono::seconds{30})) {
    n.timeout = *t;
    if (*t < std::chrono::seconds{1})
      r.context().problem(r.path() / "timeout", "must be at least 1s");
  }
  if (*kind == NotifyKind::webhook) {
    if (auto url = read_url(r, "url", std::nullopt)) n.url = *url;
    read_webhook(r, n);
  } else {
    read_preset(r, *kind, n);
  }
  if (r.context().problems.size() != before || n.url.empty()) return std::nullopt;
  keep_secrets(r.context(), n);
  return n;
}

}  // namespace ddnsguard::controller
