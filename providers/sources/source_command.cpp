#include "providers/sources/source_command.hpp"

#include <utility>

#include <fmt/format.h>

#include "providers/base/command_runner.hpp"

namespace ddnsguard::providers {

CommandSource::CommandSource(std::vector<std::string> argv, const std::atomic<bool>* cancel)
    : m_argv(std::move(argv)), m_cancel(cancel) {}

std::string CommandSource::describe() const {
  return "command " + (m_argv.empty() ? std::string{} : m_argv[0]);
}

Result<Address> CommandSource::fetch(Family family, std::chrono::milliseconds timeout) {
  if (m_argv.empty() || m_argv[0].empty()) return fail(ErrorClass::config, "empty argv");
  auto run = run_command(m_argv, timeout, k_max_output, m_cancel);
  if (!run) return tl::unexpected(run.error());
  const auto& r = *run;
  const auto& name = m_argv[0];
  if (r.timed_out) {
    return fail(ErrorClass::transient,
                fmt::format("{}: timed out after {} ms", name, timeout.count()));
  }
  if (r.cancelled) return fail(ErrorClass::transient, fmt::format("{}: cancelled", name));
  if (r.too_big) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: output longer than {} bytes", name, k_max_output));
  }
  if (r.signal) {
    return fail(ErrorClass::transient, fmt::format("{}: killed by signal {}", name, *r.signal));
  }
  if (r.exit_code.value_or(-1) != 0) {
    return fail(ErrorClass::transient,
                fmt::format("{}: exited with code {}", name, r.exit_code.value_or(-1)));
  }
  auto addr = Address::parse(r.output);
  if (!addr || addr->family() != family) {
    return fail(ErrorClass::invalid_response,
                fmt::format("{}: output is not one {} address", name, to_string(family)));
  }
  return *addr;
}

}  // namespace ddnsguard::providers
