#pragma once
// The status page from the history store: `report --html FILE` writes it, and `run` serves
// it at `/` on metrics.listen (built afresh for each request, from the store on disk).

#include <functional>
#include <optional>
#include <string>

#include "controller/cli/cli_args.hpp"
#include "controller/sim/simulator.hpp"

namespace ddnsguard::controller::cli {

constexpr auto k_page_period = std::chrono::hours{24 * 30};
constexpr auto k_page_fresh = std::chrono::seconds{15};  // the served page is rebuilt so often

// The page for `config`'s records and state_dir over (now - period, now]; nullopt with
// `error` when the store cannot be read.
std::optional<std::string> page_from_store(const Config& config, std::chrono::milliseconds period,
                                           bool live, std::string& error);

// What `run` serves at `/`: the configuration at `path` (secrets not read) with the
// command line's overrides, re-read for each request so a reload shows.
std::function<std::string()> live_page(std::string path, CommonOptions overrides);

// `simulate --html FILE`: the picture of `report` for the trace at `trace_path`; false
// (and a message on stderr) when the file cannot be written.
bool write_simulation_page(const SimReport& report, const std::string& trace_path,
                           const std::string& file);

// `report --html FILE [--since DUR]`.
int cmd_report_html(const Args& a);

}  // namespace ddnsguard::controller::cli
