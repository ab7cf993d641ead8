#pragma once
// Readers for each section of the configuration document; used by parse_config.

#include "controller/config/config.hpp"

namespace ddnsguard::controller {

// Reads every known top-level key of `top` into `config`; problems go through `top`.
void read_top_level(providers::ObjectReader& top, Config& config);

}  // namespace ddnsguard::controller
