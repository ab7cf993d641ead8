#pragma once
// ddclient's ways of finding the address (`use`, `usev4`, `usev6` with `web*`, `if*`, `cmd*`)
// as ddnsguard address sources. ddnsguard asks every source of a family for every record, so
// the sources of all hosts are gathered into one list per family.

#include <optional>
#include <set>
#include <string>

#include "controller/import/ddclient_syntax.hpp"
#include "controller/import/import_common.hpp"

namespace ddnsguard::controller::import {

class DdclientSourceReader {
 public:
  explicit DdclientSourceReader(ImportBuilder& builder) : m_builder(builder) {}

  // How `h` finds its address of `family` ("webv4", "if", ...); nullopt when it has none.
  std::optional<std::string> strategy(const DdclientOptions& o, providers::Family family);
  // Adds the source `h` uses for `family` (a stand-in with a note when it cannot be converted).
  void add(const DdclientHost& h, providers::Family family);
  // The value of `key`, marking the key as converted.
  std::string value(const DdclientOptions& o, const std::string& key, const std::string& fallback);
  // Every key looked at so far.
  const std::set<std::string>& used() const { return m_used; }

 private:
  static int line_of(const DdclientOptions& o, const std::string& key, int host_line);
  void add_web(const DdclientOptions& o, providers::Family family, const std::string& key,
               const std::string& fallback, int line);
  void add_interface(const DdclientOptions& o, providers::Family family, const std::string& key,
                     const std::string& fallback, int line);

  ImportBuilder& m_builder;
  std::set<std::string> m_used;
};

}  // namespace ddnsguard::controller::import
