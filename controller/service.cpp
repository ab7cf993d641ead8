#include "controller/service.hpp"

#include <fmt/format.h>

namespace ddnsguard::controller {

ServiceResult service_status(const ServiceRequest& r) {
  auto st = service_state(r);
  if (!st.refused.empty()) return {2, {st.refused}};
  ServiceResult res;
  res.lines.push_back(fmt::format("{:<10} {}", st.label, st.where));
  res.lines.push_back(fmt::format("installed  {}", st.installed ? "yes" : "no"));
  res.lines.push_back(fmt::format("enabled    {}", st.enabled ? "yes" : "no"));
  res.lines.push_back(fmt::format("active     {}", st.active));
  res.exit_code = st.installed ? 0 : 1;
  return res;
}

}  // namespace ddnsguard::controller
