#pragma once
// Reconciler tests in virtual time: a fixed address source, scripted providers (readable or
// write-only, failing on demand) and a fixture with one A record on providers "a" (and "b").

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <spdlog/sinks/null_sink.h>

#include "controller/loop/reconciler.hpp"
#include "controller/store/history_store.hpp"

namespace ddnsguard::controller::reconciler_testing {

using namespace std::chrono_literals;
using providers::Address;
using providers::Error;
using providers::ErrorClass;
using providers::Family;

class FixedSource final : public providers::AddressSource {
 public:
  std::string address = "203.0.113.7";
  std::string address6 = "2001:db8::7";
  providers::ManualClock* clock = nullptr;  // with `takes`: a slow source in virtual time
  std::chrono::milliseconds takes{0};
  bool prefix = false;  // reports a delegated prefix (address6 is its network address)
  std::string describe() const override { return "fixed"; }
  bool reports_prefix() const override { return prefix; }
  providers::Result<Address> fetch(Family f, std::chrono::milliseconds) override {
    if (clock != nullptr) clock->advance(takes);
    return *Address::parse(f == Family::ipv4 ? address : address6);
  }
  bool instant() const override { return true; }
};

class ScriptedProvider final : public providers::Provider {
 public:
  ScriptedProvider(std::string name, providers::Clock& clock, bool readable)
      : Provider(std::move(name)), m_clock(clock), m_readable(readable) {}
  std::string_view type() const override { return "scripted"; }
  std::string describe() const override { return "scripted"; }
  bool can_read() const override { return m_readable; }

  std::optional<Error> fail_all;        // every call fails so
  std::deque<Error> next_update_fails;  // the next updates fail so, in turn
  std::optional<Error> fail_reads;      // reads of `fail_reads_of` (a record subject) fail so
  std::string fail_reads_of;
  int reads = 0;
  std::map<std::string, int> reads_of;  // by record subject
  std::vector<TimePoint> update_times;
  std::optional<Address> held;
  std::optional<Address> held6;

 protected:
  providers::Result<std::optional<Address>> do_read(const providers::Record& r) override {
    ++reads;
    ++reads_of[r.subject()];
    if (fail_all) return tl::unexpected(*fail_all);
    if (fail_reads && r.subject() == fail_reads_of) return tl::unexpected(*fail_reads);
    return r.family == Family::ipv4 ? held : held6;
  }
  providers::Result<void> do_update(const providers::Record&, const Address& a) override {
    update_times.push_back(m_clock.now());
    if (fail_all) return tl::unexpected(*fail_all);
    if (!next_update_fails.empty()) {
      auto e = next_update_fails.front();
      next_update_fails.pop_front();
      return tl::unexpected(e);
    }
    (a.family() == Family::ipv4 ? held : held6) = a;
    return {};
  }

 private:
  providers::Clock& m_clock;
  bool m_readable;
};

// Name servers that answer `held` for every record (nullopt: none answers).
class FakeAuthoritative final : public providers::AuthoritativeDns {
 public:
  std::vector<providers::AuthoritativeAnswer> query(const providers::Record&,
                                                    providers::SilentServers*) override {
    ++asked;
    providers::AuthoritativeAnswer a;
    a.server = "192.0.2.53:53";
    if (held) {
      a.addresses = std::vector<Address>{*Address::parse(*held)};
    } else {
      a.addresses = providers::fail(ErrorClass::transient, "timed out");
    }
    return {a};
  }
  std::optional<std::string> held = "203.0.113.7";
  int asked = 0;
};

class ReconcilerFixture : public ::testing::Test {
 protected:
  // Providers "a" and "b" for one A record; `failover` picks the mode.
  void build(bool failover, bool readable = true) {
    add_source(Family::ipv4);
    m_config.sources.quorum = 1;
    m_config.sources.allow_private = providers::AllowPrivate::yes;
    for (const char* n : {"a", "b"})
      add_provider(n, readable);
    RecordConfig rc;
    rc.record = {"home.example.com", Family::ipv4, 60};
    rc.providers = failover ? std::vector<std::string>{"a", "b"} : std::vector<std::string>{"a"};
    rc.mode = failover ? UpdateMode::failover : UpdateMode::all;
    m_config.records.push_back(rc);
    reload();
  }
  void reload() {  // what SIGHUP does: a new reconciler with fresh provider health
    m_reconciler = std::make_unique<Reconciler>(ReconcilerParts{.config = m_config,
                                                                .connections = m_live,
                                                                .store = *m_store,
                                                                .clock = m_clock,
                                                                .log = m_log,
                                                                .dns = m_dns,
                                                                .sequential = true});
  }
  // m_source as one of `family`'s sources: configured (its spec) and live. Set what the
  // source reports (a prefix) before: the spec notes it.
  void add_source(Family family) {
    auto& specs = family == Family::ipv4 ? m_config.sources.ipv4 : m_config.sources.ipv6;
    providers::SourcePtr source = m_source;
    specs.push_back({source->describe(), source->reports_prefix(), source->prefix_length(),
                     [source](const providers::SourceDeps&) { return source; }});
    (family == Family::ipv4 ? m_live.ipv4 : m_live.ipv6).push_back(source);
  }
  // A scripted provider `name`, live (and in m_p).
  void add_provider(const std::string& name, bool readable) {
    auto p = std::make_unique<ScriptedProvider>(name, m_clock, readable);
    m_p[name] = p.get();
    m_live.providers[name] = std::move(p);  // replaces one of that name
  }
  PassReport pass_after(std::chrono::milliseconds d) {
    m_clock.advance(d);
    return m_reconciler->reconcile_once(DryRun::no);
  }
  // A second record served by provider `b` alone: there `b` is authoritative.
  void add_record_on_b(const std::string& name) {
    RecordConfig rc;
    rc.record = {name, Family::ipv4, 60};
    rc.providers = {"b"};
    rc.mode = UpdateMode::all;
    m_config.records.push_back(rc);
    reload();
  }
  int calls(const std::string& provider, CallKind kind, TimePoint at) {
    int n = 0;
    for (const auto& c : m_store->provider_calls(TimePoint{}))
      n += c.provider == provider && c.call == kind && c.at == at ? 1 : 0;
    return n;
  }
  std::vector<Decision> failovers() {
    std::vector<Decision> out;
    for (auto& d : m_store->decisions(TimePoint{}))
      if (d.kind == DecisionKind::failover) out.push_back(d);
    return out;
  }

  providers::ManualClock m_clock{TimePoint{std::chrono::seconds{1767225600}}};
  std::shared_ptr<FixedSource> m_source = std::make_shared<FixedSource>();
  std::shared_ptr<spdlog::logger> m_log =
      std::make_shared<spdlog::logger>("t", std::make_shared<spdlog::sinks::null_sink_mt>());
  std::unique_ptr<HistoryStore> m_store = HistoryStore::in_memory(nullptr);
  Config m_config;
  Connections m_live;  // what the reconciler uses: m_source, the scripted providers
  std::map<std::string, ScriptedProvider*> m_p;
  std::unique_ptr<Reconciler> m_reconciler;
  std::shared_ptr<providers::AuthoritativeDns> m_dns;  // null: no verification
};

}  // namespace ddnsguard::controller::reconciler_testing
