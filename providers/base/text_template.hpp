#pragma once
// Text templates with {placeholder} words (webhook URLs and bodies, notification bodies).
// A placeholder is "{" + [a-z_]+ + "}", so JSON braces in a template never match one.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ddnsguard::providers {

// `text` with each {placeholder} replaced from `values` (encoded by `encode` when given).
// Pure. Placeholders without a value are left as they are.
std::string expand_template(std::string_view text, const std::map<std::string, std::string>& values,
                            std::string (*encode)(std::string_view) = nullptr);

// The placeholders of `text`, in order, as their words ("address" for "{address}").
std::vector<std::string> placeholders_in(std::string_view text);

// The placeholders of `text` that are not among `known`, in order.
std::vector<std::string> unknown_placeholders(std::string_view text,
                                              const std::vector<std::string>& known);

// The literal runs of `text` between its placeholders (the parts a secret URL shares
// with every expansion of it), empty runs left out.
std::vector<std::string> literal_runs(std::string_view text);

// Whether an HTTP header line "Name: value" may carry a secret: every header but
// Content-Type and Accept. Returns its value then, else an empty view.
std::string_view secret_header_value(std::string_view header);

}  // namespace ddnsguard::providers
