#include "controller/service/service_file_io.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "controller/service/service_files.hpp"

namespace ddnsguard::controller {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool can_create_under(const fs::path& dir) {
  std::error_code ec;
  fs::path probe = dir;
  while (!fs::exists(probe, ec) && probe.has_parent_path() && probe != probe.parent_path())
    probe = probe.parent_path();
  auto test = probe / fmt::format(".ddnsguard-probe-{:08x}", std::random_device{}());
  bool made = std::ofstream(test).good();
  if (made) fs::remove(test, ec);
  return made;
}

bool written_by_us(const fs::path& p) {
  return read_text(p).find(k_service_marker) != std::string::npos;
}

FileWrite write_service_file(const fs::path& p, const std::string& text) {
  std::error_code ec;
  if (fs::exists(p, ec)) {
    if (read_text(p) == text) return FileWrite::unchanged;
    if (!written_by_us(p)) return FileWrite::foreign;
  }
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return out.flush() ? FileWrite::written : FileWrite::failed;
}

std::string write_error(FileWrite w, const fs::path& p) {
  switch (w) {
  case FileWrite::unchanged:
  case FileWrite::written:
    return "";
  case FileWrite::foreign:
    return fmt::format("error: {} exists and was not written by ddnsguard; left alone", p.string());
  case FileWrite::failed:
    return fmt::format("error: cannot write {}", p.string());
  }
  return "";
}

}  // namespace ddnsguard::controller
