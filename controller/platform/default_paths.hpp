#pragma once
// Where ddnsguard looks when the configuration does not say (DESIGN §4): one
// implementation per OS in controller/platform/default_paths_<os>.cpp. Windows never uses
// the current directory: a service and a Run-key start both begin in C:\Windows.

#include <optional>
#include <string>
#include <vector>

#include "providers/base/config_reader.hpp"

namespace ddnsguard::controller {

// POSIX: /var/lib/ddnsguard. Windows: %ProgramData%\ddnsguard.
std::string default_state_dir();

// The state directory for a configuration that names none. POSIX: a configuration inside the
// user's home or $XDG_CONFIG_HOME is a per-user one, and its history goes where a user unit's
// StateDirectory= is: $XDG_STATE_HOME/ddnsguard, or ~/.local/state/ddnsguard. Any other (the
// system's /etc/ddnsguard/config.json) uses default_state_dir(). The daemon and the CLI both
// ask this, so `status` finds what `run` wrote. Windows: default_state_dir().
std::string default_state_dir_for(const std::string& config_path, const providers::ConfigEnv& env);

// The configuration files tried in order when neither -c nor $DDNSGUARD_CONFIG is given.
// POSIX: ./ddnsguard.json, $XDG_CONFIG_HOME/ddnsguard/config.json (or
// ~/.config/ddnsguard/config.json), /etc/ddnsguard/config.json. Windows: ddnsguard.json
// beside the executable, then %ProgramData%\ddnsguard\config.json.
std::vector<std::string> default_config_candidates(const providers::ConfigEnv& env);

// The absolute path of the running executable.
std::string this_executable();
// Where per-user configuration lives: $HOME (POSIX), %APPDATA% (Windows); "" when unset.
std::string user_home();
// The log file used when the configuration names none: none on POSIX (stderr reaches the
// journal), %ProgramData%\ddnsguard\ddnsguard.log on Windows (a service has no console).
std::optional<std::string> default_log_file();

}  // namespace ddnsguard::controller
