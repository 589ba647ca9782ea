// Screening .control commands: kept, skipped, path-checked or refused (see control_block.h).
#include "spice/control_block.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "io/text.h"

namespace memcosim::spice {
namespace {

using io::lowerCase;
using io::trimmed;

/// Splits `text` at `separator` characters outside single or double quotes (and, when
/// `separator` is a blank, at any run of blanks and tabs).
std::vector<std::string> splitOutsideQuotes(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  char quote = 0;
  const auto isSeparator = [&](char c) { return separator == ' ' ? (c == ' ' || c == '\t') : c == separator; };
  for (char c : text) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      current += c;
    } else if (isSeparator(c)) {
      if (separator != ' ' || !current.empty()) parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (separator != ' ' || !current.empty()) parts.push_back(current);
  return parts;
}

const std::set<std::string> kFlow{"if",      "else",  "end",      "while", "repeat", "dowhile",
                                  "foreach", "break", "continue", "label", "goto"};
const std::set<std::string> kOpensBlock{"if", "while", "repeat", "dowhile", "foreach"};
const std::set<std::string> kAnalyses{"op", "dc", "ac", "tran", "noise", "sens", "tf", "pz", "disto", "sp", "pss"};
const std::set<std::string> kKept{
    "run",      "save",       "set",       "unset",      "option",   "options",   "let",     "unlet",     "alter",
    "altermod", "alterparam", "reset",     "echo",       "print",    "asciiplot", "display", "destroy",   "setplot",
    "meas",     "measure",    "linearize", "fft",        "spec",     "fourier",   "psd",     "inventory", "compose",
    "define",   "undefine",   "deftype",   "settype",    "setscale", "transpose", "listing", "show",      "showmod",
    "status",   "version",    "rusage",    "devhelp",    "help",     "where",     "shift",   "strcmp",    "setseed",
    "sysinfo",  "mc_source",  "reshape",   "stop",       "resume",   "step",      "delete",  "trace",     "state",
    "diff",     "cross",      "remcirc",   "removecirc", "setcirc",  "cdump",     "dump",    "esave",     "edisplay",
    "eprint",   "remzerovec", "history"};
/// Commands whose first argument is a file they write.
const std::set<std::string> kWriters{"write", "wrdata", "wrs2p", "hardcopy", "snsave", "mdump", "mrdump"};
/// Commands whose arguments are files they read.
const std::set<std::string> kReaders{"load", "snload"};
const std::set<std::string> kGraphics{"plot", "iplot", "xgraph", "bltplot", "gnuplot"};
const std::set<std::string> kQuit{"quit", "exit"};

/// Why a command reaches outside the run, or "" if it does not.
std::string outsideReach(const std::string& word) {
  if (word == "shell" || (!word.empty() && word[0] == '!')) return "runs a shell command";
  if (word == "source") return "reads and runs another command file";
  if (word == "cd") return "changes the working folder";
  if (word == "edit") return "starts an editor";
  if (word == "alias" || word == "unalias") return "renames commands, which hides what they do";
  if (word == "codemodel" || word == "osdi" || word == "use") return "loads compiled code into the simulator";
  if (word == "aspice" || word == "rspice" || word == "jobs") return "runs ngspice as another process";
  if (word == "circbyline") return "adds deck lines that are not checked";
  if (word == "rehash") return "searches the program path";
  if (word == "bug") return "sends a bug report";
  if (word.rfind("pre_", 0) == 0) return "runs a command before the circuit is parsed";
  return {};
}

/// A file path a command may write or read: relative, without `..`, variables or back quotes.
bool isContainedPath(std::string path) {
  if (path.size() >= 2 && (path.front() == '"' || path.front() == '\'') && path.back() == path.front())
    path = path.substr(1, path.size() - 2);
  if (path.empty() || path.find_first_of("$~`") != std::string::npos) return false;
  const std::filesystem::path p(path);
  if (p.is_absolute()) return false;
  return std::none_of(p.begin(), p.end(), [](const std::filesystem::path& part) { return part == ".."; });
}

class Screener {
 public:
  explicit Screener(bool trustDeck) : trust_(trustDeck) {}

  /// Screens one line; returns false when the rest of the block is to be dropped (`quit`).
  bool line(const SourceLine& source) {
    const std::string text = trimmed(source.text);
    if (text.empty() || text[0] == '*' || text[0] == '#') {
      result_.lines.push_back(source);
      return true;
    }
    if (source.text.size() > kMaxControlLine)
      refuse(source, "a .control line of " + std::to_string(source.text.size()) + " characters (over " +
                         std::to_string(kMaxControlLine) + ", which libngspice cannot take safely); split it");
    if (text.find('`') != std::string::npos && !trust_)
      refuse(source, "back quotes run a shell command; remove them or pass --trust-deck");
    std::vector<std::string> kept;
    for (const auto& command : splitOutsideQuotes(text, ';')) {
      const std::string trimmedCommand = trimmed(command);
      if (trimmedCommand.empty()) continue;
      const Verdict verdict = screen(source, trimmedCommand);
      if (verdict == Verdict::QuitInBlock) {
        const auto words = splitOutsideQuotes(trimmedCommand, ' ');
        kept.push_back("echo " + std::string(kQuitMarker) + " " + (words.size() > 1 ? words[1] : "0") + " " +
                       source.origin);
        kept.push_back("goto " + std::string(kQuitLabel));
        nestedQuit_ = true;
        continue;
      }
      if (verdict == Verdict::Quit) {
        finishLine(source, kept);
        return false;
      }
      if (verdict == Verdict::Keep) kept.push_back(trimmedCommand);
    }
    finishLine(source, kept);
    return true;
  }

  ScreenedControl take() {
    if (nestedQuit_) {  // a `goto` reaches a label only in an enclosing block: wrap the whole block in one
      const std::string origin = result_.lines.empty() ? std::string() : result_.lines.front().origin;
      result_.lines.insert(result_.lines.begin(), {"repeat 1", origin});
      result_.lines.push_back({"label " + std::string(kQuitLabel), origin});
      result_.lines.push_back({"end", origin});
    }
    return std::move(result_);
  }
  void warn(const std::string& text) { result_.warnings.push_back(text); }

 private:
  enum class Verdict { Keep, Skip, Quit, QuitInBlock };

  [[noreturn]] static void refuse(const SourceLine& source, const std::string& why) {
    throw std::runtime_error(source.origin + ": " + why);
  }

  void finishLine(const SourceLine& source, const std::vector<std::string>& kept) {
    if (kept.empty()) result_.lines.push_back({"*", source.origin});
    for (const auto& command : kept) result_.lines.push_back({command, source.origin});
  }

  Verdict screen(const SourceLine& source, const std::string& command) {
    const std::vector<std::string> words = splitOutsideQuotes(command, ' ');
    const std::string word = lowerCase(words.front());
    if (kFlow.count(word) != 0) {
      if (kOpensBlock.count(word) != 0) ++depth_;
      if (word == "end" && depth_ > 0) --depth_;
      return Verdict::Keep;
    }
    if (kQuit.count(word) != 0) return depth_ > 0 ? Verdict::QuitInBlock : Verdict::Quit;
    if (kGraphics.count(word) != 0 && !trust_) {
      warn(source.origin + ": '" + word + "' skipped: memcosim draws no graphs (the vectors are in the CSV files)");
      return Verdict::Skip;
    }
    if (!trust_) {
      if (word[0] == '$' || word[0] == '&')
        refuse(source, "the command name '" + words.front() +
                           "' comes from a variable and cannot be checked; write it out or pass --trust-deck");
      if (const std::string why = outsideReach(word); !why.empty())
        refuse(source, "'" + word + "' " + why + ", which memcosim run does not allow; pass --trust-deck to run it");
      checkPaths(source, word, words);
    }
    if (kAnalyses.count(word) != 0) {
      result_.analyses.push_back({command, source.origin});
      return Verdict::Keep;
    }
    if (word == "run") result_.runsDeckAnalyses = true;
    if (kKept.count(word) != 0 || kWriters.count(word) != 0 || kReaders.count(word) != 0 || trust_)
      return Verdict::Keep;
    refuse(source, "'" + word +
                       "' is not a .control command memcosim run knows to be safe; remove it or pass --trust-deck to "
                       "run it unchecked");
  }

  void checkPaths(const SourceLine& source, const std::string& word, const std::vector<std::string>& words) const {
    const auto requireContained = [&](const std::string& path, const std::string& what) {
      if (!isContainedPath(path))
        refuse(source, "'" + word + "' " + what + " '" + path +
                           "' outside the output folder; use a relative path without '..' (it lands in --out) "
                           "or pass --trust-deck");
    };
    if (kWriters.count(word) != 0 && words.size() > 1) requireContained(words[1], "writes");
    if (kReaders.count(word) != 0)
      for (std::size_t k = 1; k < words.size(); ++k) requireContained(words[k], "reads");
    // Redirection: `print v(1) > file`, `echo x >> file`, `cmd < file`.
    for (std::size_t k = 1; k < words.size(); ++k) {
      const std::string& w = words[k];
      if (w.empty() || (w[0] != '>' && w[0] != '<')) continue;
      const auto start = w.find_first_not_of("><&");
      const std::string target = start != std::string::npos ? w.substr(start)
                                 : k + 1 < words.size()     ? words[k + 1]
                                                            : std::string();
      requireContained(target, w[0] == '<' ? "reads" : "redirects its output to");
    }
  }

  bool trust_;
  int depth_ = 0;
  bool nestedQuit_ = false;
  ScreenedControl result_;
};

}  // namespace

ScreenedControl screenControlBlock(const std::vector<SourceLine>& block, bool trustDeck) {
  Screener screener(trustDeck);
  for (std::size_t k = 0; k < block.size(); ++k) {
    if (screener.line(block[k])) continue;
    const bool more = std::any_of(block.begin() + static_cast<std::ptrdiff_t>(k) + 1, block.end(), [](const auto& l) {
      const std::string t = trimmed(l.text);
      return !t.empty() && t[0] != '*' && t[0] != '#';
    });
    if (more) screener.warn(block[k].origin + ": commands after 'quit' are not run (as in ngspice)");
    break;
  }
  return screener.take();
}

}  // namespace memcosim::spice
