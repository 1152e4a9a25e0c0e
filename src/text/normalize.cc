#include "text/normalize.h"

#include <utf8proc.h>

#include <cstring>

namespace dyad {
namespace {

// ASCII bytes that are copied unchanged: printable characters, '\n' and '\t'.
constexpr bool kPlainAscii[128] = {
    // 0x00-0x1F: only \t (0x09) and \n (0x0A).
    false, false, false, false, false, false, false, false, false, true, true, false, false,
    false, false, false, false, false, false, false, false, false, false, false, false, false,
    false, false, false, false, false, false,
    // 0x20-0x7E printable.
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
    // 0x7F DEL.
    false};

// Decodes one code point at s[i]; returns -1 for an invalid sequence (then *len = 1).
int32_t DecodeAt(const unsigned char* s, size_t i, size_t end, size_t* len) {
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t n = utf8proc_iterate(s + i, static_cast<utf8proc_ssize_t>(end - i), &cp);
  if (n <= 0) {
    *len = 1;
    return -1;
  }
  *len = static_cast<size_t>(n);
  return cp;
}

// True when `cp` can combine with the code point before it under NFC (a combining mark, a
// composition second such as U+0B3E, or a Hangul vowel/trailing jamo), so it must be normalised
// together with its predecessor.
bool CombinesBackward(int32_t cp) {
  if (cp < 0x300) return false;
  if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2)) return true;
  const utf8proc_property_t* p = utf8proc_get_property(cp);
  if (p->combining_class != 0) return true;
  return p->comb_index != UINT16_MAX && (p->comb_index & 0x8000) != 0;
}

// What normalisation does with a single code point before NFC.
enum class Special { kNone, kSpace, kNewline, kRemove };

Special Classify(int32_t cp) {
  switch (cp) {
    case 0x00A0:  // no-break space
    case 0x1680:
    case 0x202F:  // narrow no-break space
    case 0x205F:
    case 0x3000:
      return Special::kSpace;
    case 0x2028:  // line separator
    case 0x2029:  // paragraph separator
      return Special::kNewline;
    case 0x00AD:  // soft hyphen
    case 0x180E:  // Mongolian vowel separator (formerly a space, now format)
    case 0xFEFF:  // byte-order mark / zero-width no-break space
      return Special::kRemove;
    default:
      break;
  }
  if (cp >= 0x2000 && cp <= 0x200A) return Special::kSpace;  // en quad .. hair space
  if (cp >= 0x200B && cp <= 0x200F) return Special::kRemove;  // zero-width, LRM/RLM
  if (cp >= 0x202A && cp <= 0x202E) return Special::kRemove;  // bidi embeddings
  if (cp >= 0x2060 && cp <= 0x2064) return Special::kRemove;  // word joiner, invisible ops
  if (cp >= 0x2066 && cp <= 0x2069) return Special::kRemove;  // bidi isolates
  if (cp >= 0x80 && cp <= 0x9F) return Special::kSpace;       // C1 controls (NEL included)
  return Special::kNone;
}

}  // namespace

void NormalizeAppend(std::string_view raw, uint32_t raw_begin, uint32_t raw_end, std::string* clean,
                     OffsetMap* map) {
  if (raw_end > raw.size()) raw_end = static_cast<uint32_t>(raw.size());
  if (raw_begin >= raw_end) return;
  const auto* s = reinterpret_cast<const unsigned char*>(raw.data());
  clean->reserve(clean->size() + (raw_end - raw_begin));

  auto copy = [&](size_t from, size_t to) {
    if (to <= from) return;
    uint32_t at = static_cast<uint32_t>(clean->size());
    clean->append(raw.data() + from, to - from);
    map->Add(at, static_cast<uint32_t>(to - from), static_cast<uint32_t>(from),
             static_cast<uint32_t>(to - from));
  };
  auto replace = [&](size_t from, size_t to, const char* bytes, size_t n) {
    uint32_t at = static_cast<uint32_t>(clean->size());
    clean->append(bytes, n);
    if (n == 0) return;  // removed: no clean bytes, nothing to map
    map->Add(at, static_cast<uint32_t>(n), static_cast<uint32_t>(from),
             static_cast<uint32_t>(to - from));
  };

  // Scratch for NFC of one cluster; clusters longer than this are copied as they are (no real
  // text has a base character with more than a few dozen combining marks).
  constexpr size_t kMaxCluster = 64;
  utf8proc_int32_t buffer[kMaxCluster * 4];

  size_t i = raw_begin;
  const size_t end = raw_end;
  while (i < end) {
    // Fast path: a run of plain ASCII is copied as one segment. The last character before a
    // non-ASCII byte is held back, since a combining mark may follow it.
    size_t j = i;
    while (j < end && s[j] < 0x80 && kPlainAscii[s[j]]) ++j;
    if (j == end) {
      copy(i, j);
      break;
    }
    if (j > i) {
      if (s[j] >= 0x80) {
        copy(i, j - 1);
        i = j - 1;
      } else {
        copy(i, j);
        i = j;
      }
    }
    if (s[i] < 0x80 && !kPlainAscii[s[i]]) {
      // ASCII control character (including '\r' and DEL): becomes a space.
      replace(i, i + 1, " ", 1);
      ++i;
      continue;
    }
    // A cluster: one code point and the code points that combine with it.
    size_t len = 0;
    int32_t cp = DecodeAt(s, i, end, &len);
    if (cp < 0) {
      replace(i, i + 1, "\xEF\xBF\xBD", 3);  // invalid byte: U+FFFD
      i += 1;
      continue;
    }
    switch (Classify(cp)) {
      case Special::kSpace:
        replace(i, i + len, " ", 1);
        i += len;
        continue;
      case Special::kNewline:
        replace(i, i + len, "\n", 1);
        i += len;
        continue;
      case Special::kRemove:
        i += len;
        continue;
      case Special::kNone:
        break;
    }
    size_t cluster_end = i + len;
    size_t count = 1;
    bool has_removed = false;  // an invisible character between a base and its marks
    while (cluster_end < end && s[cluster_end] >= 0x80) {
      size_t l = 0;
      int32_t next = DecodeAt(s, cluster_end, end, &l);
      if (next < 0) break;
      Special special = Classify(next);
      if (special == Special::kRemove) {
        // "e<soft hyphen><U+0301>": the mark combines across the removed character, as it
        // would in the clean text, so the clean text stays NFC.
        size_t k = cluster_end + l;
        while (k < end && s[k] >= 0x80) {
          size_t l2 = 0;
          int32_t after = DecodeAt(s, k, end, &l2);
          if (after < 0 || Classify(after) != Special::kRemove) break;
          k += l2;
        }
        size_t l3 = 0;
        int32_t after = k < end && s[k] >= 0x80 ? DecodeAt(s, k, end, &l3) : -1;
        if (after < 0 || !CombinesBackward(after) || Classify(after) != Special::kNone) break;
        has_removed = true;
        count += k - cluster_end;  // bytes: an upper bound on the code points
        cluster_end = k;
        continue;
      }
      if (!CombinesBackward(next) || special != Special::kNone) break;
      cluster_end += l;
      ++count;
    }
    if (count == 1 && (cp < 0x80 || utf8proc_get_property(cp)->decomp_seqindex == UINT16_MAX)) {
      copy(i, cluster_end);  // a lone code point without a decomposition is already NFC
      i = cluster_end;
      continue;
    }
    // NFC of the cluster, in place in `buffer` (decompose to code points, then recompose and
    // re-encode as UTF-8 into the same buffer).
    // UTF8PROC_IGNORE drops the default-ignorable characters (soft hyphen, zero-width and bidi
    // controls: the ones removed above) inside the cluster.
    const auto options = static_cast<utf8proc_option_t>(
        UTF8PROC_STABLE | UTF8PROC_COMPOSE | (has_removed ? UTF8PROC_IGNORE : 0));
    utf8proc_ssize_t n = -1;
    if (count <= kMaxCluster) {
      n = utf8proc_decompose(s + i, static_cast<utf8proc_ssize_t>(cluster_end - i), buffer,
                             static_cast<utf8proc_ssize_t>(kMaxCluster * 4), options);
      if (n > static_cast<utf8proc_ssize_t>(kMaxCluster * 4)) n = -1;
      if (n >= 0) n = utf8proc_reencode(buffer, n, options);
    }
    const char* out = reinterpret_cast<const char*>(buffer);
    if (n < 0 || (static_cast<size_t>(n) == cluster_end - i &&
                  std::memcmp(out, s + i, static_cast<size_t>(n)) == 0)) {
      copy(i, cluster_end);
    } else {
      replace(i, cluster_end, out, static_cast<size_t>(n));
    }
    i = cluster_end;
  }
}

}  // namespace dyad
