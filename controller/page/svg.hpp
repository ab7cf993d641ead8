#pragma once
// Small helpers for the SVG and HTML the status page writes by hand: escaping untrusted
// text and formatting coordinates. Pure.

#include <string>
#include <string_view>

namespace ddnsguard::controller {

// `text` safe inside an XML/HTML element or a quoted attribute (& < > " ' escaped, control
// characters and invalid UTF-8 replaced).
std::string xml_escape(std::string_view text);

// A coordinate with at most one decimal ("12", "12.5"): small, stable output.
std::string num(double v);

}  // namespace ddnsguard::controller
