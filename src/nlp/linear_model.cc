#include "nlp/linear_model.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>

namespace dyad::nlp {
namespace {

inline uint64_t NonZero(uint64_t k) { return k == 0 ? 1 : k; }

void PutVarint(std::string* s, uint64_t v) {
  while (v >= 0x80) {
    s->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  s->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view s, size_t* pos, uint64_t* v) {
  uint64_t r = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= s.size()) return false;
    uint8_t b = static_cast<uint8_t>(s[(*pos)++]);
    r |= uint64_t{b & 0x7fu} << shift;
    if (!(b & 0x80)) {
      *v = r;
      return true;
    }
  }
  return false;
}

}  // namespace

LinearModel LinearModel::Build(int num_classes, std::vector<Feature> features) {
  LinearModel m;
  m.num_classes_ = num_classes;
  for (auto& f : features) f.key = NonZero(f.key);
  std::sort(features.begin(), features.end(),
            [](const Feature& a, const Feature& b) { return a.key < b.key; });
  // Merge duplicate keys (possible only after the NonZero mapping).
  float max_abs = 0;
  for (const auto& f : features)
    for (const auto& w : f.weights) max_abs = std::max(max_abs, std::fabs(w.w));
  m.scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  for (size_t i = 0; i < features.size(); ++i) {
    if (!keys.empty() && keys.back() == features[i].key) continue;
    uint32_t n = 0;
    auto ws = features[i].weights;
    std::sort(ws.begin(), ws.end(), [](const Weight& a, const Weight& b) { return a.cls < b.cls; });
    for (const auto& w : ws) {
      long q = std::lround(w.w / m.scale_);
      if (q == 0) continue;
      m.e_.push_back({w.cls, static_cast<int16_t>(std::clamp(q, -32767L, 32767L))});
      ++n;
    }
    if (n == 0) continue;
    keys.push_back(features[i].key);
    counts.push_back(n);
  }
  m.BuildTable(keys, counts);
  return m;
}

void LinearModel::BuildTable(const std::vector<uint64_t>& keys,
                             const std::vector<uint32_t>& counts) {
  num_features_ = keys.size();
  num_weights_ = e_.size();
  size_t cap = 16;
  while (cap < keys.size() * 2) cap <<= 1;
  table_.assign(cap, Slot{0, 0, 0});
  mask_ = cap - 1;
  std::vector<Entry> out_of_line;
  uint32_t begin = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    Slot slot{keys[i], 0, 0};
    if (counts[i] <= 2) {
      slot.a = Pack(e_[begin]);
      slot.b = counts[i] == 2 ? Pack(e_[begin + 1]) : Pack({kNoClass, 0});
    } else {
      slot.a = static_cast<uint32_t>(out_of_line.size());
      slot.b = kOutOfLine | counts[i] << 16;
      out_of_line.insert(out_of_line.end(), e_.begin() + begin, e_.begin() + begin + counts[i]);
    }
    uint64_t pos = keys[i] & mask_;
    while (table_[pos].key != 0) pos = (pos + 1) & mask_;
    table_[pos] = slot;
    begin += counts[i];
  }
  e_ = std::move(out_of_line);
  e_.shrink_to_fit();
}

uint32_t LinearModel::Entries(const Slot& s, Entry buf[2], const Entry** out) const {
  if (s.b & kOutOfLine) {
    *out = &e_[s.a];
    return s.b >> 16;
  }
  buf[0] = Unpack(s.a);
  buf[1] = Unpack(s.b);
  *out = buf;
  return buf[1].cls == kNoClass ? 1 : 2;
}

std::vector<const LinearModel::Slot*> LinearModel::SortedSlots() const {
  std::vector<const Slot*> slots;
  slots.reserve(num_features_);
  for (const auto& s : table_)
    if (s.key != 0) slots.push_back(&s);
  std::sort(slots.begin(), slots.end(),
            [](const Slot* a, const Slot* b) { return a->key < b->key; });
  return slots;
}

void LinearModel::Score(const uint64_t* keys, size_t n, float* scores) const {
  if (table_.empty()) return;
  // Prefetch every slot first so the cache misses overlap.
  for (size_t i = 0; i < n; ++i) __builtin_prefetch(&table_[NonZero(keys[i]) & mask_]);
  constexpr size_t kBatch = 256;
  const Slot* found[kBatch];
  for (size_t base = 0; base < n; base += kBatch) {
    size_t m = std::min(kBatch, n - base);
    size_t nf = 0;
    for (size_t i = 0; i < m; ++i) {
      uint64_t k = NonZero(keys[base + i]);
      uint64_t pos = k & mask_;
      while (true) {
        const Slot& s = table_[pos];
        if (s.key == k) {
          if (s.b & kOutOfLine) __builtin_prefetch(&e_[s.a]);
          found[nf++] = &s;
          break;
        }
        if (s.key == 0) break;
        pos = (pos + 1) & mask_;
      }
    }
    for (size_t i = 0; i < nf; ++i) {
      const Slot& s = *found[i];
      if (s.b & kOutOfLine) {
        const Entry* e = &e_[s.a];
        const uint32_t count = s.b >> 16;
        for (uint32_t j = 0; j < count; ++j) scores[e[j].cls] += e[j].q * scale_;
      } else {
        const Entry e0 = Unpack(s.a), e1 = Unpack(s.b);
        scores[e0.cls] += e0.q * scale_;
        if (e1.cls != kNoClass) scores[e1.cls] += e1.q * scale_;
      }
    }
  }
}

LinearModel LinearModel::Pruned(float min_abs) const {
  LinearModel m;
  m.num_classes_ = num_classes_;
  m.scale_ = scale_;
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  for (const Slot* s : SortedSlots()) {
    uint32_t n = 0;
    Entry buf[2];
    const Entry* es = nullptr;
    const uint32_t count = Entries(*s, buf, &es);
    for (uint32_t j = 0; j < count; ++j) {
      const Entry& e = es[j];
      if (std::fabs(e.q * scale_) < min_abs) continue;
      m.e_.push_back(e);
      ++n;
    }
    if (n == 0) continue;
    keys.push_back(s->key);
    counts.push_back(n);
  }
  m.BuildTable(keys, counts);
  return m;
}

std::vector<LinearModel::Feature> LinearModel::Features() const {
  std::vector<Feature> out;
  out.reserve(num_features_);
  for (const Slot* s : SortedSlots()) {
    Feature f{s->key, {}};
    Entry buf[2];
    const Entry* es = nullptr;
    const uint32_t count = Entries(*s, buf, &es);
    for (uint32_t j = 0; j < count; ++j) f.weights.push_back({es[j].cls, es[j].q * scale_});
    out.push_back(std::move(f));
  }
  return out;
}

LinearModel LinearModel::Concat(const std::vector<LinearModel>& models) {
  if (models.empty()) return LinearModel();
  const int nc = models[0].num_classes();
  std::vector<Feature> all;
  for (size_t m = 0; m < models.size(); ++m) {
    for (Feature& f : models[m].Features()) {
      for (Weight& w : f.weights) w.cls = static_cast<uint16_t>(w.cls + m * nc);
      all.push_back(std::move(f));
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Feature& a, const Feature& b) { return a.key < b.key; });
  std::vector<Feature> merged;
  for (Feature& f : all) {
    if (!merged.empty() && merged.back().key == f.key) {
      merged.back().weights.insert(merged.back().weights.end(), f.weights.begin(),
                                   f.weights.end());
    } else {
      merged.push_back(std::move(f));
    }
  }
  return Build(nc * static_cast<int>(models.size()), std::move(merged));
}

void LinearModel::Serialize(ByteWriter* out) const {
  // Features in key order.
  std::string raw;
  uint64_t prev = 0;
  bool wide = num_classes_ > 256;
  for (const Slot* s : SortedSlots()) {
    PutVarint(&raw, s->key - prev);
    prev = s->key;
    Entry buf[2];
    const Entry* es = nullptr;
    const uint32_t count = Entries(*s, buf, &es);
    PutVarint(&raw, count);
    for (uint32_t j = 0; j < count; ++j) {
      uint16_t c = es[j].cls;
      raw.push_back(static_cast<char>(c & 0xff));
      if (wide) raw.push_back(static_cast<char>(c >> 8));
      int16_t q = es[j].q;
      raw.append(reinterpret_cast<const char*>(&q), 2);
    }
  }
  uLongf zlen = compressBound(raw.size());
  std::string z(zlen, '\0');
  compress2(reinterpret_cast<Bytef*>(z.data()), &zlen, reinterpret_cast<const Bytef*>(raw.data()),
            raw.size(), 9);
  z.resize(zlen);
  out->U32(static_cast<uint32_t>(num_classes_));
  out->U64(num_features_);
  out->U64(num_weights_);
  out->F32(scale_);
  out->U64(raw.size());
  out->Str(z);
}

Result<LinearModel> LinearModel::Deserialize(std::string_view bytes, const std::string& origin) {
  ByteReader r(bytes, origin + " weights");
  LinearModel m;
  uint32_t nc = 0;
  uint64_t nf = 0, nw = 0, rawlen = 0;
  std::string_view z;
  r.U32(&nc);
  r.U64(&nf);
  r.U64(&nw);
  r.F32(&m.scale_);
  r.U64(&rawlen);
  r.StrView(&z);
  RETURN_IF_ERROR(r.status());
  if (nc == 0 || nc >= kNoClass || nf > (1ull << 32) || nw > (1ull << 32) || rawlen > (1ull << 33) ||
      !(m.scale_ > 0) || !std::isfinite(m.scale_)) {
    return Corruption(origin + ": implausible weight table header");
  }
  // zlib cannot expand more than ~1032:1, and every feature takes at least 5 bytes: anything
  // else is a damaged or hostile header, refused before allocating.
  if (rawlen > static_cast<uint64_t>(z.size()) * 1100 + 64 || nf > rawlen / 5 || nw > rawlen / 3) {
    return Corruption(origin + ": weight table sizes do not match its data");
  }
  m.num_classes_ = static_cast<int>(nc);
  std::string raw(rawlen, '\0');
  uLongf got = rawlen;
  if (uncompress(reinterpret_cast<Bytef*>(raw.data()), &got,
                 reinterpret_cast<const Bytef*>(z.data()), z.size()) != Z_OK ||
      got != rawlen) {
    return Corruption(origin + ": weight table does not decompress");
  }
  std::vector<uint64_t> keys;
  std::vector<uint32_t> counts;
  keys.reserve(nf);
  counts.reserve(nf);
  m.e_.reserve(nw);
  size_t pos = 0;
  uint64_t prev = 0;
  bool wide = nc > 256;
  for (uint64_t i = 0; i < nf; ++i) {
    uint64_t delta = 0, count = 0;
    if (!GetVarint(raw, &pos, &delta) || !GetVarint(raw, &pos, &count) || count == 0 ||
        count > nc || (i > 0 && delta == 0)) {
      return Corruption(origin + ": bad weight table entry " + std::to_string(i));
    }
    prev += delta;
    keys.push_back(prev);
    counts.push_back(static_cast<uint32_t>(count));
    size_t need = count * (wide ? 4 : 3);
    if (raw.size() - pos < need) return Corruption(origin + ": weight table truncated");
    for (uint64_t j = 0; j < count; ++j) {
      uint16_t c = static_cast<uint8_t>(raw[pos++]);
      if (wide) c |= static_cast<uint16_t>(static_cast<uint8_t>(raw[pos++])) << 8;
      if (c >= nc) return Corruption(origin + ": class id out of range in weight table");
      int16_t q;
      std::memcpy(&q, raw.data() + pos, 2);
      pos += 2;
      m.e_.push_back({c, q});
    }
  }
  if (pos != raw.size() || m.e_.size() != nw) {
    return Corruption(origin + ": weight table size mismatch");
  }
  m.BuildTable(keys, counts);
  return m;
}

}  // namespace dyad::nlp
