#include "controller/import/inadyn_syntax.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "providers/base/safe_text.hpp"

namespace ddnsguard::controller::import {

namespace {

enum class Tok { word, string, open, close, lparen, rparen, assign, append, comma, end };

struct Token {
  Tok kind = Tok::end;
  std::string text;
  int line = 0;
};

struct SyntaxError {
  std::string message;
};

// Text from the file in an error message: printable ASCII, quoted, bounded.
std::string shown(const std::string& text) {
  return "\"" + providers::printable_ascii(text, 64) + "\"";
}

bool word_char(char c) {
  return std::isspace(static_cast<unsigned char>(c)) == 0 &&
         std::string_view("#\"'={}()+,*").find(c) == std::string_view::npos;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : m_s(text) {}

  Token next() {
    skip_blank();
    Token t{Tok::end, {}, m_line};
    if (m_i >= m_s.size()) return t;
    char c = m_s[m_i];
    const std::string_view punct = "{}(),";
    if (auto p = punct.find(c); p != std::string_view::npos) {
      ++m_i;
      t.kind = std::array{Tok::open, Tok::close, Tok::lparen, Tok::rparen, Tok::comma}[p];
    } else if (c == '=') {
      ++m_i;
      t.kind = Tok::assign;
    } else if (c == '+' && m_i + 1 < m_s.size() && m_s[m_i + 1] == '=') {
      m_i += 2;
      t.kind = Tok::append;
    } else if (c == '$' && m_s.substr(m_i, 2) == "${") {  // an unquoted ${VAR}
      auto end = m_s.find('}', m_i);
      if (end == std::string_view::npos || end - m_i > 256) {
        throw SyntaxError{fmt::format("line {}: unterminated ${{", m_line)};
      }
      t.kind = Tok::word;
      t.text = std::string(m_s.substr(m_i, end + 1 - m_i));
      m_i = end + 1;
    } else if (c == '"' || c == '\'') {
      t.kind = Tok::string;
      t.text = quoted(c);
    } else if (word_char(c) && !comment_ahead()) {
      t.kind = Tok::word;
      while (m_i < m_s.size() && word_char(m_s[m_i]) && !comment_ahead())
        t.text += m_s[m_i++];
    } else {
      throw SyntaxError{fmt::format("line {}: unexpected {}", m_line, shown(std::string(1, c)))};
    }
    return t;
  }

 private:
  bool comment_ahead() const { return m_s.substr(m_i, 2) == "//" || m_s.substr(m_i, 2) == "/*"; }

  void skip_blank() {
    while (m_i < m_s.size()) {
      char c = m_s[m_i];
      if (c == '\n') {
        ++m_line;
        ++m_i;
      } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
        ++m_i;
      } else if (c == '#' || m_s.substr(m_i, 2) == "//") {
        while (m_i < m_s.size() && m_s[m_i] != '\n')
          ++m_i;
      } else if (m_s.substr(m_i, 2) == "/*") {
        auto end = m_s.find("*/", m_i + 2);
        if (end == std::string_view::npos) throw SyntaxError{"unterminated /* comment"};
        m_line +=
            static_cast<int>(std::count(m_s.begin() + static_cast<std::ptrdiff_t>(m_i),
                                        m_s.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
        m_i = end + 2;
      } else {
        return;
      }
    }
  }

  // A C escape after '\' in a double-quoted string (\n \t \xHH \NNN; others are themselves).
  std::string escape() {
    char e = m_s[m_i++];
    if (e == 'n') return "\n";
    if (e == 't') return "\t";
    if (e == '\n') {
      ++m_line;
      return "";
    }
    auto digits = [&](int base, std::size_t max) {
      std::size_t n = 0;
      int v = 0;
      while (n < max && m_i < m_s.size() &&
             std::isxdigit(static_cast<unsigned char>(m_s[m_i])) != 0 &&
             (base == 16 || (m_s[m_i] >= '0' && m_s[m_i] <= '7'))) {
        v = v * base + std::stoi(std::string(1, m_s[m_i++]), nullptr, 16);
        ++n;
      }
      return std::string(1, static_cast<char>(v));
    };
    if (e == 'x') return digits(16, 2);
    if (e >= '0' && e <= '7') {
      --m_i;
      return digits(8, 3);
    }
    return std::string(1, e);
  }

  std::string quoted(char q) {
    const int start = m_line;
    std::string out;
    for (++m_i; m_i < m_s.size();) {
      char c = m_s[m_i++];
      if (c == q) return out;
      if (c == '\n') ++m_line;
      if (c == '\\' && m_i < m_s.size()) {
        if (q == '"') {
          out += escape();
        } else if (m_s[m_i] == '\\' || m_s[m_i] == '\'') {
          out += m_s[m_i++];
        } else {
          out += c;
        }
        continue;
      }
      out += c;
    }
    throw SyntaxError{fmt::format("line {}: unterminated string", start)};
  }

  std::string_view m_s;
  std::size_t m_i = 0;
  int m_line = 1;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : m_lex(text) { advance(); }

  void file(InadynFile& out) {
    while (m_tok.kind != Tok::end)
      statement(out.globals, &out);
  }

 private:
  void advance() { m_tok = m_lex.next(); }

  [[noreturn]] void fail(const std::string& what) const {
    throw SyntaxError{fmt::format("line {}: {}", m_tok.line, what)};
  }

  std::string scalar() {
    if (m_tok.kind != Tok::word && m_tok.kind != Tok::string) fail("expected a value");
    auto text = m_tok.text;
    advance();
    return text;
  }

  void value(InadynValue& v) {
    if (m_tok.kind != Tok::open) {
      v.items.push_back(scalar());
      return;
    }
    advance();
    while (m_tok.kind != Tok::close) {
      v.items.push_back(scalar());
      if (v.items.size() > k_most_values) fail(fmt::format("more than {} values", k_most_values));
      if (m_tok.kind == Tok::comma) {
        advance();
      } else if (m_tok.kind != Tok::close) {
        fail("expected ',' or '}' in a list");
      }
    }
    advance();
  }

  // `name = value`, `name += value`, `provider|custom TITLE { ... }` (top level only) or
  // `include("file")` (in a section only).
  void statement(InadynOptions& into, InadynFile* top, InadynSection* section = nullptr) {
    if (m_tok.kind != Tok::word) fail("expected an option name");
    auto name = m_tok.text;
    const int line = m_tok.line;
    advance();
    if (m_tok.kind == Tok::assign || m_tok.kind == Tok::append) {
      bool append = m_tok.kind == Tok::append;
      advance();
      InadynValue v{{}, line};
      value(v);
      auto& slot = into[name];
      if (!append) slot.items.clear();
      slot.line = line;
      slot.items.insert(slot.items.end(), v.items.begin(), v.items.end());
    } else if (section != nullptr && name == "include" && m_tok.kind == Tok::lparen) {
      advance();
      section->includes.push_back({{scalar()}, line});
      if (m_tok.kind != Tok::rparen) fail("expected ')'");
      advance();
    } else if (top != nullptr && (name == "provider" || name == "custom")) {
      section_body(*top, name, line);
    } else {
      fail("expected '=' after an option name");
    }
  }

  void section_body(InadynFile& top, const std::string& kind, int line) {
    auto title = scalar();
    if (m_tok.kind != Tok::open) fail(fmt::format("expected '{{' after {} {}", kind, shown(title)));
    advance();
    auto same = std::find_if(top.sections.begin(), top.sections.end(),
                             [&](const auto& s) { return s.kind == kind && s.title == title; });
    if (same == top.sections.end()) {
      if (top.sections.size() >= k_most_values)
        fail(fmt::format("more than {} sections", k_most_values));
      top.sections.push_back({kind, title, line, {}, {}});
      same = top.sections.end() - 1;
    }
    auto index = static_cast<std::size_t>(same - top.sections.begin());
    while (m_tok.kind != Tok::close) {
      if (m_tok.kind == Tok::end) fail(fmt::format("{} {} is not closed", kind, shown(title)));
      statement(top.sections[index].options, nullptr, &top.sections[index]);
    }
    advance();
  }

  Lexer m_lex;
  Token m_tok;
};

}  // namespace

InadynFile parse_inadyn(std::string_view text) {
  InadynFile out;
  try {
    Parser(text).file(out);
  } catch (const SyntaxError& e) {
    out.error = e.message;
  }
  return out;
}

}  // namespace ddnsguard::controller::import
