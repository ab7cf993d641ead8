#include "controller/telemetry/logging.hpp"

#include <filesystem>
#include <mutex>

#include <nlohmann/json.hpp>
#include <spdlog/details/log_msg.h>
#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "controller/platform/default_paths.hpp"
#include "controller/platform/file_access.hpp"
#include "controller/platform/system_log.hpp"
#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller {

// The secret values to mask, shared by every sink's formatter.
namespace {

// One JSON object per line: time (RFC 3339 UTC), level, component, msg.
class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto t = std::chrono::time_point_cast<std::chrono::milliseconds>(msg.time);
    auto secs = std::chrono::floor<std::chrono::seconds>(t);
    nlohmann::json j = {
        {"time", fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", secs, (t - secs).count())},
        {"level", std::string(spdlog::level::to_string_view(msg.level).data(),
                              spdlog::level::to_string_view(msg.level).size())},
        {"component", std::string(msg.logger_name.data(), msg.logger_name.size())},
        {"msg", std::string(msg.payload.data(), msg.payload.size())}};
    auto text = providers::dump_json(j);
    dest.append(text.data(), text.data() + text.size());
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }
};

// Wraps a formatter and masks secrets in what it produced.
class RedactingFormatter final : public spdlog::formatter {
 public:
  RedactingFormatter(std::unique_ptr<spdlog::formatter> inner,
                     std::shared_ptr<const providers::Redactor> r)
      : m_inner(std::move(inner)), m_redactor(std::move(r)) {}
  // Masks the message itself first (before a JSON formatter escapes quotes or
  // backslashes a secret may hold), then the formatted line as a second guard.
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    spdlog::memory_buf_t payload;
    payload.append(msg.payload.data(), msg.payload.data() + msg.payload.size());
    apply(payload);
    spdlog::details::log_msg masked = msg;
    masked.payload = spdlog::string_view_t(payload.data(), payload.size());
    spdlog::memory_buf_t buf;
    m_inner->format(masked, buf);
    apply(buf);
    dest.append(buf.data(), buf.data() + buf.size());
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<RedactingFormatter>(m_inner->clone(), m_redactor);
  }

 private:
  void apply(spdlog::memory_buf_t& buf) const {
    if (m_redactor->empty()) return;
    auto text = m_redactor->mask(std::string_view(buf.data(), buf.size()));
    buf.clear();
    buf.append(text.data(), text.data() + text.size());
  }

  std::unique_ptr<spdlog::formatter> m_inner;
  std::shared_ptr<const providers::Redactor> m_redactor;
};

// For the journal: each line starts with its syslog priority (`<4>` for a warning), which
// journald takes off and keeps as PRIORITY=, so `journalctl -p warning` can filter.
class PriorityFormatter final : public spdlog::formatter {
 public:
  explicit PriorityFormatter(std::unique_ptr<spdlog::formatter> inner)
      : m_inner(std::move(inner)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    auto prefix = fmt::format("<{}>", syslog_priority(msg.level));
    dest.append(prefix.data(), prefix.data() + prefix.size());
    m_inner->format(msg, dest);
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<PriorityFormatter>(m_inner->clone());
  }

 private:
  static int syslog_priority(spdlog::level::level_enum level) {
    switch (level) {
    case spdlog::level::critical:
      return 2;
    case spdlog::level::err:
      return 3;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::info:
      return 6;
    default:
      return 7;
    }
  }
  std::unique_ptr<spdlog::formatter> m_inner;
};

// The journal keeps its own time: a line there has none (text) or keeps it (JSON, whose
// fields are fixed).
std::unique_ptr<spdlog::formatter> base_formatter(const std::string& format, bool journal) {
  if (format == "json") return std::make_unique<JsonFormatter>();
  return std::make_unique<spdlog::pattern_formatter>(
      journal ? "%n: %v" : "%Y-%m-%dT%H:%M:%S.%eZ %l %n: %v", spdlog::pattern_time_type::utc);
}

std::unique_ptr<spdlog::formatter> formatter_for(const spdlog::sink_ptr& sink,
                                                 const spdlog::sink_ptr& stderr_sink,
                                                 const std::string& format) {
  if (sink != stderr_sink || !stderr_is_journal()) return base_formatter(format, false);
  return std::make_unique<PriorityFormatter>(base_formatter(format, true));
}

// The rotating log file, owner-only. The directory of a configured log.file must exist: a
// typo should not grow a directory tree somewhere (spdlog would create one). The default
// file's directory (Windows: %ProgramData%\ddnsguard) is ours to create.
spdlog::sink_ptr file_sink(const LogConfig& cfg, std::string& error) {
  const auto parent = std::filesystem::path(*cfg.file).parent_path();
  std::error_code ec;
  if (cfg.file == default_log_file()) std::filesystem::create_directories(parent, ec);
  if (!parent.empty() && !std::filesystem::is_directory(parent, ec)) {
    error = fmt::format("cannot open log file \"{}\": directory \"{}\" does not exist", *cfg.file,
                        parent.string());
    return nullptr;
  }
  make_private_file(*cfg.file);
  try {
    return std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        *cfg.file, cfg.file_max_bytes, static_cast<std::size_t>(cfg.file_count));
  } catch (const spdlog::spdlog_ex& e) {
    error = std::string("cannot open log file: ") + e.what();
  }
  return nullptr;
}

}  // namespace

std::shared_ptr<Logging> Logging::create(const LogConfig& cfg, std::string& error,
                                         spdlog::sink_ptr extra_sink, SystemLog system) {
  std::shared_ptr<Logging> l(new Logging());
  l->m_redactor = std::make_shared<providers::Redactor>();
  auto stderr_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  l->m_sinks.push_back(stderr_sink);
  if (cfg.file) {
    if (auto sink = file_sink(cfg, error)) l->m_sinks.push_back(std::move(sink));
  }
  if (system == SystemLog::yes) {
    if (auto sink = system_log_sink()) l->m_sinks.push_back(std::move(sink));
  }
  if (extra_sink) l->m_sinks.push_back(std::move(extra_sink));
  for (auto& s : l->m_sinks) {
    s->set_formatter(std::make_unique<RedactingFormatter>(formatter_for(s, stderr_sink, cfg.format),
                                                          l->m_redactor));
  }
  l->set_level(cfg.level);
  return l;
}

std::shared_ptr<Logging> Logging::bootstrap(const std::string& level) {
  std::string ignored;
  LogConfig cfg;
  cfg.level = level;
  cfg.file.reset();  // no file before the configuration says which
  return create(cfg, ignored);
}

std::shared_ptr<spdlog::logger> Logging::get(const std::string& component) {
  auto log = std::make_shared<spdlog::logger>(component, m_sinks.begin(), m_sinks.end());
  log->set_level(m_level);
  log->flush_on(spdlog::level::info);
  return log;
}

void Logging::add_secret(std::string_view value) {
  m_redactor->add(value);
}

void Logging::set_level(const std::string& level) {
  m_level = spdlog::level::from_str(level);
}

}  // namespace ddnsguard::controller
