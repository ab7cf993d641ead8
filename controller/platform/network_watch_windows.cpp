// Windows network watch: NotifyIpInterfaceChange and NotifyUnicastIpAddressChange wake a
// thread; after a burst settles, the host's unicast addresses are listed and compared with
// the last snapshot, and only a real difference counts as a change. The same thread looks
// for a wake from sleep every ResumeCheck::every.

#include <winsock2.h>
#include <ws2tcpip.h>
// after winsock2.h
#include <iphlpapi.h>
#include <netioapi.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "controller/platform/network_watch.hpp"

namespace ddnsguard::controller {

namespace {

using Snapshot = std::set<std::string>;
using namespace std::chrono_literals;
constexpr auto k_settle = 300ms;  // a burst has settled after this much quiet

std::string text_of(const SOCKADDR_INET& a) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (a.si_family == AF_INET) {
    inet_ntop(AF_INET, &a.Ipv4.sin_addr, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, &a.Ipv6.sin6_addr, buf, sizeof buf);
  }
  return buf;
}

Snapshot unicast_snapshot() {
  Snapshot s;
  MIB_UNICASTIPADDRESS_TABLE* table = nullptr;
  if (GetUnicastIpAddressTable(AF_UNSPEC, &table) != NO_ERROR) return s;
  for (ULONG i = 0; i < table->NumEntries; ++i) {
    const auto& row = table->Table[i];
    if (row.DadState != IpDadStatePreferred) continue;
    s.insert(fmt::format("{} on ifindex {}", text_of(row.Address), row.InterfaceIndex));
  }
  FreeMibTable(table);
  return s;
}

std::string describe(const Snapshot& before, const Snapshot& after) {
  for (const auto& a : after)
    if (!before.contains(a)) return "address " + a + " added";
  for (const auto& b : before)
    if (!after.contains(b)) return "address " + b + " removed";
  return "interfaces changed";
}

class WindowsNetworkWatch final : public NetworkWatch {
 public:
  WindowsNetworkWatch(std::function<void()> on_change, ResumeCheck resume)
      : m_on_change(std::move(on_change)), m_check(std::move(resume)),
        m_resume(m_check.suspended()) {
    m_snapshot = unicast_snapshot();
  }
  ~WindowsNetworkWatch() override {
    if (m_iface) CancelMibChangeNotify2(m_iface);
    if (m_addr) CancelMibChangeNotify2(m_addr);
    {
      std::lock_guard lock(m_mutex);
      m_quit = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
  }

  bool start() {
    m_thread = std::thread([this] { run(); });
    return NotifyIpInterfaceChange(AF_UNSPEC, &on_event_iface, this, FALSE, &m_iface) == NO_ERROR &&
           NotifyUnicastIpAddressChange(AF_UNSPEC, &on_event_addr, this, FALSE, &m_addr) ==
               NO_ERROR;
  }

  bool take_change() override { return m_changed.exchange(false); }
  std::string last_change() const override {
    std::lock_guard lock(m_mutex);
    return m_last;
  }

 private:
  static void CALLBACK on_event_iface(void* self, MIB_IPINTERFACE_ROW*, MIB_NOTIFICATION_TYPE) {
    static_cast<WindowsNetworkWatch*>(self)->poke();
  }
  static void CALLBACK on_event_addr(void* self, MIB_UNICASTIPADDRESS_ROW*, MIB_NOTIFICATION_TYPE) {
    static_cast<WindowsNetworkWatch*>(self)->poke();
  }
  void poke() {
    {
      std::lock_guard lock(m_mutex);
      m_last_event = std::chrono::steady_clock::now();
      m_pending = true;
    }
    m_wake.notify_all();
  }

  void run() {
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
      m_wake.wait_for(lock, m_check.every, [this] { return m_quit || m_pending; });
      if (m_quit) break;
      if (auto slept = m_resume.look(m_check.suspended())) report(lock, describe_resume(*slept));
      if (!m_pending) continue;
      if (std::chrono::steady_clock::now() - m_last_event < k_settle) {
        m_wake.wait_for(lock, k_settle);
        continue;
      }
      m_pending = false;
      lock.unlock();
      auto now = unicast_snapshot();
      lock.lock();
      if (now == m_snapshot) continue;
      auto what = describe(m_snapshot, now);
      m_snapshot = std::move(now);
      report(lock, std::move(what));
    }
  }

  // Called with `lock` held; on_change runs without it.
  void report(std::unique_lock<std::mutex>& lock, std::string what) {
    m_last = std::move(what);
    m_changed = true;
    lock.unlock();
    if (m_on_change) m_on_change();
    lock.lock();
  }

  std::function<void()> m_on_change;
  ResumeCheck m_check;
  ResumeDetector m_resume;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::chrono::steady_clock::time_point m_last_event{};
  bool m_pending = false;
  bool m_quit = false;
  Snapshot m_snapshot;
  std::string m_last;
  std::atomic<bool> m_changed{false};
  HANDLE m_iface = nullptr;
  HANDLE m_addr = nullptr;
  std::thread m_thread;
};

}  // namespace

std::unique_ptr<NetworkWatch> start_network_watch(std::function<void()> on_change,
                                                  std::shared_ptr<spdlog::logger> log,
                                                  ResumeCheck resume) {
  auto watch = std::make_unique<WindowsNetworkWatch>(std::move(on_change), std::move(resume));
  if (!watch->start()) {
    log->warn("network watch unavailable; relying on the polling plan");
    return nullptr;
  }
  return watch;
}

}  // namespace ddnsguard::controller
