// Linux network watch: an rtnetlink socket subscribed to address, route and link events.
// After a burst settles, the global addresses and default routes are dumped and compared
// with the last snapshot; only a real difference counts as a change.

#include "controller/platform/network_watch.hpp"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "providers/base/unique_fd.hpp"

namespace ddnsguard::controller {

namespace {

using providers::UniqueFd;
using Snapshot = std::set<std::string>;
constexpr int k_settle_ms = 300;       // a burst has settled after this much quiet
constexpr int k_max_settle_ms = 3000;  // ... or after this long in any case

std::string address_text(int family, const void* data) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  return inet_ntop(family, data, buf.data(), buf.size()) ? buf.data() : "?";
}

// "address 192.0.2.7/32 on ifindex 1" for a global address; nullopt for anything else.
std::optional<std::string> address_key(const nlmsghdr* nh) {
  const auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(nh));
  if (ifa->ifa_scope != RT_SCOPE_UNIVERSE) return std::nullopt;
  int len = static_cast<int>(IFA_PAYLOAD(nh));
  for (const auto* rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
    if (rta->rta_type == IFA_ADDRESS || (ifa->ifa_family == AF_INET && rta->rta_type == IFA_LOCAL))
      return fmt::format("address {}/{} on ifindex {}",
                         address_text(ifa->ifa_family, RTA_DATA(rta)), ifa->ifa_prefixlen,
                         ifa->ifa_index);
  }
  return std::nullopt;
}

// "default route via 192.0.2.1 dev 2" for a default route of the main table.
std::optional<std::string> route_key(const nlmsghdr* nh) {
  const auto* rt = static_cast<const rtmsg*>(NLMSG_DATA(nh));
  if (rt->rtm_dst_len != 0 || rt->rtm_type != RTN_UNICAST) return std::nullopt;
  std::string gateway = "-";
  unsigned table = rt->rtm_table, oif = 0;
  int len = static_cast<int>(RTM_PAYLOAD(nh));
  for (const auto* rta = RTM_RTA(rt); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
    if (rta->rta_type == RTA_GATEWAY) gateway = address_text(rt->rtm_family, RTA_DATA(rta));
    if (rta->rta_type == RTA_OIF) std::memcpy(&oif, RTA_DATA(rta), sizeof oif);
    if (rta->rta_type == RTA_TABLE) std::memcpy(&table, RTA_DATA(rta), sizeof table);
  }
  if (table != RT_TABLE_MAIN) return std::nullopt;
  return fmt::format("default route (family {}) via {} dev {}", rt->rtm_family, gateway, oif);
}

bool request_dump(int fd, std::uint16_t type) {
  struct {
    nlmsghdr nh;
    rtgenmsg g;
  } req{};
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(rtgenmsg));
  req.nh.nlmsg_type = type;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.g.rtgen_family = AF_UNSPEC;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  return sendto(fd, &req, req.nh.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel),
                sizeof kernel) >= 0;
}

// Adds the keys of one dump (RTM_GETADDR or RTM_GETROUTE) to `out`; false on failure.
bool read_dump(std::uint16_t type, Snapshot& out) {
  UniqueFd fd{socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)};
  if (!fd.valid() || !request_dump(fd.get(), type)) return false;
  alignas(nlmsghdr) std::array<char, 32768> buf{};
  for (;;) {
    pollfd p{fd.get(), POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) return false;
    ssize_t n = recv(fd.get(), buf.data(), buf.size(), 0);
    if (n < 0) return false;
    auto len = static_cast<unsigned>(n);
    for (auto* nh = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(nh, len);
         nh = NLMSG_NEXT(nh, len)) {
      if (nh->nlmsg_type == NLMSG_DONE) return true;
      if (nh->nlmsg_type == NLMSG_ERROR) return false;
      auto key = nh->nlmsg_type == RTM_NEWADDR ? address_key(nh) : route_key(nh);
      if (key) out.insert(std::move(*key));
    }
  }
}

std::optional<Snapshot> snapshot() {
  Snapshot s;
  if (!read_dump(RTM_GETADDR, s) || !read_dump(RTM_GETROUTE, s)) return std::nullopt;
  return s;
}

// "address 192.0.2.7/32 on ifindex 1 added" (the first difference; "+N more" after it).
std::string describe(const Snapshot& before, const Snapshot& after) {
  std::vector<std::string> diffs;
  for (const auto& k : after)
    if (!before.contains(k)) diffs.push_back(k + " added");
  for (const auto& k : before)
    if (!after.contains(k)) diffs.push_back(k + " removed");
  if (diffs.empty()) return "network changed";
  return diffs.size() == 1 ? diffs[0] : fmt::format("{} (+{} more)", diffs[0], diffs.size() - 1);
}

class LinuxNetworkWatch final : public NetworkWatch {
 public:
  LinuxNetworkWatch(UniqueFd events, UniqueFd stop, Snapshot start, std::function<void()> on_change,
                    std::shared_ptr<spdlog::logger> log, ResumeCheck resume)
      : m_events(std::move(events)), m_stop(std::move(stop)), m_snapshot(std::move(start)),
        m_on_change(std::move(on_change)), m_log(std::move(log)), m_check(std::move(resume)),
        m_resume(m_check.suspended()) {
    m_thread = std::thread([this] { loop(); });
  }
  ~LinuxNetworkWatch() override {
    std::uint64_t one = 1;
    if (write(m_stop.get(), &one, sizeof one) < 0 && m_log) m_log->debug("network watch: stop");
    m_thread.join();
  }
  bool take_change() override { return m_changed.exchange(false); }
  std::string last_change() const override {
    std::lock_guard lock(m_mutex);
    return m_last;
  }

 private:
  // Reads every queued message; true when there was any (or the queue overflowed).
  bool drain() {
    alignas(nlmsghdr) std::array<char, 32768> buf{};
    bool any = false;
    for (;;) {
      ssize_t n = recv(m_events.get(), buf.data(), buf.size(), MSG_DONTWAIT);
      if (n > 0 || (n < 0 && errno == ENOBUFS)) {
        any = true;
        continue;
      }
      return any;
    }
  }

  // Waits for the burst to settle; false when asked to stop meanwhile.
  bool settle() {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds{k_max_settle_ms};
    std::array<pollfd, 2> fds{pollfd{m_events.get(), POLLIN, 0}, pollfd{m_stop.get(), POLLIN, 0}};
    while (std::chrono::steady_clock::now() < until) {
      if (poll(fds.data(), fds.size(), k_settle_ms) <= 0) return true;  // quiet: settled
      if (fds[1].revents != 0) return false;
      drain();
    }
    return true;
  }

  void loop() {
    std::array<pollfd, 2> fds{pollfd{m_events.get(), POLLIN, 0}, pollfd{m_stop.get(), POLLIN, 0}};
    auto every = static_cast<int>(m_check.every.count());
    for (;;) {
      int ready = poll(fds.data(), fds.size(), every);
      if (ready < 0 && errno != EINTR) return;
      if (fds[1].revents != 0) return;
      if (auto slept = m_resume.look(m_check.suspended())) report(describe_resume(*slept));
      if (ready <= 0 || !drain() || !settle()) continue;
      auto now = snapshot();
      if (!now || *now == m_snapshot) continue;  // a lifetime refresh, or unreadable
      auto what = describe(m_snapshot, *now);
      m_snapshot = std::move(*now);
      report(std::move(what));
    }
  }

  void report(std::string what) {
    {
      std::lock_guard lock(m_mutex);
      m_last = std::move(what);
    }
    m_changed = true;
    if (m_on_change) m_on_change();
  }

  UniqueFd m_events;
  UniqueFd m_stop;
  Snapshot m_snapshot;
  std::function<void()> m_on_change;
  std::shared_ptr<spdlog::logger> m_log;
  ResumeCheck m_check;
  ResumeDetector m_resume;
  std::atomic<bool> m_changed{false};
  mutable std::mutex m_mutex;
  std::string m_last;
  std::thread m_thread;  // last: starts after everything it uses
};

}  // namespace

std::unique_ptr<NetworkWatch> start_network_watch(std::function<void()> on_change,
                                                  std::shared_ptr<spdlog::logger> log,
                                                  ResumeCheck resume) {
  auto fail = [&](const char* what) -> std::unique_ptr<NetworkWatch> {
    if (log)
      log->warn("network watch unavailable ({}: {}): checks follow the plan only", what,
                std::strerror(errno));
    return nullptr;
  };
  UniqueFd events{socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)};
  if (!events.valid()) return fail("netlink socket");
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  local.nl_groups =
      RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
  if (bind(events.get(), reinterpret_cast<sockaddr*>(&local), sizeof local) < 0)
    return fail("netlink bind");
  UniqueFd stop{eventfd(0, EFD_CLOEXEC)};
  if (!stop.valid()) return fail("eventfd");
  auto start = snapshot();
  if (!start) return fail("netlink dump");
  return std::make_unique<LinuxNetworkWatch>(std::move(events), std::move(stop), std::move(*start),
                                             std::move(on_change), std::move(log),
                                             std::move(resume));
}

}  // namespace ddnsguard::controller
