#include "controller/sim/trace.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include <date/date.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "controller/platform/local_time.hpp"
#include "providers/base/address.hpp"

namespace ddnsguard::controller {

using providers::ConfigContext;
using providers::JsonPath;
using providers::ObjectReader;
using providers::Required;

namespace {

std::optional<providers::Clock::time_point> parse_time(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  char z = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &sec, &z) != 7 ||
      z != 'Z' || s.size() != 20) {
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  auto t = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
           std::chrono::seconds{sec};
  return std::chrono::time_point_cast<providers::Clock::duration>(t);
}

void read_header(ObjectReader& r, Trace& trace) {
  if (auto s = r.string("start", Required::yes)) {
    if (auto t = parse_time(*s)) {
      trace.start = *t;
    } else {
      r.context().problem(r.path() / "start", "expected \"YYYY-MM-DDThh:mm:ssZ\"");
    }
  }
  trace.tz = r.string_or("tz", "UTC");
  if (auto zone = make_local_time(trace.tz); !zone) {
    r.context().problem(r.path() / "tz", zone.error().message);
  }
  if (auto p = r.string_list("providers")) {
    if (p->empty()) r.context().problem(r.path() / "providers", "needs at least one provider");
    trace.providers = *p;
  }
  r.finish();
}

std::optional<std::string> read_address(ObjectReader& r, std::string_view key,
                                        providers::Family family) {
  auto s = r.string(key);
  if (s && !providers::Address::parse(*s, family)) {
    r.context().problem(r.path() / key, fmt::format("\"{}\" is not an {} address", *s,
                                                    providers::to_string(family)));
    return std::nullopt;
  }
  return s;
}

void read_fault(ObjectReader& r, TraceEvent& e) {
  TraceFault f;
  f.target = r.string("target", Required::yes).value_or("");
  f.kind =
      r.choice("kind", {"error", "latency", "auth", "wrong_ip", "timeout", "silent"}, Required::yes)
          .value_or("");
  if (const auto* v = r.raw("value")) f.value = v->is_string() ? v->get<std::string>() : v->dump();
  f.duration_s = r.integer("for", 1, std::int64_t{1} << 40, Required::yes).value_or(0);
  if (f.target.rfind("provider:", 0) != 0 && f.target.rfind("source:", 0) != 0) {
    r.context().problem(r.path() / "target", "must be \"provider:<name>\" or \"source:<index>\"");
  }
  r.finish();
  e.fault = f;
}

void read_event(ObjectReader& r, TraceEvent& e) {
  e.t = r.integer("t", 0, std::int64_t{1} << 40, Required::yes).value_or(0);
  e.ip4 = read_address(r, "ip4", providers::Family::ipv4);
  e.ip6 = read_address(r, "ip6", providers::Family::ipv6);
  if (const auto* f = r.raw("fault")) {
    ObjectReader fr(*f, r.path() / "fault", r.context());
    if (fr.ok()) read_fault(fr, e);
  }
  if (const auto* d = r.raw("drift")) {
    ObjectReader dr(*d, r.path() / "drift", r.context());
    if (dr.ok()) {
      auto rec = dr.string("record", Required::yes);
      auto val = dr.string("value", Required::yes);
      dr.finish();
      if (rec && val) e.drift = std::make_pair(*rec, *val);
    }
  }
  if (auto n = r.choice("network", {"up", "down"})) e.network_up = *n == "up";
  r.finish();
}

}  // namespace

std::optional<Trace> parse_trace(std::string_view text,
                                 std::vector<providers::ConfigProblem>& problems) {
  Trace trace;
  auto env = providers::ConfigEnv{};
  env.getenv = [](std::string_view) { return std::optional<std::string>{}; };
  bool header = false;
  std::size_t line_no = 0;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto at = JsonPath{} / fmt::format("line {}", line_no);
    auto j = nlohmann::json::parse(line, nullptr, false);
    ConfigContext ctx{env, problems};
    if (j.is_discarded()) {
      ctx.problem(at, "not valid JSON");
      continue;
    }
    ObjectReader r(j, at, ctx);
    if (!r.ok()) continue;
    if (!header) {
      read_header(r, trace);
      header = true;
      continue;
    }
    TraceEvent e;
    read_event(r, e);
    trace.has_ip4 = trace.has_ip4 || e.ip4.has_value();
    trace.has_ip6 = trace.has_ip6 || e.ip6.has_value();
    trace.events.push_back(std::move(e));
  }
  if (!header) problems.push_back({"", "empty trace: the first line must be the header"});
  std::stable_sort(trace.events.begin(), trace.events.end(),
                   [](const auto& a, const auto& b) { return a.t < b.t; });
  if (problems.empty() && !trace.has_ip4 && !trace.has_ip6) {
    problems.push_back({"", "the trace never gives an ip4 or ip6 address"});
  }
  if (!problems.empty()) return std::nullopt;
  return trace;
}

}  // namespace ddnsguard::controller
