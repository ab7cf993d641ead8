#include "controller/config/config_document.hpp"

#include <set>
#include <string>

#include <fmt/format.h>

namespace ddnsguard::controller {

namespace {

using Event = nlohmann::json::parse_event_t;

// Follows where the parser is, so an error thrown while a value is read can name its path.
class PathTracker {
 public:
  bool operator()(int /*depth*/, Event event, nlohmann::json& parsed) {
    switch (event) {
    case Event::object_start:
    case Event::array_start:
      m_frames.push_back({event == Event::array_start, {}, 0});
      break;
    case Event::key:
      if (!m_frames.empty() && parsed.is_string()) {
        auto& f = m_frames.back();
        f.key = parsed.get<std::string>();
        if (!f.keys.insert(f.key).second) m_duplicates.push_back(path());
      }
      break;
    case Event::object_end:
    case Event::array_end:
      if (!m_frames.empty()) m_frames.pop_back();
      element_done();
      break;
    case Event::value:
      element_done();
      break;
    }
    return true;
  }

  // Keys given twice in one object (JSON would keep the last one silently).
  const std::vector<providers::JsonPath>& duplicates() const { return m_duplicates; }

  // The path of the value being read.
  providers::JsonPath path() const {
    providers::JsonPath p;
    for (const auto& f : m_frames)
      p = f.array ? p / f.done : p / f.key;
    return p;
  }

 private:
  struct Frame {
    bool array = false;
    std::string key;               // objects: the last key read
    std::size_t done = 0;          // arrays: elements read so far (the index of the next)
    std::set<std::string> keys{};  // objects: every key read
  };
  void element_done() {
    if (!m_frames.empty() && m_frames.back().array) ++m_frames.back().done;
  }
  std::vector<Frame> m_frames;
  std::vector<providers::JsonPath> m_duplicates;
};

}  // namespace

std::optional<nlohmann::json> parse_document(std::string_view text,
                                             std::vector<providers::ConfigProblem>& problems) {
  PathTracker where;
  try {
    auto doc = nlohmann::json::parse(
        text.begin(), text.end(),
        [&where](int depth, Event event, nlohmann::json& parsed) {
          return where(depth, event, parsed);
        },
        /*allow_exceptions=*/true, /*ignore_comments=*/true);  // people annotate configs
    for (const auto& at : where.duplicates())
      problems.push_back({at.str(), "duplicate key (each key may be given once)"});
    if (!where.duplicates().empty()) return std::nullopt;
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    // The lexer's "; last read: '...'" echoes the token it stopped in, which may be a
    // secret (a token pasted with a raw newline, a missing closing quote): never print it.
    std::string what = e.what();
    if (auto cut = what.find("; last read"); cut != std::string::npos) what.resize(cut);
    if (auto id = what.find("] "); what.starts_with("[json.") && id != std::string::npos) {
      what.erase(0, id + 2);  // "[json.exception.parse_error.101] " means nothing to a user
    }
    problems.push_back(
        {"", fmt::format("not valid JSON: byte {}: {}", e.byte, what.substr(0, 200))});
  } catch (const nlohmann::json::out_of_range&) {
    problems.push_back({where.path().str(), "number out of range"});
  } catch (const nlohmann::json::exception& e) {
    problems.push_back({where.path().str(), fmt::format("not valid JSON (error {})", e.id)});
  }
  return std::nullopt;
}

}  // namespace ddnsguard::controller
