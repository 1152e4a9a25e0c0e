#include "dyad/document.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

#include "base/hash.h"
#include "base/utf8.h"

namespace dyad {

void OffsetMap::Add(uint32_t clean_begin, uint32_t clean_len, uint32_t raw_begin,
                    uint32_t raw_len) {
  // Merge byte-for-byte runs that continue the previous one, so plain ASCII text stays one segment.
  if (!segments_.empty()) {
    Segment& last = segments_.back();
    if (last.clean_len == last.raw_len && clean_len == raw_len &&
        last.clean_begin + last.clean_len == clean_begin &&
        last.raw_begin + last.raw_len == raw_begin) {
      last.clean_len += clean_len;
      last.raw_len += raw_len;
      return;
    }
  }
  segments_.push_back({clean_begin, clean_len, raw_begin, raw_len});
}

uint32_t OffsetMap::ToRaw(uint32_t clean_offset) const {
  if (segments_.empty()) return clean_offset;
  // Last segment whose clean_begin <= offset.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), clean_offset,
                             [](uint32_t off, const Segment& s) { return off < s.clean_begin; });
  if (it == segments_.begin()) return segments_.front().raw_begin;
  const Segment& s = *(it - 1);
  uint32_t delta = clean_offset - s.clean_begin;
  if (delta >= s.clean_len) return s.raw_begin + s.raw_len;  // at or past the segment's end
  if (s.clean_len == s.raw_len) return s.raw_begin + delta;
  return s.raw_begin;
}

ByteSpan OffsetMap::ToRaw(ByteSpan clean) const {
  ByteSpan r{ToRaw(clean.begin), 0};
  if (clean.end == clean.begin) {
    r.end = r.begin;
    return r;
  }
  // The end maps through the last byte inside the span, so a span ending at a segment boundary
  // does not reach into the next segment's raw bytes.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), clean.end - 1,
                             [](uint32_t off, const Segment& s) { return off < s.clean_begin; });
  if (segments_.empty() || it == segments_.begin()) {
    r.end = clean.end;
    return r;
  }
  const Segment& s = *(it - 1);
  uint32_t delta = clean.end - s.clean_begin;
  if (s.clean_len == s.raw_len && delta <= s.clean_len) {
    r.end = s.raw_begin + delta;
  } else {
    r.end = s.raw_begin + s.raw_len;
  }
  return r;
}

namespace {

// Feeds bytes to a Hasher with runs of ASCII white space collapsed to one space and leading and
// trailing white space dropped.
class CollapsingHasher {
 public:
  void Put(char c) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
    if (space) {
      pending_space_ = any_;
      return;
    }
    if (pending_space_) {
      buf_ += ' ';
      pending_space_ = false;
    }
    any_ = true;
    buf_ += c;
    if (buf_.size() >= 4096) Flush();
  }
  void Put(std::string_view s) {
    for (char c : s) Put(c);
  }
  uint64_t Finish() {
    Flush();
    return h_.Finish();
  }

 private:
  void Flush() {
    h_.Update(buf_);
    buf_.clear();
  }
  Hasher h_;
  std::string buf_;
  bool pending_space_ = false, any_ = false;
};

// Code points that NFC leaves alone whatever surrounds them (NFC_Quick_Check=Yes, canonical
// combining class 0, never the second element of a composition): Latin-1 and Latin Extended
// letters, and the general punctuation news uses (dashes, quotes, ellipsis).
bool NfcInert(char32_t cp) {
  return (cp >= 0x80 && cp < 0x300) || (cp >= 0x2010 && cp <= 0x2027) ||
         (cp >= 0x2030 && cp <= 0x205E);
}

}  // namespace

std::string ContentHash(std::string_view text) {
  // NFC is applied only to the runs that need it: ASCII never composes with what precedes it, so
  // a run of non-ASCII characters (with the ASCII character before it, its possible base) is
  // normalised on its own.
  CollapsingHasher h;
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool next_ascii = i + 1 >= n || static_cast<unsigned char>(text[i + 1]) < 0x80;
    if (c < 0x80 && next_ascii) {
      h.Put(text[i]);
      ++i;
      continue;
    }
    size_t j = c < 0x80 ? i + 1 : i;
    bool inert = true;
    while (j < n && static_cast<unsigned char>(text[j]) >= 0x80) {
      size_t len;
      char32_t cp = utf8::Decode(text, j, &len);
      inert = inert && NfcInert(cp);
      j += len;
    }
    std::string_view run = text.substr(i, j - i);
    if (inert) {
      h.Put(run);
    } else {
      utf8proc_uint8_t* out = nullptr;
      utf8proc_ssize_t m =
          utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(run.data()),
                       static_cast<utf8proc_ssize_t>(run.size()), &out,
                       static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
      if (m >= 0) {
        h.Put(std::string_view(reinterpret_cast<char*>(out), static_cast<size_t>(m)));
      } else {
        h.Put(run);  // invalid UTF-8: hash the bytes as they are
      }
      std::free(out);
    }
    i = j;
  }
  return Hex64(h.Finish());
}

Document MakeDocument(RawDoc raw) {
  Document doc;
  doc.content_hash = ContentHash(raw.text);
  doc.id = raw.meta.external_id.empty() ? doc.content_hash : raw.meta.external_id;
  doc.meta = std::move(raw.meta);
  doc.raw = std::move(raw.text);
  doc.excluded = std::move(raw.excluded);
  return doc;
}

}  // namespace dyad
