#pragma once
// Fuzz targets: untrusted bytes into the parsers that meet them first. Each target checks
// what must hold for any input (no exception, no crash, an answer that is either a value or
// a clean problem, text that is valid UTF-8) and aborts with a message when it does not.
// Run two ways: replay_main.cpp (the test command: a corpus plus deterministic mutations of
// it, under ASan in CI) and libfuzzer_main.cpp (tools/fuzz.sh: clang's libFuzzer).

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ddnsguard::fuzz {

// A configuration document: parse_config, then describe_config when it is valid.
void config_document(std::string_view bytes);

// Address-like text as sources and replies carry it: Address::parse (both forms),
// extract_address_text for every body format, HttpFormat, server specs, durations and DNS
// record names.
void address_text(std::string_view bytes);

// Another client's configuration: `import ddclient` and `import inadyn` never throw, print
// valid UTF-8 comment lines and then a document parse_config reads as a configuration.
void import_file(std::string_view bytes);

using Target = void (*)(std::string_view);
// The target called `name` ("config", "address", "import"), or nullptr.
Target target_named(std::string_view name);

}  // namespace ddnsguard::fuzz
