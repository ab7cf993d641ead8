#include "providers/dns/provider_webhook.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "providers/base/text_template.hpp"
#include "providers/dns/provider_http_status.hpp"
#include "providers/net/url_check.hpp"

namespace ddnsguard::providers {

namespace {

const std::vector<std::string> k_placeholders = {"name", "type", "address", "ttl"};

std::string encode_url_value(std::string_view v) {
  return url_encode(v);
}

}  // namespace

std::vector<std::string> unknown_placeholders(std::string_view text) {
  return unknown_placeholders(text, k_placeholders);
}

WebhookProvider::WebhookProvider(std::string name, std::shared_ptr<const WebhookOptions> options,
                                 ProviderDeps deps)
    : Provider(std::move(name), std::move(deps)), m_opt(std::move(options)) {}

std::string WebhookProvider::describe() const {
  return fmt::format("webhook {} {} body={} headers={}", m_opt->method, url_origin(m_opt->url),
                     m_opt->body ? "template" : "none", m_opt->headers.size());
}

namespace {

// The URL template with every placeholder filled, so it can be checked as a URL.
std::string with_sample_values(std::string_view url) {
  std::map<std::string, std::string> sample;
  for (const auto& p : k_placeholders)
    sample[p] = "x";
  return expand_template(url, sample, nullptr);
}

// A webhook's headers ("never logged") and the path and query of its URL often carry a
// token: all are masked wherever a reply echoes them (the URL's literal runs between
// placeholders, as they appear once expanded). Content-Type and Accept are not secret.
void keep_secret_parts(ConfigContext& ctx, const std::string& url,
                       const std::vector<std::string>& headers) {
  for (auto& run : literal_runs(url_after_origin(url)))
    ctx.secrets.emplace_back(run);
  for (const auto& h : headers) {
    if (auto value = secret_header_value(h); !value.empty()) ctx.secrets.emplace_back(value);
  }
}

}  // namespace

std::optional<ProviderSpec> WebhookProvider::parse(const std::string& name, ObjectReader& r) {
  WebhookOptions o;
  auto url = r.string("url", Required::yes);
  o.body = r.string("body");
  auto method = r.choice("method", {"GET", "POST", "PUT", "PATCH"});
  o.method = method.value_or(o.body ? "POST" : "GET");
  o.content_type = r.string("content_type");
  o.headers = r.string_list("headers").value_or(std::vector<std::string>{});
  if (auto s = r.integer("success_status", 100, 599)) o.success_status = *s;
  o.success_body = r.string("success_body");
  bool good = url.has_value();
  if (url && !check_http_url(r, "url", with_sample_values(*url))) good = false;
  auto check = [&](const char* key, const std::optional<std::string>& text) {
    if (!text) return;
    for (const auto& w : unknown_placeholders(*text)) {
      r.context().problem(r.path() / key,
                          fmt::format("unknown placeholder {{{}}} (known: {{name}} {{type}} "
                                      "{{address}} {{ttl}})",
                                      w));
      good = false;
    }
  };
  check("url", url);
  check("body", o.body);
  for (std::size_t i = 0; i < o.headers.size(); ++i) {
    if (o.headers[i].find(':') == std::string::npos) {
      r.context().problem(r.path() / "headers" / i, "must be \"Name: value\"");
      good = false;
    }
  }
  if (!good) return std::nullopt;
  keep_secret_parts(r.context(), *url, o.headers);
  o.url = *url;
  return spec_of<WebhookProvider>(name, std::move(o));
}

Result<std::optional<Address>> WebhookProvider::do_read(const Record&) {
  return fail(ErrorClass::config, "a webhook cannot read records back");
}

Result<void> WebhookProvider::do_update(const Record& rec, const Address& addr) {
  std::map<std::string, std::string> values = {{"name", rec.name},
                                               {"type", std::string(rec.type())},
                                               {"address", addr.to_string()},
                                               {"ttl", std::to_string(rec.ttl)}};
  HttpRequest req;
  req.method = m_opt->method;
  req.url = expand_template(m_opt->url, values, &encode_url_value);
  req.timeout = timeout();
  req.headers = m_opt->headers;
  if (m_opt->body) {
    req.body = expand_template(*m_opt->body, values);
    bool json = nlohmann::json::accept(req.body);
    req.headers.push_back("Content-Type: " +
                          m_opt->content_type.value_or(json ? "application/json"
                                                            : "application/x-www-form-urlencoded"));
  }
  auto resp = http().send(req);
  if (!resp) return tl::unexpected(resp.error());
  if (m_opt->success_status && resp->status != *m_opt->success_status) {
    if (auto e = classify_http_status(*resp, "webhook", body_excerpt(resp->body))) {
      return tl::unexpected(*e);
    }
    return fail(ErrorClass::invalid_response,
                fmt::format("webhook: HTTP {}, expected {}", resp->status, *m_opt->success_status));
  }
  if (auto e = classify_http_status(*resp, "webhook", body_excerpt(resp->body))) {
    return tl::unexpected(*e);
  }
  if (m_opt->success_body && resp->body.find(*m_opt->success_body) == std::string::npos) {
    return fail(ErrorClass::invalid_response,
                fmt::format("webhook: HTTP {} but the body lacks \"{}\": {}", resp->status,
                            *m_opt->success_body, body_excerpt(resp->body)));
  }
  return {};
}

}  // namespace ddnsguard::providers
