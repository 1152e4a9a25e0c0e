#include "train/corpus.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "base/file.h"
#include "base/hash.h"
#include "base/strings.h"
#include "nlp/features.h"

namespace dyad::train {

DocFilter GumCcByFilter() {
  return [](const std::string& doc_id, const std::string&) {
    if (!IsGumDocument(doc_id)) return true;
    static const char* kOpen[] = {"news",     "interview",    "bio",   "voyage",
                                  "textbook", "vlog", "conversation", "speech"};
    std::string_view rest = std::string_view(doc_id).substr(4);
    for (const char* g : kOpen) {
      std::string_view gv(g);
      if (rest.size() > gv.size() && rest.substr(0, gv.size()) == gv && rest[gv.size()] == '_')
        return true;
    }
    return false;
  };
}

GoldSentence FromConllu(const ConlluSentence& s, const std::string& doc_id) {
  GoldSentence g;
  g.sent_id = s.sent_id;
  g.doc_id = doc_id;
  g.text = s.text;
  g.tokens.resize(s.words.size());
  for (size_t i = 0; i < s.words.size(); ++i) {
    const ConlluWord& w = s.words[i];
    Token& t = g.tokens[i];
    t.form = w.form;
    t.upos = w.upos;
    t.xpos = w.xpos;
    t.lemma = w.lemma;
    t.feats = w.feats == "_" ? "" : w.feats;
    t.head = w.head - 1;
    t.deprel = w.deprel;
    t.space_after = w.space_after;
  }
  return g;
}

static std::string DocIdOf(const ConlluSentence& s) {
  for (const auto& c : s.comments) {
    if (c.rfind("newdoc", 0) == 0) {
      size_t eq = c.find('=');
      if (eq != std::string::npos) return std::string(StripAscii(std::string_view(c).substr(eq + 1)));
      return "";
    }
  }
  return "";
}

Result<std::vector<GoldSentence>> LoadTreebanks(const std::vector<std::string>& paths,
                                                const DocFilter& filter) {
  std::vector<GoldSentence> out;
  for (const auto& p : paths) {
    ASSIGN_OR_RETURN(auto sents, ReadConlluFile(p));
    std::string doc;
    for (const auto& s : sents) {
      if (s.new_document) doc = DocIdOf(s);
      if (filter && !filter(doc, s.sent_id)) continue;
      for (const auto& w : s.words) {
        if (w.head < 0 || w.head > static_cast<int>(s.words.size())) {
          return InvalidArgument(p + ":" + std::to_string(s.line) + ": sentence " + s.sent_id +
                                 " has a head outside the sentence");
        }
      }
      out.push_back(FromConllu(s, doc));
    }
  }
  return out;
}

Result<std::vector<GoldSentence>> ReadIob2File(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  std::vector<GoldSentence> out;
  GoldSentence cur;
  std::string doc;
  size_t line_no = 0, pos = 0;
  auto flush = [&] {
    if (!cur.tokens.empty()) {
      cur.doc_id = doc;
      out.push_back(std::move(cur));
    }
    cur = GoldSentence();
  };
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (StripAscii(line).empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      std::string_view c = StripAscii(line.substr(1));
      size_t eq = c.find('=');
      std::string val = eq == std::string_view::npos ? "" : std::string(StripAscii(c.substr(eq + 1)));
      if (c.rfind("sent_id", 0) == 0) cur.sent_id = val;
      if (c.rfind("newdoc", 0) == 0) doc = val;
      if (c.rfind("text", 0) == 0 && eq != std::string_view::npos) cur.text = val;
      continue;
    }
    auto cols = SplitChar(line, '\t');
    auto err = [&](const std::string& what) {
      return InvalidArgument(path + ":" + std::to_string(line_no) + ": " + what);
    };
    if (cols.size() < 3) return err("expected ID, FORM and TAG separated by tabs");
    if (cols[1].empty()) return err("empty FORM");
    std::string_view tag = cols[2];
    if (!(tag == "O" || ((tag.rfind("B-", 0) == 0 || tag.rfind("I-", 0) == 0) && tag.size() > 2))) {
      return err("bad entity tag '" + std::string(tag) + "' (expected O, B-TYPE or I-TYPE)");
    }
    Token t;
    t.form = std::string(cols[1]);
    t.ner = std::string(tag);
    cur.tokens.push_back(std::move(t));
  }
  flush();
  return out;
}

Result<std::string> FingerprintFiles(const std::vector<std::string>& paths) {
  std::string all;
  for (const auto& p : paths) {
    ASSIGN_OR_RETURN(std::string b, ReadFileToString(p));
    all += b;
  }
  return "sha256:" + Sha256Hex(all);
}

}  // namespace dyad::train

namespace dyad::train {
namespace {

bool IsTitleWord(std::string_view w) {
  static const char* const kTitles[] = {
      "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Doctor", "Prof", "Prof.",
      "Professor", "President", "Vice", "Prime", "Minister", "Chancellor", "Premier", "Senator",
      "Sen.", "Rep.", "Representative", "Governor", "Gov.", "Mayor", "Judge", "Justice", "King",
      "Queen", "Prince", "Princess", "Emperor", "Empress", "Duke", "Duchess", "Count",
      "Countess", "Lord", "Lady", "Sir", "Dame", "Pope", "Saint", "St.", "Sheikh", "Prophet",
      "Rev.", "Reverend", "Father", "Brother", "Sister", "Rabbi", "Imam", "Ayatollah", "Pastor",
      "Bishop", "Archbishop", "Cardinal", "General", "Gen.", "Colonel", "Col.", "Major", "Maj.",
      "Captain", "Capt.", "Lieutenant", "Lt.", "Sergeant", "Sgt.", "Admiral", "Adm.", "Commander",
      "Chief", "Secretary", "Ambassador", "Coach", "Officer", "Detective", "Agent", "Uncle",
      "Aunt", "Grandma", "Grandpa", "Madame", "Madam", "Monsieur", "Herr", "Frau", "Senor",
      "Señor", "Speaker", "Chairman", "Chairwoman"};
  for (const char* t : kTitles)
    if (w == t) return true;
  return false;
}

struct GumMention {
  int begin, end;  // word indices, inclusive
  std::string type;
};

std::vector<GumMention> ParseGumEntities(const ConlluSentence& s) {
  std::vector<GumMention> out;
  std::map<std::string, std::vector<std::pair<int, std::string>>> open;
  for (size_t i = 0; i < s.words.size(); ++i) {
    std::string_view misc = s.words[i].misc;
    std::string_view v;
    for (std::string_view part : SplitChar(misc, '|')) {
      if (part.rfind("Entity=", 0) == 0) v = part.substr(7);
    }
    size_t pos = 0;
    while (pos < v.size()) {
      if (v[pos] == '(') {
        size_t j = pos + 1;
        while (j < v.size() && v[j] != '(' && v[j] != ')') ++j;
        std::string_view content = v.substr(pos + 1, j - pos - 1);
        auto fields = SplitChar(content, '-');
        std::string id(fields.empty() ? "" : fields[0]);
        std::string type(fields.size() > 1 ? fields[1] : "");
        if (j < v.size() && v[j] == ')') {
          out.push_back({static_cast<int>(i), static_cast<int>(i), type});
          pos = j + 1;
        } else {
          open[id].push_back({static_cast<int>(i), type});
          pos = j;
        }
      } else {
        size_t j = pos;
        while (j < v.size() && v[j] != ')' && v[j] != '(') ++j;
        std::string id(v.substr(pos, j - pos));
        auto it = open.find(id);
        if (it != open.end() && !it->second.empty()) {
          out.push_back({it->second.back().first, static_cast<int>(i), it->second.back().second});
          it->second.pop_back();
        }
        pos = j < v.size() && v[j] == ')' ? j + 1 : j;
      }
    }
  }
  return out;
}

}  // namespace

Result<std::vector<GoldSentence>> NerFromGum(const std::string& path, const DocFilter& filter) {
  ASSIGN_OR_RETURN(auto sents, ReadConlluFile(path));
  std::vector<GoldSentence> out;
  std::string doc;
  for (const auto& s : sents) {
    if (s.new_document) doc = DocIdOf(s);
    if (filter && !filter(doc, s.sent_id)) continue;
    GoldSentence g = FromConllu(s, doc);
    for (auto& t : g.tokens) t.ner.assign(1, 'O');
    auto ms = ParseGumEntities(s);
    std::sort(ms.begin(), ms.end(), [](const GumMention& a, const GumMention& b) {
      return a.end - a.begin > b.end - b.begin;
    });
    const int n = static_cast<int>(s.words.size());
    for (const auto& m : ms) {
      std::string type = m.type == "person" ? "PER"
                         : m.type == "organization" ? "ORG"
                         : m.type == "place" ? "LOC" : "";
      if (type.empty() || m.end >= n) continue;
      int head = -1;
      for (int k = m.begin; k <= m.end; ++k) {
        int h = s.words[k].head - 1;
        if (h < m.begin || h > m.end) {
          head = k;
          break;
        }
      }
      if (head < 0 || s.words[head].upos != "PROPN") continue;
      auto linker = [&](int k) {
        const std::string& f = s.words[k].form;
        return f == "of" || f == "and" || f == "&" || f == "de" || f == "for";
      };
      // The name: the head's run of proper nouns, and capitalised words before them inside the
      // sentence, which are part of the name however they are tagged ("the [United States]",
      // where GUM tags "United" VERB).
      auto capitalised = [&](int k) {
        return k > 0 && (nlp::WordFlags(s.words[k].form) & nlp::kFirstUpper) &&
               s.words[k].upos != "DET" && s.words[k].upos != "PRON" && s.words[k].upos != "PUNCT";
      };
      int b = head, e = head;
      while (b - 1 >= m.begin && (s.words[b - 1].upos == "PROPN" || capitalised(b - 1))) --b;
      while (true) {
        if (e + 1 <= m.end && s.words[e + 1].upos == "PROPN") {
          ++e;
        } else if (e + 2 <= m.end && linker(e + 1) && s.words[e + 2].upos == "PROPN") {
          e += 2;
        } else {
          break;
        }
      }
      // UNER leaves groups named by a plural proper noun ("the Romans", "Native Americans")
      // unmarked; GUM marks them as person mentions.
      if (type == "PER" && s.words[e].xpos == "NNPS") continue;
      // UNER leaves titles outside person names ("President [Obama]", "Dr. [Smith]"); GUM's
      // proper-noun run often starts with one.
      if (type == "PER") {
        while (b < e && IsTitleWord(s.words[b].form)) ++b;
        // A title alone ("Mr. President", "Madam Speaker") names no one in UNER's terms.
        if (b == e && IsTitleWord(s.words[b].form)) continue;
      }
      bool taken = false;
      for (int k = b; k <= e; ++k) taken |= g.tokens[k].ner != "O";
      if (taken) continue;
      for (int k = b; k <= e; ++k) g.tokens[k].ner = (k == b ? "B-" : "I-") + type;
    }
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace dyad::train
