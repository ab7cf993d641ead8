#include "providers/net/redactor.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <nlohmann/json.hpp>

#include "providers/net/http_client.hpp"
#include "providers/net/signing.hpp"

namespace ddnsguard::providers {

namespace {

constexpr std::string_view k_mask = "***";

std::string lower_hex_escapes(std::string text) {
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] != '%') continue;
    for (std::size_t j = i + 1; j <= i + 2; ++j)
      text[j] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[j])));
  }
  return text;
}

std::string replaced(std::string text, std::string_view from, std::string_view to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// The ways `secret` can appear in a reply, a URL or a header besides itself.
std::vector<std::string> forms_of(std::string_view secret) {
  std::vector<std::string> out{std::string(secret)};
  auto b64 = base64(secret);
  out.push_back(b64);
  out.push_back(b64.substr(0, b64.find_last_not_of('=') + 1));
  out.push_back(replaced(replaced(out.back(), "+", "-"), "/", "_"));  // base64url
  auto url = url_encode(secret);
  out.push_back(url);
  out.push_back(lower_hex_escapes(url));
  out.push_back(replaced(url, "%20", "+"));  // form encoding
  auto json = nlohmann::json(std::string(secret))
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.push_back(json.substr(1, json.size() - 2));
  return out;
}

}  // namespace

void Redactor::add(std::string_view secret) {
  if (secret.size() < k_shortest) return;
  auto forms = forms_of(secret);
  std::unique_lock lock(m_mutex);
  for (auto& f : forms) {
    if (!f.empty() && std::find(m_forms.begin(), m_forms.end(), f) == m_forms.end())
      m_forms.push_back(std::move(f));
  }
  std::stable_sort(m_forms.begin(), m_forms.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

// A secret cut short (a reply's excerpt ends inside it): from where its first
// k_head_length characters appear, as much of it as follows is masked.
std::string without_cut_forms(std::string text, const std::string& form) {
  constexpr std::size_t k_head_length = 8;
  if (form.size() < k_head_length) return text;
  const std::string_view head(form.data(), k_head_length);
  for (auto pos = text.find(head); pos != std::string::npos; pos = text.find(head, pos + 1)) {
    std::size_t n = k_head_length;
    while (pos + n < text.size() && n < form.size() && text[pos + n] == form[n])
      ++n;
    text.replace(pos, n, k_mask);
  }
  return text;
}

std::string Redactor::mask(std::string_view text) const {
  std::string out(text);
  std::shared_lock lock(m_mutex);
  for (const auto& f : m_forms)
    out = replaced(std::move(out), f, k_mask);
  for (const auto& f : m_forms)
    out = without_cut_forms(std::move(out), f);
  return out;
}

bool Redactor::empty() const {
  std::shared_lock lock(m_mutex);
  return m_forms.empty();
}

}  // namespace ddnsguard::providers
