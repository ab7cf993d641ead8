// Where the history goes when the configuration names no state_dir (POSIX): the daemon and
// the CLI ask the same function, so a user unit's history is where `status` looks.

#include <gtest/gtest.h>

#include <grp.h>
#include <sys/stat.h>

#include <map>

#include "controller/config/config.hpp"
#include "controller/platform/default_paths.hpp"
#include "controller/platform/file_access.hpp"
#include "tests/support/process.hpp"

namespace ddnsguard::controller {
namespace {

providers::ConfigEnv env_of(std::map<std::string, std::string> vars) {
  auto env = providers::ConfigEnv::system();
  env.getenv = [vars](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
  return env;
}

TEST(DefaultStateDir, APerUserConfigurationKeepsItsHistoryInTheUsersStateDirectory) {
  auto home = env_of({{"HOME", "/home/ann"}});
  EXPECT_EQ(default_state_dir_for("/home/ann/.config/ddnsguard/config.json", home),
            "/home/ann/.local/state/ddnsguard");
  EXPECT_EQ(default_state_dir_for("/home/ann/ddns.json", home), "/home/ann/.local/state/ddnsguard");
  auto xdg = env_of(
      {{"HOME", "/home/ann"}, {"XDG_CONFIG_HOME", "/cfg/ann"}, {"XDG_STATE_HOME", "/state/ann"}});
  EXPECT_EQ(default_state_dir_for("/cfg/ann/ddnsguard/config.json", xdg), "/state/ann/ddnsguard");
  EXPECT_EQ(default_state_dir_for("/home/ann/x/../dd.json", xdg), "/state/ann/ddnsguard");
}

TEST(DefaultStateDir, TheSystemConfigurationAndOthersUseTheSystemDirectory) {
  auto home = env_of({{"HOME", "/home/ann"}, {"XDG_STATE_HOME", "relative/not/used"}});
  for (const char* path : {"/etc/ddnsguard/config.json", "/srv/dd.json", "/home/annex/dd.json",
                           "/home/ann/../bob/dd.json"}) {
    EXPECT_EQ(default_state_dir_for(path, home), default_state_dir()) << path;
  }
  // A system user whose home is "/" (or none) has no per-user configuration.
  EXPECT_EQ(default_state_dir_for("/etc/dd.json", env_of({{"HOME", "/"}})), default_state_dir());
  EXPECT_EQ(default_state_dir_for("/home/ann/dd.json", env_of({})), default_state_dir());
  EXPECT_EQ(default_state_dir_for("/home/ann/dd.json", env_of({{"HOME", "home/ann"}})),
            default_state_dir());
}

// Someone whose per-user configuration kept its history in /var/lib/ddnsguard before is told
// where it went, and how to keep it, until the new place has a history of its own.
TEST(DefaultStateDir, AnOlderHistoryInTheSystemDirectoryIsPointedOut) {
  testing::TempDir dir;
  auto legacy = dir.path() + "/var-lib";
  auto mine = dir.path() + "/state";
  EXPECT_FALSE(moved_history_warning("/home/ann/c.json", mine, legacy)) << "nothing to move";
  std::filesystem::create_directories(legacy);
  testing::write_file(legacy + "/history.db", "old");
  auto warning = moved_history_warning("/home/ann/c.json", mine, legacy);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("\"state_dir\": \"" + legacy + "\""), std::string::npos) << *warning;
  EXPECT_NE(warning->find(mine), std::string::npos) << *warning;
  EXPECT_FALSE(moved_history_warning("/etc/c.json", legacy, legacy)) << "the same place";
  std::filesystem::create_directories(mine);
  testing::write_file(mine + "/history.db", "new");
  EXPECT_FALSE(moved_history_warning("/home/ann/c.json", mine, legacy)) << "it has its own now";
}

// The system service reads its configuration as root:ddnsguard 0640: that group may read a
// file with inline secrets; any other group, or everyone, may not.
TEST(ReadableByOthers, TheServicesGroupIsTrusted) {
  testing::TempDir dir;
  auto path = dir.path() + "/config.json";
  testing::write_file(path, "{}");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  const group* g = ::getgrgid(st.st_gid);
  if (g == nullptr) GTEST_SKIP() << "the temporary file's group has no name here";
  const std::string own_group = g->gr_name;
  ::chmod(path.c_str(), 0640);
  EXPECT_FALSE(readable_by_others(path, own_group));
  EXPECT_TRUE(readable_by_others(path, "no-such-group-here"));
  EXPECT_TRUE(readable_by_others(path));
  ::chmod(path.c_str(), 0644);
  EXPECT_TRUE(readable_by_others(path, own_group)) << "everyone may read it";
  ::chmod(path.c_str(), 0600);
  EXPECT_FALSE(readable_by_others(path, "no-such-group-here"));
}

}  // namespace
}  // namespace ddnsguard::controller
