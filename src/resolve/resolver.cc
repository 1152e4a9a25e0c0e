// Resolution rules; docs/actors.md describes them for users.
#include "resolve/resolver.h"

#include <algorithm>
#include <set>
#include <string_view>

#include "base/utf8.h"

namespace dyad::resolve {
namespace {

using kb::Entity;
using kb::EntityKind;
using kb::NameForm;
using kb::NameRef;

// A piece of a token: tokens are split at inner hyphens ("U.S.-Russia", "Moscow-based") and before
// a possessive "'s", so that names inside them can be matched.
struct Piece {
  uint32_t begin = 0, end = 0;  // bytes in doc.clean
  uint32_t token = 0;
  uint32_t sentence = 0;
  std::string folded;
  bool adjacent = false;  // no white space between this piece and the previous one
  bool upper = false;     // starts with a capital letter (or a non-ASCII letter)
  bool alpha = false;     // starts with a letter
  bool sentence_start = false;
};

// A candidate actor phrase over pieces [pb, pe).
struct Unit {
  uint32_t pb = 0, pe = 0;
  const Entity* entity = nullptr;
  NameForm form = NameForm::kName;
  bool name_candidate = false;  // capitalised words not in the KB (possible unknown person)
  bool pronoun = false;
  int ner = -1;                 // index of the NER mention covering it, if any
  bool consumed = false;        // folded into another mention (a title before a name)
  bool emit = true;
  Mention m;
  std::string agent_term;       // for persons: the title that preceded them ("spokesman")
  int antecedent_unit = -1;     // coreference: the unit this one refers to
};

constexpr std::string_view kLocatives[] = {"in",   "at",      "near",   "from",    "to",
                                           "into", "outside", "around", "across",  "toward",
                                           "towards", "on",   "inside", "through", "via"};

bool IsLocative(std::string_view w) {
  for (auto l : kLocatives) {
    if (w == l) return true;
  }
  return false;
}

bool IsDeterminer(std::string_view w) { return w == "a" || w == "an" || w == "the"; }

// GeoNames city names that are also everyday English words or common personal names: taken as
// places only in a locative context ("in Reading", "near Split"), never alone ("Union", "Nice
// work", "Austin said").
bool IsAmbiguousCityWord(std::string_view folded) {
  static const std::set<std::string_view> k = {
      "independence", "union", "orange", "mission", "most", "sale", "split", "nice", "reading",
      "paradise", "sunrise", "deal", "bath", "hope", "liberty", "progress", "unity", "freedom",
      "eagle", "van", "batman", "florence", "victoria", "lincoln", "jackson", "austin", "marion",
      "chester", "salem", "concord", "columbia", "bristol", "mobile", "police", "gary", "irving",
      "eugene", "tyler", "clinton", "franklin", "madison", "warren", "charlotte",
      "santa", "best", "buy", "bay", "wells", "worth", "bend", "ocean", "summit", "camp", "pride",
      "sharon", "elizabeth", "regina"};
  return k.count(folded) > 0;
}

// Capitalised words that are never taken as a GeoNames city or as part of an unknown name:
// months, weekdays, function words that open sentences, generic institution nouns.
bool IsNeverNameWord(std::string_view folded) {
  static const std::set<std::string_view> k = {
      "january", "february", "march", "april", "may", "june", "july", "august", "september",
      "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "in", "on", "at", "for", "but", "and", "or", "a", "an", "the", "as",
      "after", "before", "during", "since", "while", "when", "if", "by", "from", "with", "to",
      "of", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "his",
      "her", "their", "our", "there", "here", "then", "now", "yet", "so", "also", "meanwhile",
      "however", "although", "though", "despite", "according", "earlier", "later", "last",
      "next", "university", "college", "city", "state", "county", "god", "president", "minister",
      "mr", "mrs", "ms", "dr", "sir", "new", "north", "south", "east", "west", "central",
      "according", "under", "over", "about", "because", "what", "who", "why", "how", "where"};
  return k.count(folded) > 0;
}

// Nouns that make "X of <name>" a place reading: "north of Baghdad", "the people of Darayya".
bool IsPlaceOfNoun(std::string_view w) {
  static const std::set<std::string_view> k = {
      "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
      "outskirts", "suburb", "suburbs", "centre", "center", "city", "town", "village", "province",
      "region", "heart", "streets", "people", "residents", "mayor", "governor", "siege", "capital",
      "district", "part", "parts", "area", "areas", "edge", "port", "governorate", "countryside"};
  return k.count(w) > 0;
}

bool IsPronoun(std::string_view w) {
  return w == "he" || w == "she" || w == "him" || w == "her" || w == "his";
}

bool IsClauseEnd(std::string_view w) {
  return w == "," || w == "." || w == ";" || w == ":" || w == "\"" || w == "(" || w == ")" ||
         w == "!" || w == "?";
}

// Base score of a reading of a name: people, then countries, organisations, hand-listed places
// (capitals, regions, contested areas), GeoNames cities.
int KindScore(const Entity& e, NameForm form) {
  if (form == NameForm::kAgent) return 0;
  switch (e.kind) {
    case EntityKind::kPerson: return 50;
    case EntityKind::kCountry: return 48;
    case EntityKind::kOrg: return 40;
    case EntityKind::kPlace: return e.subkind == "city" ? 10 : 20;
    case EntityKind::kAgent: return 0;
  }
  return 0;
}

std::vector<Piece> MakePieces(const Document& doc) {
  std::vector<Piece> pieces;
  std::vector<uint32_t> sent_of(doc.tokens.size(), 0);
  std::vector<bool> sent_start(doc.tokens.size(), false);
  for (uint32_t s = 0; s < doc.sentences.size(); ++s) {
    const Sentence& se = doc.sentences[s];
    for (uint32_t t = se.token_begin; t < se.token_end && t < doc.tokens.size(); ++t) sent_of[t] = s;
    if (se.token_begin < doc.tokens.size()) sent_start[se.token_begin] = true;
  }
  if (doc.sentences.empty() && !doc.tokens.empty()) sent_start[0] = true;
  uint32_t prev_end = UINT32_MAX;
  for (uint32_t t = 0; t < doc.tokens.size(); ++t) {
    const Token& tok = doc.tokens[t];
    if (tok.clean.end > doc.clean.size() || tok.clean.begin > tok.clean.end) continue;
    std::string_view text = doc.Text(tok.clean);
    // Split points: inner hyphens, and a trailing possessive.
    std::vector<std::pair<uint32_t, uint32_t>> spans;  // relative [b, e)
    uint32_t n = static_cast<uint32_t>(text.size());
    uint32_t poss = n;
    if (n > 2 && (text.ends_with("'s") || text.ends_with("'S"))) poss = n - 2;
    if (n > 4 && text.ends_with("\xE2\x80\x99s")) poss = n - 4;
    uint32_t b = 0;
    for (uint32_t i = 0; i < poss; ++i) {
      if (text[i] == '-' && i > 0 && i + 1 < poss) {
        if (i > b) spans.emplace_back(b, i);
        spans.emplace_back(i, i + 1);
        b = i + 1;
      }
    }
    if (poss > b) spans.emplace_back(b, poss);
    if (poss < n) spans.emplace_back(poss, n);
    bool first = true;
    for (auto [pb, pe] : spans) {
      Piece p;
      p.begin = tok.clean.begin + pb;
      p.end = tok.clean.begin + pe;
      p.token = t;
      p.sentence = sent_of[t];
      p.folded = kb::FoldName(text.substr(pb, pe - pb));
      p.adjacent = (p.begin == prev_end);
      size_t cl = 1;
      char32_t c = utf8::Decode(text, pb, &cl);
      // Letters beyond ASCII (Latin, Greek, Cyrillic) count as capitals only when upper case.
      bool latin_upper = (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
                         (c >= 0x100 && c <= 0x17F && (c % 2 == 0)) ||
                         (c >= 0x391 && c <= 0x3A9) || (c >= 0x400 && c <= 0x42F);
      bool other_letter = (c >= 0xDF && c <= 0x24F && c != 0xF7) || (c >= 0x370 && c <= 0x4FF);
      p.upper = (c >= 'A' && c <= 'Z') || latin_upper;
      p.alpha = p.upper || (c >= 'a' && c <= 'z') || other_letter;
      p.sentence_start = first && sent_start[t];
      first = false;
      prev_end = p.end;
      pieces.push_back(std::move(p));
    }
  }
  return pieces;
}

}  // namespace

std::string ActorCode(const Mention& m) { return m.country.empty() ? "" : m.country + m.sector; }

Result<std::shared_ptr<const kb::KnowledgeBase>> LoadKnowledgeBase(
    const std::string& dir, const std::vector<std::string>& extra_files) {
  auto kb = std::make_shared<kb::KnowledgeBase>();
  std::string errors;
  Status s = kb->LoadDirectory(dir);
  if (!s.ok()) errors = s.message();
  for (const std::string& f : extra_files) {
    Status e = kb->LoadFile(f);
    if (!e.ok()) errors += (errors.empty() ? "" : "\n") + e.message();
  }
  if (!errors.empty()) return InvalidArgument("knowledge base failed to load:\n" + errors);
  RETURN_IF_ERROR(kb->Finalize().WithContext("knowledge base"));
  return std::shared_ptr<const kb::KnowledgeBase>(std::move(kb));
}

namespace {

// Everything Resolve() needs while working on one document.
class DocResolver {
 public:
  DocResolver(const kb::KnowledgeBase& kb, Document& doc) : kb_(kb), doc_(doc) {}

  Status Run() {
    if (doc_.tokens.empty()) return Status::Ok();
    pieces_ = MakePieces(doc_);
    if (pieces_.empty()) return Status::Ok();
    date_ = doc_.meta.published;
    MapNer();
    Match();
    FindNameCandidates();
    ResolveKbUnits();
    AdjectivalCountryNames();
    ComposeTitlesAndModifiers();
    Appositions();
    ReverseAppositions();
    Coreference();
    Output();
    return Status::Ok();
  }

 private:
  std::string_view Text(uint32_t pb, uint32_t pe) const {
    return std::string_view(doc_.clean).substr(pieces_[pb].begin, pieces_[pe - 1].end - pieces_[pb].begin);
  }
  const std::string& W(int i) const {
    static const std::string kNone;
    return (i < 0 || i >= static_cast<int>(pieces_.size())) ? kNone : pieces_[i].folded;
  }

  // NER mentions given by the language layer: which pieces they cover.
  void MapNer() {
    ner_of_piece_.assign(pieces_.size(), -1);
    for (size_t k = 0; k < doc_.mentions.size(); ++k) {
      const Mention& m = doc_.mentions[k];
      auto it = std::lower_bound(pieces_.begin(), pieces_.end(), m.clean.begin,
                                 [](const Piece& p, uint32_t b) { return p.begin < b; });
      for (size_t i = it - pieces_.begin(); i < pieces_.size() && pieces_[i].end <= m.clean.end;
           ++i) {
        ner_of_piece_[i] = static_cast<int>(k);
      }
    }
  }

  bool RefAllowed(const NameRef& r, uint32_t pb, uint32_t pe) const {
    std::string_view text = Text(pb, pe);
    if (r.case_sensitive) return text == r.surface;
    if (r.form == NameForm::kAgent) return true;
    // "the West", "the Kremlin": a leading article may be lower case; the name after it may not.
    if (pieces_[pb].folded == "the" && pe > pb + 1) return pieces_[pb + 1].upper;
    return pieces_[pb].upper;
  }

  // A small GeoNames city is only taken with place evidence: a locative word before it, a
  // following ", <country>", or an NER LOC over it.
  bool WeakPlaceSupported(uint32_t pb, uint32_t pe) const {
    if (pb > 0 && IsLocative(W(pb - 1))) return true;
    if (pb > 1 && W(pb - 1) == "of" && IsPlaceOfNoun(W(pb - 2))) return true;
    if (pb > 1 && IsDeterminer(W(pb - 1)) && IsLocative(W(pb - 2))) return true;
    if (pe + 1 < pieces_.size() && W(pe) == ",") {
      for (const NameRef& r : kb_.Lookup(W(pe + 1))) {
        if (kb_.entities()[r.entity].kind == EntityKind::kCountry) return true;
      }
    }
    int ner = ner_of_piece_[pb];
    if (ner >= 0) {
      const std::string& t = doc_.mentions[ner].type;
      if (t == "LOC" || t == "GPE") return true;
    }
    return false;
  }

  // Longest KB match at each position, left to right.
  void Match() {
    const size_t n = pieces_.size();
    const int max_pieces = kb_.max_name_words() * 3 + 2;
    size_t i = 0;
    while (i < n) {
      const Piece& start = pieces_[i];
      if (!start.alpha) { ++i; continue; }
      std::string key;
      size_t best_end = 0;
      std::vector<NameRef> best_refs;
      for (size_t j = i; j < n && static_cast<int>(j - i) < max_pieces; ++j) {
        if (pieces_[j].sentence != start.sentence) break;
        if (j > i && !pieces_[j].adjacent) key.push_back(' ');
        key += pieces_[j].folded;
        if (!kb_.HasNamePrefix(key)) break;
        const auto& refs = kb_.Lookup(key);
        if (refs.empty()) continue;
        std::vector<NameRef> ok;
        for (const NameRef& r : refs) {
          if (RefAllowed(r, i, j + 1)) ok.push_back(r);
        }
        if (ok.empty()) continue;
        // A name must end at a word boundary: not followed by a letter in the same token.
        best_end = j + 1;
        best_refs = std::move(ok);
      }
      if (best_end == 0) { ++i; continue; }
      // With tags from the language layer: a one-word proper-name reading needs a noun or
      // adjective tag ("May" as a verb is not the month-named city).
      if (best_end == i + 1 && !doc_.tokens[start.token].upos.empty() &&
          best_refs.front().form != NameForm::kAgent) {
        const std::string& up = doc_.tokens[start.token].upos;
        if (up != "PROPN" && up != "NOUN" && up != "ADJ" && up != "X") { ++i; continue; }
      }
      Unit u;
      u.pb = static_cast<uint32_t>(i);
      u.pe = static_cast<uint32_t>(best_end);
      if (!Choose(&u, best_refs)) { ++i; continue; }
      // Keep the article out of the mention when the name also exists without it ("the
      // Kremlin" -> "Kremlin"); "the West" keeps it.
      if (pieces_[u.pb].folded == "the" && u.pe > u.pb + 1) {
        std::string rest;
        for (uint32_t j = u.pb + 1; j < u.pe; ++j) {
          if (j > u.pb + 1 && !pieces_[j].adjacent) rest.push_back(' ');
          rest += pieces_[j].folded;
        }
        for (const NameRef& r : kb_.Lookup(rest)) {
          if (&kb_.entities()[r.entity] == u.entity) {
            u.pb++;
            break;
          }
        }
      }
      units_.push_back(std::move(u));
      i = best_end;
    }
  }

  // Picks the entity a matched name stands for. Returns false when the match is dropped.
  bool Choose(Unit* u, const std::vector<NameRef>& refs) {
    bool locative = (u->pb > 0 && IsLocative(W(u->pb - 1))) ||
                    (u->pb > 1 && IsDeterminer(W(u->pb - 1)) && IsLocative(W(u->pb - 2))) ||
                    (W(u->pe) == "-" && W(u->pe + 1) == "based");
    // "Woodbridge, Virginia", "Tripoli, Lebanon": what follows the comma picks the place.
    std::string qualifier;
    if (W(u->pe) == ",") {
      for (uint32_t j = u->pe + 1; j < pieces_.size() && j < u->pe + 4 && pieces_[j].upper; ++j) {
        qualifier += (qualifier.empty() ? "" : " ") + pieces_[j].folded;
      }
    }
    std::string qualifier_country;
    if (!qualifier.empty()) {
      for (const NameRef& q : kb_.Lookup(qualifier)) {
        const Entity& qe = kb_.entities()[q.entity];
        if (qe.kind == EntityKind::kCountry) qualifier_country = qe.country;
      }
    }
    const NameRef* best = nullptr;
    int best_score = -1;
    for (const NameRef& r : refs) {
      const Entity& e = kb_.entities()[r.entity];
      int score = KindScore(e, r.form);
      if (e.kind == EntityKind::kPlace) {
        if (e.capital) score += 5;
        if (locative) score += 25;  // "in Brussels" is the place, "Brussels said" the EU
        if (!qualifier.empty() && (kb::FoldName(e.note).starts_with(qualifier) ||
                                   e.country == qualifier_country)) {
          score += 8;
        }
        bool one_word = u->pe == u->pb + 1;
        if (e.subkind == "city" && !e.capital && one_word &&
            IsNeverNameWord(pieces_[u->pb].folded)) {
          continue;  // "in March", "University"
        }
        if (e.subkind == "city" && !e.capital && one_word && !locative &&
            IsAmbiguousCityWord(pieces_[u->pb].folded) && !WeakPlaceSupported(u->pb, u->pe)) {
          continue;
        }
        // A small GeoNames city needs evidence that it is a place: one-word names anywhere
        // ("Richardson said" is a person), longer ones when they open a sentence.
        if (e.subkind == "city" && !e.capital && e.population < 100000 &&
            (one_word || pieces_[u->pb].sentence_start) && !WeakPlaceSupported(u->pb, u->pe)) {
          continue;
        }
      }
      if (e.kind == EntityKind::kPerson) {
        kb::RoleChoice rc = kb::ChooseRole(e, date_);
        if (rc.role && !rc.former && !rc.before) score += 3;
      }
      if (best == nullptr || score > best_score ||
          (score == best_score && e.kind == EntityKind::kPlace &&
           kb_.entities()[best->entity].kind == EntityKind::kPlace &&
           kb_.entities()[best->entity].population < e.population)) {
        best = &r;
        best_score = score;
      }
    }
    if (best == nullptr) return false;
    const Entity& e = kb_.entities()[best->entity];
    // "Washington Post", "Moscow State University": a place name followed by more capitalised
    // words that are not themselves an actor is part of a longer name.
    if ((e.kind == EntityKind::kPlace || e.kind == EntityKind::kCountry) &&
        best->form == NameForm::kName && u->pe < pieces_.size()) {
      const Piece& next = pieces_[u->pe];
      if (next.upper && next.alpha && next.sentence == pieces_[u->pb].sentence &&
          kb_.Lookup(next.folded).empty()) {
        return false;
      }
    }
    // "Jo Richardson": a one-word GeoNames city after a capitalised word that is not an actor
    // is the end of a personal name ("Northern Iraq", "Greater London" are not: direction words).
    if (e.kind == EntityKind::kPlace && e.subkind == "city" && !e.capital &&
        u->pe == u->pb + 1 && u->pb > 0) {
      static const std::set<std::string_view> kDirections = {
          "northern", "southern", "eastern", "western", "central", "greater", "downtown",
          "upper", "lower", "old", "new", "east", "west", "north", "south", "inner", "outer"};
      const Piece& prev = pieces_[u->pb - 1];
      // (A sentence-initial capital says nothing: "Declaring Mosul district ...".)
      if (prev.upper && prev.alpha && !prev.adjacent && !prev.sentence_start &&
          prev.sentence == pieces_[u->pb].sentence &&
          !IsNeverNameWord(prev.folded) && !kDirections.count(prev.folded) &&
          !IsLocative(prev.folded) &&
          kb_.Lookup(prev.folded).empty()) {
        return false;
      }
    }
    u->entity = &e;
    u->form = best->form;
    u->ner = ner_of_piece_[u->pb];
    return true;
  }

  bool Covered(uint32_t i) const {
    for (const Unit& u : units_) {
      if (i >= u.pb && i < u.pe) return true;
    }
    return false;
  }

  // Runs of capitalised words no KB entry explains ("Tatiana Stanovaya"), and pronouns.
  void FindNameCandidates() {
    std::vector<bool> covered(pieces_.size(), false);
    for (const Unit& u : units_) {
      for (uint32_t i = u.pb; i < u.pe; ++i) covered[i] = true;
    }
    std::vector<Unit> found;
    size_t i = 0;
    while (i < pieces_.size()) {
      const Piece& p = pieces_[i];
      if (!covered[i] && IsPronoun(p.folded) && !p.upper) {
        Unit u;
        u.pb = u.pe = static_cast<uint32_t>(i);
        u.pe++;
        u.pronoun = true;
        found.push_back(u);
        ++i;
        continue;
      }
      if (covered[i] || !p.upper || !p.alpha || IsNeverNameWord(p.folded)) { ++i; continue; }
      // With tags: a capitalised run must start with a proper noun.
      const std::string& up = doc_.tokens[p.token].upos;
      if (!up.empty() && up != "PROPN" && up != "X") { ++i; continue; }
      size_t j = i;
      while (j < pieces_.size() && !covered[j] && pieces_[j].upper && pieces_[j].alpha &&
             !IsNeverNameWord(pieces_[j].folded) &&
             pieces_[j].sentence == p.sentence && (j == i || !pieces_[j].adjacent) &&
             j - i < 5) {
        ++j;
      }
      // One-word runs ("The", "In", "Stanovaya") are kept: they only become mentions when
      // coreference links them to an earlier person.
      bool ok = j > i;
      if (ok) {
        Unit u;
        u.pb = static_cast<uint32_t>(i);
        u.pe = static_cast<uint32_t>(j);
        u.name_candidate = true;
        u.ner = ner_of_piece_[i];
        found.push_back(u);
      }
      i = std::max(j, i + 1);
    }
    // A one-word city name that is also the last word of a full name in this document
    // ("Jo Richardson ... Richardson said") is that person's surname, not the city.
    std::set<std::string> surnames;
    for (const Unit& c : found) {
      if (c.name_candidate && c.pe - c.pb >= 2 && !pieces_[c.pb].sentence_start) {
        surnames.insert(pieces_[c.pe - 1].folded);
      }
    }
    for (Unit& u : units_) {
      if (u.entity && u.entity->kind == EntityKind::kPlace && !u.entity->capital &&
          u.entity->subkind == "city" && u.pe == u.pb + 1 &&
          surnames.count(pieces_[u.pb].folded) && !(u.pb > 0 && IsLocative(W(u.pb - 1)))) {
        u.entity = nullptr;
        u.name_candidate = true;
      }
    }
    for (auto& u : found) units_.push_back(std::move(u));
    std::sort(units_.begin(), units_.end(),
              [](const Unit& a, const Unit& b) { return a.pb < b.pb; });
    IndexUnits();
  }

  void SetSpan(Unit* u) {
    Mention& m = u->m;
    m.clean = ByteSpan{pieces_[u->pb].begin, pieces_[u->pe - 1].end};
    m.text = std::string(Text(u->pb, u->pe));
    m.sentence = pieces_[u->pb].sentence;
    m.token_begin = pieces_[u->pb].token;
    m.token_end = pieces_[u->pe - 1].token + 1;
  }

  void ResolvePerson(Unit* u, const Entity& e) {
    Mention& m = u->m;
    m.type = "PER";
    m.actor_id = e.id;
    m.name = e.name;
    kb::RoleChoice rc = kb::ChooseRole(e, date_);
    if (rc.role == nullptr) return;
    m.country = rc.role->country;
    if (rc.former) {
      m.sector = "ELI";
      m.role = "former " + rc.role->title;
      m.rule = "kb-person:former-on-" + date_.ToString();
      m.confidence = 0.85f;
    } else if (rc.before) {
      // Not yet in any known office: the country only (no sector is known for that time).
      m.sector = "";
      m.role = "";
      m.rule = "kb-person:before-first-role-on-" + date_.ToString();
      m.confidence = 0.6f;
    } else if (rc.undated) {
      m.sector = rc.role->sector;
      m.role = rc.role->title;
      m.rule = "kb-person:latest-role(no-date)";
      m.confidence = 0.75f;
    } else {
      m.sector = rc.role->sector;
      m.role = rc.role->title;
      m.rule = "kb-person:role-on-" + date_.ToString();
      m.confidence = 0.95f;
    }
  }

  void ResolveKbUnits() {
    for (Unit& u : units_) {
      SetSpan(&u);
      if (u.entity == nullptr) continue;
      const Entity& e = *u.entity;
      Mention& m = u.m;
      m.confidence = 0.9f;
      switch (e.kind) {
        case EntityKind::kPerson:
          ResolvePerson(&u, e);
          break;
        case EntityKind::kOrg:
          m.type = "ORG";
          m.actor_id = e.id;
          m.name = e.name;
          m.country = e.country;
          m.sector = e.sector;
          m.role = e.subkind;
          m.rule = e.subkind == "metonym" ? "kb-org:metonym" : "kb-org";
          break;
        case EntityKind::kCountry:
          m.actor_id = e.id;
          m.name = e.name;
          m.country = e.country;
          if (u.form == NameForm::kName) {
            m.type = "LOC";
            m.rule = "kb-country";
          } else {
            m.type = "NORP";
            m.rule = u.form == NameForm::kPlural ? "kb-country:plural" : "kb-country:adjective";
          }
          break;
        case EntityKind::kPlace: {
          m.type = "LOC";
          m.actor_id = e.id;
          m.name = e.name;
          m.country = e.country;
          m.latitude = e.latitude;
          m.longitude = e.longitude;
          m.has_coordinates = e.has_coordinates;
          m.role = e.subkind;
          // "in Moscow", "near the Kremlin", "Moscow-based", and "the Ankara talks" (a
          // determiner before a bare capital name makes it a modifier, not the government).
          bool country_follows = false;
          if (W(u.pe) == ",") {
            for (const NameRef& q : kb_.Lookup(W(u.pe + 1))) {
              country_follows |= kb_.entities()[q.entity].kind == EntityKind::kCountry;
            }
          }
          bool locative = (u.pb > 0 && IsLocative(W(u.pb - 1))) ||
                          (u.pb > 0 && W(u.pb - 1) == "the") || W(u.pe) == "-" ||
                          (u.pb > 1 && W(u.pb - 1) == "of" && IsPlaceOfNoun(W(u.pb - 2))) ||
                          country_follows;
          if (e.capital && !locative) {
            // "Moscow and Washington", "Moscow's confidence": the capital stands for the
            // government. Coordinates stay with the mention.
            m.sector = "GOV";
            m.rule = "kb-place:capital-metonym";
            m.confidence = 0.7f;
          } else {
            m.rule = "kb-place";
          }
          break;
        }
        case EntityKind::kAgent:
          m.type = "AGENT";
          m.actor_id = e.id;
          m.name = e.name;
          m.sector = e.sector;
          m.role = FoldName(m.text);
          m.rule = "kb-agent";
          u.emit = false;  // emitted only once it has a country or an antecedent
          break;
      }
    }
  }

  static std::string FoldName(std::string_view s) { return kb::FoldName(s); }

  // Units never overlap, so each piece boundary starts and ends at most one (non-pronoun) unit.
  void IndexUnits() {
    start_at_.assign(pieces_.size() + 1, -1);
    end_at_.assign(pieces_.size() + 1, -1);
    for (size_t k = 0; k < units_.size(); ++k) {
      if (units_[k].pronoun) continue;
      start_at_[units_[k].pb] = static_cast<int>(k);
      end_at_[units_[k].pe] = static_cast<int>(k);
    }
  }
  int UnitEndingAt(uint32_t pe) const { return pe < end_at_.size() ? end_at_[pe] : -1; }
  int UnitStartingAt(uint32_t pb) const { return pb < start_at_.size() ? start_at_[pb] : -1; }

  // The actor that modifies an agent noun starting at piece `pb`: "Russian", "Ukrainian",
  // "Moscow-based", "Russia's", "Kremlin", "Putin's", skipping an article and up to two
  // lower-case words ("a Moscow-based political analyst", "Russian senior officials").
  int ModifierOf(uint32_t pb) const {
    int i = static_cast<int>(pb) - 1;
    for (int skipped = 0; i >= 0 && skipped < 2; ++skipped) {
      const Piece& p = pieces_[i];
      if (p.alpha && !p.upper && !IsDeterminer(p.folded) && p.folded != "based" &&
          UnitEndingAt(i + 1) < 0 && p.sentence == pieces_[pb].sentence) {
        --i;
        continue;
      }
      break;
    }
    if (i < 0) return -1;
    if (W(i) == "based" && W(i - 1) == "-") i -= 2;
    else if (W(i) == "'s") i -= 1;
    if (i < 0) return -1;
    int k = UnitEndingAt(static_cast<uint32_t>(i + 1));
    if (k < 0) return -1;
    const Unit& u = units_[k];
    if (u.m.country.empty() || u.pronoun) return -1;
    if (u.entity && u.entity->kind == EntityKind::kAgent) return -1;
    return k;
  }

  void ApplyModifier(Unit* agent, const Unit& mod, const std::string& why) {
    Mention& m = agent->m;
    m.country = mod.m.country;
    // The agent's own sector, except a generic GOV agent of a body with its own sector
    // ("Pentagon spokesman" -> MIL).
    if (m.sector == "GOV" && mod.entity && mod.entity->kind == EntityKind::kOrg &&
        !mod.entity->sector.empty()) {
      m.sector = mod.entity->sector;
    }
    m.rule = "agent+modifier:" + why;
    m.confidence = 0.8f;
  }

  void DiscoverPerson(Unit* name, const Mention& from, const std::string& evidence,
                      const std::string& rule, const std::string& title) {
    Mention& m = name->m;
    // "Red Hat, a software company": the head noun says it is an organisation.
    static const std::set<std::string_view> kOrgNouns = {
        "company", "companies", "firm", "business", "corporation", "bank", "party", "group",
        "organisation", "organization", "agency", "ministry", "university", "school",
        "newspaper", "broadcaster", "outlet", "charity", "union", "court", "parliament", "army",
        "military", "militia", "media", "news agency", "think tank", "think-tank", "ngo",
        "aid group", "rights group", "political party", "armed group"};
    m.type = kOrgNouns.count(title) ? "ORG" : "PER";
    m.name = m.text;
    std::string slug = FoldName(m.text);
    for (char& c : slug) {
      if (c == ' ' || c == '-' || c == '.' || c == '\'') c = '_';
    }
    m.actor_id = "DISC:" + slug;
    m.country = from.country;
    m.sector = from.sector;
    m.role = title;
    m.rule = rule + ": \"" + evidence + "\"";
    m.confidence = from.country.empty() ? 0.5f : 0.7f;
    name->agent_term = title;
  }

  void ComposeTitlesAndModifiers() {
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& o = units_[k];
      // "Russia's Security Council": a generic IGO-body name owned by a country is that
      // country's body.
      if (o.entity && o.entity->kind == EntityKind::kOrg && o.entity->subkind == "igo-body") {
        std::string f = FoldName(o.m.text);
        bool generic = f.find("un ") == std::string::npos && f.find("u.n.") == std::string::npos &&
                       f.find("united nations") == std::string::npos && f.find("eu ") == std::string::npos;
        int mod = generic ? ModifierOf(o.pb) : -1;
        if (mod >= 0 && units_[mod].entity && units_[mod].entity->kind == EntityKind::kCountry) {
          o.m.country = units_[mod].m.country;
          o.m.sector = "GOV";
          o.m.actor_id.clear();
          o.m.name = o.m.text;
          o.m.rule = "org+country-modifier";
          o.m.confidence = 0.6f;
        }
      }
    }
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& a = units_[k];
      if (!a.entity || a.entity->kind != EntityKind::kAgent) continue;
      int mod = ModifierOf(a.pb);
      if (mod >= 0) ApplyModifier(&a, units_[mod], std::string(Text(units_[mod].pb, units_[mod].pe)));
      // Title before a name: "President Vladimir Putin", "Lieutenant General Yaroslav Moskalik".
      int next = UnitStartingAt(a.pe);
      if (next >= 0) {
        Unit& n = units_[next];
        bool is_person = n.entity && n.entity->kind == EntityKind::kPerson;
        if (is_person || n.name_candidate) {
          a.consumed = true;
          a.emit = false;
          n.agent_term = a.m.role;
          // A first and a last name at least: "Officials Reading the text" is no person.
          if (n.name_candidate && n.pe - n.pb >= 2 && (pieces_[a.pb].upper || mod >= 0)) {
            DiscoverPerson(&n, a.m, std::string(Text(mod >= 0 ? units_[mod].pb : a.pb, n.pe)),
                           "discover-title", a.m.role);
          } else if (is_person) {
            n.m.confidence = std::min(1.0f, n.m.confidence + 0.03f);
          }
          continue;
        }
      }
      if (mod >= 0) a.emit = true;
    }
  }

  // "Steve Witkoff, the special envoy appointed by U.S. President Donald Trump" and
  // "Tatiana Stanovaya, a Moscow-based political analyst".
  void Appositions() {
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& n = units_[k];
      bool unknown_name = n.name_candidate && n.m.actor_id.empty() && n.pe - n.pb >= 2;
      if (!unknown_name) continue;
      if (W(n.pe) != ",") continue;
      // The apposition runs to the end of the clause.
      uint32_t end = n.pe + 1;
      while (end < pieces_.size() && pieces_[end].sentence == pieces_[n.pb].sentence &&
             !IsClauseEnd(W(end))) {
        ++end;
      }
      // Its head: the first agent noun in it, within the first six pieces.
      int agent = -1;
      for (size_t j = k + 1; j < units_.size() && units_[j].pb < end; ++j) {
        if (units_[j].entity && units_[j].entity->kind == EntityKind::kAgent &&
            units_[j].pb <= n.pe + 6) {
          agent = static_cast<int>(j);
          break;
        }
      }
      if (agent < 0) {
        // "Name, head of the Russian Direct Investment Fund,": the body gives country and sector.
        Mention from;
        std::string title;
        if (HeadOfBody(n.pe + 1, end, &from, &title)) {
          DiscoverPerson(&n, from, std::string(Text(n.pb, end)), "discover-apposition", title);
        }
        continue;
      }
      Unit& a = units_[agent];
      Mention from = a.m;
      if (from.country.empty()) {
        // "appointed by U.S. President Donald Trump": the first actor after the head.
        for (size_t j = agent + 1; j < units_.size() && units_[j].pb < end; ++j) {
          const Unit& o = units_[j];
          if (!o.m.country.empty() && !o.pronoun &&
              !(o.entity && o.entity->kind == EntityKind::kAgent)) {
            from.country = o.m.country;
            break;
          }
        }
      }
      a.emit = false;
      a.consumed = true;
      DiscoverPerson(&n, from, std::string(Text(n.pb, end)), "discover-apposition", a.m.role);
    }
  }

  // "head of the Russian Direct Investment Fund", "chief of Gazprom", "director of the CIA" in
  // pieces [b, e): the organisation (or country) after "of" gives the country and sector.
  bool HeadOfBody(uint32_t b, uint32_t e, Mention* from, std::string* title) const {
    static const std::set<std::string_view> kHeads = {
        "head", "chief", "director", "chairman", "chairwoman", "chair", "founder", "boss",
        "commander", "governor", "president", "leader", "deputy", "secretary-general"};
    for (uint32_t i = b; i + 1 < e && i < b + 4; ++i) {
      if (!kHeads.count(W(i)) || W(i + 1) != "of") continue;
      uint32_t j = i + 2;
      if (W(j) == "the") ++j;
      int k = UnitStartingAt(j);
      if (k < 0 || units_[k].m.country.empty() || units_[k].pronoun) return false;
      const Unit& body = units_[k];
      from->country = body.m.country;
      from->sector = body.entity && body.entity->kind == EntityKind::kOrg ? body.m.sector : "GOV";
      if (from->sector.empty()) from->sector = "GOV";
      *title = W(i) + " of " + body.m.name;
      return true;
    }
    return false;
  }

  // "The head of the Russian Direct Investment Fund, Kirill Dmitriev," (title before the name).
  void ReverseAppositions() {
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& n = units_[k];
      if (!n.name_candidate || !n.m.actor_id.empty() || n.pe - n.pb < 2 || n.pb == 0) continue;
      if (W(n.pb - 1) != ",") continue;
      uint32_t comma = n.pb - 1;
      uint32_t start = comma;
      while (start > 0 && pieces_[start - 1].sentence == pieces_[n.pb].sentence &&
             !IsClauseEnd(W(start - 1)) && comma - start < 12) {
        --start;
      }
      Mention from;
      std::string title;
      if (HeadOfBody(start, comma, &from, &title)) {
        DiscoverPerson(&n, from, std::string(Text(start, n.pe)), "discover-apposition", title);
      }
    }
  }

  static std::string LastWord(const std::string& folded) {
    size_t sp = folded.rfind(' ');
    return sp == std::string::npos ? folded : folded.substr(sp + 1);
  }

  // "U.S. President", "US officials": a country name used before an actor is an adjective.
  void AdjectivalCountryNames() {
    for (size_t k = 0; k + 1 < units_.size(); ++k) {
      Unit& u = units_[k];
      if (!u.entity || u.entity->kind != EntityKind::kCountry || u.form != NameForm::kName) {
        continue;
      }
      const Unit& next = units_[k + 1];
      if (next.pb != u.pe || next.pronoun || next.name_candidate) continue;
      bool actor_next = next.entity && (next.entity->kind == EntityKind::kAgent ||
                                        next.entity->kind == EntityKind::kPerson ||
                                        next.entity->kind == EntityKind::kOrg);
      if (!actor_next) continue;
      u.form = NameForm::kAdjective;
      u.m.type = "NORP";
      u.m.rule = "kb-country:attributive";
    }
  }

  // The first word of an earlier person's name ("Vladimir, STOP!" after "Vladimir Putin") is that
  // person, even where it is also a place name.
  bool FirstNameOfEarlierPerson(size_t k) {
    Unit& u = units_[k];
    if (!u.entity || u.entity->kind != EntityKind::kPlace || u.entity->capital) return false;
    if (u.pe - u.pb != 1) return false;
    for (int j = static_cast<int>(k) - 1; j >= 0 && j + kLookback >= static_cast<int>(k); --j) {
      const Unit& c = units_[j];
      if (c.m.type != "PER" || c.m.actor_id.empty() || c.pronoun || c.pe - c.pb < 2) continue;
      if (pieces_[c.pb].folded == pieces_[u.pb].folded) {
        Inherit(&u, j, "coref-first-name", 0.6f);
        u.m.type = "PER";
        u.m.latitude = u.m.longitude = 0;
        u.m.has_coordinates = false;
        return true;
      }
    }
    return false;
  }

  // Whether unit j stands for a person that a pronoun may refer to (not a modifier such as the
  // "Trump" of "the Trump administration").
  bool PersonReferent(size_t j) const {
    const Unit& c = units_[j];
    if (c.m.actor_id.empty() ||
        (!c.m.actor_id.starts_with("PER:") && !c.m.actor_id.starts_with("DISC:"))) {
      return false;
    }
    if (c.m.type != "PER" && c.m.type != "PRON" && c.m.type != "AGENT") return false;
    if (c.m.type == "AGENT" && c.antecedent_unit < 0) return false;
    if (j + 1 < units_.size() && units_[j + 1].pb == c.pe && units_[j + 1].entity &&
        units_[j + 1].entity->kind == EntityKind::kAgent) {
      return false;
    }
    return true;
  }

  // he/she/his/her: the first person named in the pronoun's sentence before it (the likely
  // subject), else the first person of the previous sentence, then the one before.
  int PronounAntecedent(size_t k) const {
    uint32_t s = pieces_[units_[k].pb].sentence;
    uint32_t lowest = s >= 2 ? s - 2 : 0;
    size_t first = k;  // first unit of sentence `lowest` or later
    while (first > 0 && pieces_[units_[first - 1].pb].sentence >= lowest) --first;
    for (uint32_t back = 0; back <= 2 && back <= s; ++back) {
      uint32_t target = s - back;
      for (size_t j = first; j < k; ++j) {
        if (pieces_[units_[j].pb].sentence != target) continue;
        if (PersonReferent(j)) return static_cast<int>(j);
      }
    }
    return -1;
  }

  void Coreference() {
    // Index of each unit's first earlier mention of the same actor.
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& u = units_[k];
      if (u.pronoun) {
        int j = PronounAntecedent(k);
        if (j >= 0) {
          Inherit(&u, j, "coref-pronoun", 0.5f);
          u.m.type = "PRON";
        }
        continue;
      }
      if (FirstNameOfEarlierPerson(k)) continue;
      if (u.name_candidate && u.m.actor_id.empty()) {
        // Surname (or full name repeated) of an earlier person.
        std::string f = FoldName(u.m.text);
        for (int j = static_cast<int>(k) - 1; j >= 0 && j + kLookback >= static_cast<int>(k); --j) {
          const Unit& c = units_[j];
          if (c.m.type != "PER" || c.m.actor_id.empty() || c.pronoun) continue;
          std::string cf = FoldName(c.m.text);
          if (cf == f || LastWord(cf) == f) {
            Inherit(&u, j, "coref-name", 0.8f);
            u.m.type = "PER";
            break;
          }
        }
        continue;
      }
      if (u.entity && u.entity->kind == EntityKind::kAgent && !u.consumed && u.m.country.empty()) {
        // "the spokesman": the latest person introduced with that title.
        if (!(u.pb > 0 && W(u.pb - 1) == "the")) continue;
        for (int j = static_cast<int>(k) - 1; j >= 0 && j + kLookback >= static_cast<int>(k); --j) {
          const Unit& c = units_[j];
          if (c.m.type != "PER" || c.m.actor_id.empty() || c.pronoun) continue;
          std::string title = c.agent_term.empty() ? c.m.role : c.agent_term;
          if (!title.empty() && (FoldName(title).find(u.m.role) != std::string::npos ||
                                 u.m.role.find(FoldName(title)) != std::string::npos)) {
            Inherit(&u, j, "coref-title", 0.7f);
            u.emit = true;
            break;
          }
        }
        continue;
      }
      if (u.entity && u.entity->kind == EntityKind::kPerson) {
        for (int j = static_cast<int>(k) - 1; j >= 0 && j + kLookback >= static_cast<int>(k); --j) {
          if (units_[j].m.actor_id == u.m.actor_id && !units_[j].pronoun &&
              units_[j].m.type == "PER") {
            u.antecedent_unit = j;
            break;
          }
        }
      }
    }
  }

  void Inherit(Unit* u, int j, const std::string& rule, float conf) {
    const Mention& c = units_[j].m;
    Mention& m = u->m;
    m.actor_id = c.actor_id;
    m.name = c.name;
    m.country = c.country;
    m.sector = c.sector;
    m.role = c.role;
    m.rule = rule;
    m.confidence = conf;
    u->antecedent_unit = j;
    u->agent_term = units_[j].agent_term;
  }

  void Output() {
    // NER mentions: resolved from the best unit inside them.
    std::vector<Mention> out;
    std::vector<int> unit_to_out(units_.size(), -1);
    std::vector<int> ner_to_out(doc_.mentions.size(), -1);
    std::vector<bool> widened_to(units_.size(), false);
    for (size_t n = 0; n < doc_.mentions.size(); ++n) {
      Mention m = doc_.mentions[n];
      // An NER mention that is a piece of a longer known name ("States" of "the United States",
      // when the tagger misread "United") takes the name's span: one mention, resolved, not a
      // fragment beside the name. Units never overlap, so the only candidate is the last unit
      // starting at or before the mention.
      auto after = std::upper_bound(units_.begin(), units_.end(), m.clean.begin,
                                    [](uint32_t b, const Unit& u) { return b < u.m.clean.begin; });
      if (after != units_.begin()) {
        size_t k = static_cast<size_t>(after - units_.begin()) - 1;
        const Unit& u = units_[k];
        bool covers = u.m.clean.begin <= m.clean.begin && u.m.clean.end >= m.clean.end &&
                      !(u.m.clean == m.clean);
        if (covers && !u.pronoun && u.entity && (!u.m.actor_id.empty() || !u.m.country.empty())) {
          if (widened_to[k]) continue;  // another piece of the same name already took it
          widened_to[k] = true;
          m.clean = u.m.clean;
          m.token_begin = u.m.token_begin;
          m.token_end = u.m.token_end;
          m.text = u.m.text;
        }
      }
      int best = -1, best_rank = -1;
      auto first = std::lower_bound(units_.begin(), units_.end(), m.clean.begin,
                                    [](const Unit& u, uint32_t b) { return u.m.clean.begin < b; });
      for (size_t k = first - units_.begin(); k < units_.size(); ++k) {
        const Unit& u = units_[k];
        if (u.m.clean.begin >= m.clean.end) break;
        if (u.m.clean.end > m.clean.end) continue;
        if (u.m.actor_id.empty() && u.m.country.empty()) continue;
        int rank = u.m.type == "PER" ? 5 : u.m.type == "ORG" ? 4 : u.m.type == "LOC" ? 3 : 1;
        if ((m.type == "PER" && u.m.type == "PER") || (m.type == "ORG" && u.m.type == "ORG") ||
            ((m.type == "LOC" || m.type == "GPE") && u.m.type == "LOC")) {
          rank += 10;
        }
        if (u.m.clean == m.clean) rank += 20;
        if (rank > best_rank) { best = static_cast<int>(k); best_rank = rank; }
      }
      if (best >= 0) {
        const Mention& r = units_[best].m;
        m.actor_id = r.actor_id; m.name = r.name; m.country = r.country; m.sector = r.sector;
        m.role = r.role; m.latitude = r.latitude; m.longitude = r.longitude;
        m.has_coordinates = r.has_coordinates; m.rule = "ner+" + r.rule;
        // The knowledge base knows what kind of actor it is better than the NER does
        // ("Foreign Minister Sergei Lavrov" tagged LOC is still a person); the NER's type is kept
        // in the rule as evidence.
        if (r.type != m.type && (r.type == "PER" || r.type == "ORG" || r.type == "LOC")) {
          m.rule = "ner(" + m.type + ")+" + r.rule;
          m.type = r.type;
        }
        m.confidence = r.confidence;
        unit_to_out[best] = static_cast<int>(out.size());
      }
      ner_to_out[n] = static_cast<int>(out.size());
      out.push_back(std::move(m));
    }
    for (size_t k = 0; k < units_.size(); ++k) {
      Unit& u = units_[k];
      if (unit_to_out[k] >= 0) continue;
      if (u.ner >= 0) {  // inside an NER mention: that mention speaks for it
        unit_to_out[k] = ner_to_out[u.ner];
        continue;
      }
      if (!u.emit || u.consumed) continue;
      if (u.m.actor_id.empty() && u.m.country.empty()) continue;
      unit_to_out[k] = static_cast<int>(out.size());
      out.push_back(u.m);
    }
    for (size_t k = 0; k < units_.size(); ++k) {
      int o = unit_to_out[k];
      int a = units_[k].antecedent_unit;
      if (o < 0 || a < 0) continue;
      int ao = unit_to_out[a];
      if (ao >= 0 && ao != o) out[o].antecedent = ao;
    }
    // Sort by offset, remapping antecedents.
    std::vector<int> order(out.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      return out[a].clean.begin < out[b].clean.begin ||
             (out[a].clean.begin == out[b].clean.begin && out[a].clean.end > out[b].clean.end);
    });
    std::vector<int> pos(out.size());
    for (size_t i = 0; i < order.size(); ++i) pos[order[i]] = static_cast<int>(i);
    std::vector<Mention> sorted;
    sorted.reserve(out.size());
    for (int i : order) {
      Mention m = std::move(out[i]);
      if (m.antecedent >= 0) m.antecedent = pos[m.antecedent];
      sorted.push_back(std::move(m));
    }
    doc_.mentions = std::move(sorted);
  }

  // How many earlier units coreference looks back over (bounds the work on huge documents).
  static constexpr int kLookback = 500;

  const kb::KnowledgeBase& kb_;
  Document& doc_;
  std::vector<int> start_at_, end_at_;
  Date date_;
  std::vector<Piece> pieces_;
  std::vector<int> ner_of_piece_;
  std::vector<Unit> units_;
};

}  // namespace

Status Resolver::Resolve(Document& doc) const {
  DocResolver r(*kb_, doc);
  return r.Run();
}

}  // namespace dyad::resolve
