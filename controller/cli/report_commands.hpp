#pragma once
// The report commands (DESIGN §4): status, history, decisions, anomalies. They read the
// history store only, without the credentials.

#include "controller/cli/cli_args.hpp"

namespace ddnsguard::controller::cli {

enum class Report { status, history, decisions, anomalies };

// Prints the report; returns the exit code (status: 0 only when every record is in sync).
int cmd_report(const Args& a, Report kind);

}  // namespace ddnsguard::controller::cli
