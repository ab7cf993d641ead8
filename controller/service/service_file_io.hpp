#pragma once
// File steps shared by the service installers that write a file (systemd unit, launchd
// property list): may we write here, is this file ours, write it only when it changed.

#include <filesystem>
#include <string>

namespace ddnsguard::controller {

// The whole file, or "" when it cannot be read.
std::string read_text(const std::filesystem::path& p);

// Whether a file can be created in `dir`, asked of its nearest existing ancestor (the
// directories in between are created later): a test file is made there and removed, so
// ACLs and read-only mounts answer too. Creates nothing else; does not block.
bool can_create_under(const std::filesystem::path& dir);

// Whether the file at `p` carries k_service_marker (written by `service install`).
bool written_by_us(const std::filesystem::path& p);

enum class FileWrite { unchanged, written, foreign, failed };
// Writes `text` to `p` (creating its directories) unless it holds that text already. A
// file there without our marker is `foreign` and left untouched.
FileWrite write_service_file(const std::filesystem::path& p, const std::string& text);
// The error line for `foreign` and `failed`; "" for the others.
std::string write_error(FileWrite w, const std::filesystem::path& p);

}  // namespace ddnsguard::controller
