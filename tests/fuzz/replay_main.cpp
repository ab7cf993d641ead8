// The fuzz targets in the test command: every file of a corpus, then a fixed number of
// deterministic mutations of each (byte flips, dictionary tokens, cuts, repeats, splices
// with other corpus files). The same corpus always gives the same inputs, so a failure
// replays; the input that broke a target is written to $DDNSGUARD_FUZZ_CRASH (default
// ./fuzz-crash.bin) before the process dies.
//
// Usage: ddnsguard_fuzz_replay TARGET MUTATIONS_PER_FILE CORPUS_DIR [CORPUS_DIR...]

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "tests/fuzz/fuzz_targets.hpp"

extern "C" void __sanitizer_set_death_callback(void (*callback)()) __attribute__((weak));

namespace {

std::string g_current;     // the input being run, saved if it kills the process
std::string g_crash_path;  // where it is saved

void save_current() {
  const int fd = ::open(g_crash_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;
  [[maybe_unused]] auto n = ::write(fd, g_current.data(), g_current.size());
  ::close(fd);
}

void on_fatal_signal(int sig) {
  save_current();
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

// Tokens that tend to reach corners of JSON, numbers, addresses and names.
const std::array<std::string_view, 24> k_tokens = {
    "{",        "}",     "[",  "]",      "\"",    ":",     ",",    "\\u0000",
    "\\ud800",  "1e400", "-0", "null",   "::",    "%eth0", "0x7f", "255.",
    "\xff\xfe", "\xc3",  "${", "}_file", "\"s\"", "\n",    ".",    "xn--"};

std::string mutate(const std::string& input, const std::vector<std::string>& corpus,
                   std::mt19937& rng) {
  std::string s = input;
  auto pick = [&](std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };
  const std::size_t ops = 1 + pick(4);
  for (std::size_t op = 0; op < ops; ++op) {
    const std::size_t at = pick(s.size() + 1);
    switch (pick(6)) {
    case 0:  // flip a byte
      if (!s.empty()) s[std::min(at, s.size() - 1)] ^= static_cast<char>(1u << pick(8));
      break;
    case 1:  // insert a token
      s.insert(at, k_tokens[pick(k_tokens.size())]);
      break;
    case 2:  // cut a run
      s.erase(at, pick(16) + 1);
      break;
    case 3:  // repeat a run
      if (at < s.size()) s.insert(at, s.substr(at, pick(64) + 1));
      break;
    case 4: {  // splice in part of another corpus file
      const auto& other = corpus[pick(corpus.size())];
      const std::size_t from = pick(other.size() + 1);
      s.insert(at, other.substr(from, pick(128) + 1));
      break;
    }
    default:  // a random byte
      s.insert(at, 1, static_cast<char>(pick(256)));
      break;
    }
  }
  return s.size() > (1u << 16) ? s.substr(0, 1u << 16) : s;
}

// Every regular file of `dirs`, in name order per directory.
std::vector<std::string> read_corpus(const std::vector<std::filesystem::path>& dirs) {
  std::vector<std::string> out;
  for (const auto& dir : dirs) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s TARGET MUTATIONS_PER_FILE CORPUS_DIR [CORPUS_DIR...]\n",
                 argv[0]);
    return 2;
  }
  const auto target = ddnsguard::fuzz::target_named(argv[1]);
  if (target == nullptr) {
    std::fprintf(stderr, "unknown target \"%s\" (config, address, import)\n", argv[1]);
    return 2;
  }
  const long mutations = std::strtol(argv[2], nullptr, 10);
  const auto corpus = read_corpus({argv + 3, argv + argc});
  if (corpus.empty()) {
    std::fprintf(stderr, "the corpus is empty\n");
    return 2;
  }
  const char* crash = std::getenv("DDNSGUARD_FUZZ_CRASH");
  g_crash_path = crash != nullptr ? crash : "fuzz-crash.bin";
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
    ::signal(sig, on_fatal_signal);
  if (__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(save_current);

  std::size_t runs = 0;
  for (std::size_t i = 0; i < corpus.size(); ++i) {
    g_current = corpus[i];
    target(g_current);
    ++runs;
    std::mt19937 rng(static_cast<std::uint32_t>(i + 1));
    for (long m = 0; m < mutations; ++m) {
      g_current = mutate(corpus[i], corpus, rng);
      target(g_current);
      ++runs;
    }
  }
  std::printf("%s: %zu inputs (%zu corpus files), every invariant held\n", argv[1], runs,
              corpus.size());
  return 0;
}
