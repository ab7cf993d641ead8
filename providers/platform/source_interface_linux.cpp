#include "providers/sources/source_interface.hpp"

#include <ifaddrs.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "providers/base/c_free.hpp"
#include "providers/base/unique_fd.hpp"

namespace ddnsguard::providers {

namespace {

using IfAddrs = std::unique_ptr<ifaddrs, CFree<freeifaddrs>>;

static_assert(interface_flag::temporary == IFA_F_TEMPORARY &&
              interface_flag::deprecated == IFA_F_DEPRECATED &&
              interface_flag::tentative == IFA_F_TENTATIVE &&
              interface_flag::dad_failed == IFA_F_DADFAILED &&
              interface_flag::permanent == IFA_F_PERMANENT &&
              interface_flag::manage_temp_address == IFA_F_MANAGETEMPADDR &&
              interface_flag::stable_privacy == IFA_F_STABLE_PRIVACY);

std::string errno_text() {
  return std::strerror(errno);
}

void parse_address_msg(const nlmsghdr* nh, unsigned ifindex, std::vector<InterfaceAddress>& out) {
  const auto* ifa = static_cast<const ifaddrmsg*>(NLMSG_DATA(nh));
  if (ifa->ifa_family != AF_INET6 || ifa->ifa_index != ifindex) return;
  std::uint32_t flags = ifa->ifa_flags;
  std::uint32_t preferred = 0xffffffff;
  std::optional<Address> addr;
  unsigned len = IFA_PAYLOAD(nh);
  for (const auto* rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
    if (rta->rta_type == IFA_FLAGS && RTA_PAYLOAD(rta) >= sizeof(std::uint32_t)) {
      std::memcpy(&flags, RTA_DATA(rta), sizeof flags);
    } else if (rta->rta_type == IFA_CACHEINFO && RTA_PAYLOAD(rta) >= sizeof(ifa_cacheinfo)) {
      ifa_cacheinfo info{};
      std::memcpy(&info, RTA_DATA(rta), sizeof info);
      preferred = info.ifa_prefered;
    } else if ((rta->rta_type == IFA_ADDRESS || rta->rta_type == IFA_LOCAL) &&
               RTA_PAYLOAD(rta) == 16 && (!addr || rta->rta_type == IFA_LOCAL)) {
      std::array<std::uint8_t, 16> b{};
      std::memcpy(b.data(), RTA_DATA(rta), b.size());
      addr = Address::from_bytes_v6(b);
    }
  }
  if (addr) out.push_back({*addr, flags, ifa->ifa_prefixlen, preferred});
}

Result<void> send_dump_request(int fd) {
  struct {
    nlmsghdr nh;
    ifaddrmsg ifa;
  } req{};
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(ifaddrmsg));
  req.nh.nlmsg_type = RTM_GETADDR;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = 1;
  req.ifa.ifa_family = AF_INET6;
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (sendto(fd, &req, req.nh.nlmsg_len, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) <
      0) {
    return fail(ErrorClass::transient, "netlink request failed: " + errno_text());
  }
  return {};
}

// Handles one datagram of the dump; true once the dump is complete.
Result<bool> read_dump_part(int fd, unsigned ifindex, std::vector<InterfaceAddress>& out) {
  alignas(nlmsghdr) std::array<char, 32768> buf{};
  ssize_t n = recv(fd, buf.data(), buf.size(), 0);
  if (n < 0) return fail(ErrorClass::transient, "netlink read failed: " + errno_text());
  auto len = static_cast<unsigned>(n);
  for (auto* nh = reinterpret_cast<nlmsghdr*>(buf.data()); NLMSG_OK(nh, len);
       nh = NLMSG_NEXT(nh, len)) {
    if (nh->nlmsg_type == NLMSG_DONE) return true;
    if (nh->nlmsg_type == NLMSG_ERROR) return fail(ErrorClass::transient, "netlink dump failed");
    if (nh->nlmsg_type == RTM_NEWADDR) parse_address_msg(nh, ifindex, out);
  }
  return false;
}

Result<std::vector<InterfaceAddress>> read_ipv6(unsigned ifindex,
                                                std::chrono::milliseconds timeout) {
  UniqueFd sock{socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE)};
  if (sock.get() < 0) return fail(ErrorClass::transient, "netlink socket: " + errno_text());
  if (auto sent = send_dump_request(sock.get()); !sent) return tl::unexpected(sent.error());
  std::vector<InterfaceAddress> out;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{sock.get(), POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      return fail(ErrorClass::transient, "netlink dump timed out");
    }
    auto done = read_dump_part(sock.get(), ifindex, out);
    if (!done) return tl::unexpected(done.error());
    if (*done) return out;
  }
}

std::vector<InterfaceAddress> ipv4_addresses(const std::string& ifname) {
  std::vector<InterfaceAddress> out;
  ifaddrs* raw = nullptr;
  if (getifaddrs(&raw) != 0) return out;
  IfAddrs all{raw};
  for (const ifaddrs* i = all.get(); i != nullptr; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET || ifname != i->ifa_name) {
      continue;
    }
    std::array<std::uint8_t, 4> b{};
    std::memcpy(b.data(), &reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr, 4);
    out.push_back({Address::from_bytes_v4(b), 0, 32});
  }
  return out;
}

}  // namespace

Result<std::vector<InterfaceAddress>> interface_addresses(const std::string& ifname, Family family,
                                                          std::chrono::milliseconds timeout) {
  unsigned ifindex = if_nametoindex(ifname.c_str());
  if (ifindex == 0) {
    return fail(ErrorClass::config, fmt::format("no network interface named \"{}\"", ifname));
  }
  if (family == Family::ipv4) return ipv4_addresses(ifname);
  return read_ipv6(ifindex, timeout);
}

}  // namespace ddnsguard::providers
