#pragma once
// Loggers for the controller: spdlog, text or JSON lines, to stderr and optionally a
// rotating file. Every line passes a redaction step that masks registered secret values,
// a second guard behind the Secret type.

#include <memory>
#include <string>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

#include "controller/config/config.hpp"
#include "providers/net/redactor.hpp"

namespace ddnsguard::controller {

// Whether warnings also go to the system log (journald, syslog, the Windows Event Log).
enum class SystemLog { yes, no };

class Logging {
 public:
  // Builds the sinks for `cfg`. A file that cannot be opened is reported in `error` and
  // logging goes on to stderr alone. `extra_sink` (tests) receives every line as well.
  // SystemLog::no: a run that is not the service (the simulator) stays out of the system log.
  static std::shared_ptr<Logging> create(const LogConfig& cfg, std::string& error,
                                         spdlog::sink_ptr extra_sink = nullptr,
                                         SystemLog system = SystemLog::yes);
  // A text logger at `level` on stderr and the system log, for use before the configuration
  // is read (no file yet).
  static std::shared_ptr<Logging> bootstrap(const std::string& level);

  // The logger of one component ("reconcile", "provider", "store", ...). Cheap; shared sinks.
  std::shared_ptr<spdlog::logger> get(const std::string& component);
  // Values masked as *** wherever they appear in a line, also encoded (every secret of the
  // config).
  void add_secret(std::string_view value);
  // The masking step shared by every sink, for whatever else must not show a secret (the
  // providers' error messages, the history store).
  std::shared_ptr<const providers::Redactor> redactor() const { return m_redactor; }
  void set_level(const std::string& level);

 private:
  Logging() = default;
  std::vector<spdlog::sink_ptr> m_sinks;
  std::shared_ptr<providers::Redactor> m_redactor;
  spdlog::level::level_enum m_level = spdlog::level::info;
};

}  // namespace ddnsguard::controller
