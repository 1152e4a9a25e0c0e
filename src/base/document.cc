#include "dyad/document.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>

#include "base/hash.h"

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

std::string ContentHash(std::string_view text) {
  std::string normalised;
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string_view src = text;
  if (!ascii) {
    utf8proc_uint8_t* out = nullptr;
    utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                      static_cast<utf8proc_ssize_t>(text.size()), &out,
                                      static_cast<utf8proc_option_t>(UTF8PROC_STABLE |
                                                                     UTF8PROC_COMPOSE));
    if (n >= 0) {
      normalised.assign(reinterpret_cast<char*>(out), static_cast<size_t>(n));
      src = normalised;
    }
    std::free(out);  // invalid UTF-8: hash the bytes as they are
  }
  // Collapse white space so re-wrapped text hashes the same.
  Hasher h;
  std::string word;
  bool pending_space = false;
  for (char c : src) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
    if (space) {
      pending_space = true;
      continue;
    }
    if (pending_space && !word.empty()) {
      h.Update(word);
      h.Update(" ");
      word.clear();
    }
    pending_space = false;
    word.push_back(c);
  }
  h.Update(word);
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
