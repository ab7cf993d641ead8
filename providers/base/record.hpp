#pragma once
// A DNS record that ddnsguard keeps pointing at the host's address.

#include <string>

#include "providers/base/address.hpp"

namespace ddnsguard::providers {

struct Record {
  std::string name;  // fully qualified, no trailing dot: "home.example.com"
  Family family = Family::ipv4;
  int ttl = 300;

  std::string_view type() const { return record_type_for(family); }
  // "home.example.com/A", the subject name used in logs, decisions and anomalies.
  std::string subject() const { return name + "/" + std::string(type()); }
};

}  // namespace ddnsguard::providers
