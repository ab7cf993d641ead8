#pragma once
// Whether users other than the owner may read a file (a config holding inline secrets
// should not be). POSIX: the group/other read bits. Windows: false, as access there is an
// ACL that the installer sets on %ProgramData%\ddnsguard.

#include <string>

namespace ddnsguard::controller {

bool readable_by_others(const std::string& path);

}  // namespace ddnsguard::controller
