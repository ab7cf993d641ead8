#pragma once
// Who may read the files ddnsguard keeps. POSIX: mode bits; Windows: nothing to do here, as
// access there is an ACL that the installer sets on %ProgramData%\ddnsguard.

#include <string>
#include <string_view>

namespace ddnsguard::controller {

// Whether users other than the owner may read `path` (a config holding inline secrets should
// not be). Read access through `trusted_group` (the system service's group: the service
// reads its configuration as root:ddnsguard 0640) does not count. Windows: false.
bool readable_by_others(const std::string& path, std::string_view trusted_group = "");

// Takes the group and other bits off `path` (a file written before this rule, or under a wide
// umask); with `create`, first creates it empty with mode 0600 when it does not exist. Files
// SQLite derives from a database it creates (-wal, -shm) inherit the database's mode. Silent
// on failure: the open that follows reports it. Windows: nothing.
void make_private_file(const std::string& path, bool create = true);

// For commands that write state (run, once). Files and directories this process creates from
// now on are its owner's only (umask 077), so a rotated log is as private as the first. A
// write past the file-size limit (ulimit -f) fails with EFBIG instead of ending the process
// by SIGXFSZ: the store then goes on in memory and DNS updates go on. Windows: nothing.
void prepare_state_writes();

}  // namespace ddnsguard::controller
