#pragma once
// The BSD socket and name-resolution declarations (getaddrinfo, inet_pton, sockaddr_in6),
// from Winsock on Windows and the POSIX headers elsewhere: the one place that tells them
// apart. Winsock must be started once per process (start_sockets).

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include <cstddef>

namespace ddnsguard::providers {

// Longest interface name accepted in the configuration (IF_NAMESIZE on POSIX).
#ifdef _WIN32
inline constexpr std::size_t k_interface_name_max = 256;
#else
inline constexpr std::size_t k_interface_name_max = IF_NAMESIZE;
#endif

// Starts Winsock (once; later calls do nothing). A no-op on POSIX systems.
void start_sockets();

}  // namespace ddnsguard::providers
