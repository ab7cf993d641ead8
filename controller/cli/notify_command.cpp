#include "controller/cli/notify_command.hpp"

#include <iostream>

#include <fmt/format.h>

#include "controller/loop/notifier.hpp"
#include "controller/platform/host_name.hpp"
#include "providers/net/redactor.hpp"

namespace ddnsguard::controller::cli {

int cmd_notify_test(const Args& a) {
  auto env = providers::ConfigEnv::system();
  auto config = load_checked_config(a.common, env);
  if (!config) return k_exit_usage;
  if (config->notify.empty()) {
    std::cerr << "error: nothing to test: the configuration has no notify entries\n";
    return k_exit_usage;
  }
  providers::Redactor redactor;  // a reply or an error may echo a token
  for (const auto& s : config->secrets)
    redactor.add(s.reveal());
  auto quiet = std::make_shared<spdlog::logger>("notify");  // no sinks: results are the output
  Notifier notifier(config->notify, std::make_shared<providers::HttpClient>(), quiet, host_name());
  providers::SystemClock clock;
  auto outcomes = notifier.send_test(clock.now());
  bool all_ok = true;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& t = config->notify[i];
    all_ok = all_ok && outcomes[i].ok;
    const auto& o = outcomes[i];
    std::cout << redactor.mask(fmt::format("notify[{}] {}: {} ({})\n", i, Notifier::describe(t),
                                           o.ok ? "sent" : "FAILED", o.detail));
  }
  return all_ok ? k_exit_ok : k_exit_runtime;
}

}  // namespace ddnsguard::controller::cli
