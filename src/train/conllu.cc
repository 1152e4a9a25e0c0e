#include "train/conllu.h"

#include <charconv>

#include "base/file.h"
#include "base/strings.h"

namespace dyad {

bool MiscHas(std::string_view misc, std::string_view key_value) {
  for (std::string_view part : SplitChar(misc, '|')) {
    if (part == key_value) return true;
  }
  return false;
}

static bool ParseInt(std::string_view s, int* v) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), *v);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

Result<std::vector<ConlluSentence>> ParseConllu(std::string_view text, const std::string& origin) {
  std::vector<ConlluSentence> out;
  ConlluSentence cur;
  bool in_sentence = false;
  size_t line_no = 0;
  size_t pos = 0;
  auto error = [&](const std::string& what) {
    return InvalidArgument(origin + ":" + std::to_string(line_no) + ": " + what);
  };
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    bool at_end = nl >= text.size();
    pos = nl + 1;
    if (line.empty()) {
      if (in_sentence) {
        if (cur.words.empty()) return error("sentence without words");
        out.push_back(std::move(cur));
        cur = ConlluSentence();
        in_sentence = false;
      }
      if (at_end) break;
      continue;
    }
    if (!in_sentence) {
      in_sentence = true;
      cur.line = line_no;
    }
    if (line[0] == '#') {
      std::string_view c = StripAscii(line.substr(1));
      cur.comments.emplace_back(c);
      if (c.rfind("sent_id", 0) == 0) {
        size_t eq = c.find('=');
        if (eq != std::string_view::npos) cur.sent_id = std::string(StripAscii(c.substr(eq + 1)));
      } else if (c.rfind("text =", 0) == 0 || c.rfind("text=", 0) == 0) {
        size_t eq = c.find('=');
        cur.text = std::string(StripAscii(c.substr(eq + 1)));
      } else if (c.rfind("newdoc", 0) == 0) {
        cur.new_document = true;
      } else if (c.rfind("newpar", 0) == 0) {
        cur.new_paragraph = true;
      }
      if (at_end) break;
      continue;
    }
    std::vector<std::string_view> f = SplitChar(line, '\t');
    if (f.size() != 10) {
      return error("expected 10 tab-separated columns, found " + std::to_string(f.size()));
    }
    std::string_view id = f[0];
    if (id.find('.') != std::string_view::npos) {  // empty node
      if (at_end) break;
      continue;
    }
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      ConlluMultiword mw;
      if (!ParseInt(id.substr(0, dash), &mw.first) || !ParseInt(id.substr(dash + 1), &mw.last) ||
          mw.last < mw.first) {
        return error("bad multi-word token range '" + std::string(id) + "'");
      }
      mw.form = std::string(f[1]);
      mw.misc = std::string(f[9]);
      mw.space_after = !MiscHas(f[9], "SpaceAfter=No");
      cur.multiwords.push_back(std::move(mw));
      if (at_end) break;
      continue;
    }
    ConlluWord w;
    if (!ParseInt(id, &w.id) || w.id != static_cast<int>(cur.words.size()) + 1) {
      return error("bad or out-of-order word id '" + std::string(id) + "'");
    }
    w.form = std::string(f[1]);
    w.lemma = std::string(f[2]);
    w.upos = std::string(f[3]);
    w.xpos = std::string(f[4]);
    w.feats = std::string(f[5]);
    if (f[6] == "_") {
      w.head = -1;
    } else if (!ParseInt(f[6], &w.head) || w.head < 0) {
      return error("bad head '" + std::string(f[6]) + "'");
    }
    w.deprel = std::string(f[7]);
    w.deps = std::string(f[8]);
    w.misc = std::string(f[9]);
    w.space_after = !MiscHas(f[9], "SpaceAfter=No");
    cur.words.push_back(std::move(w));
    if (at_end) break;
  }
  if (in_sentence) {
    if (cur.words.empty()) return error("sentence without words");
    out.push_back(std::move(cur));
  }
  for (const ConlluSentence& s : out) {
    for (const ConlluWord& w : s.words) {
      if (w.head > static_cast<int>(s.words.size())) {
        line_no = s.line;
        return error("sentence " + s.sent_id + ": head " + std::to_string(w.head) +
                     " out of range");
      }
    }
  }
  return out;
}

Result<std::vector<ConlluSentence>> ReadConlluFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  return ParseConllu(text, path);
}

}  // namespace dyad
