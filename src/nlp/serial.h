// Encoding of the lookup tables stored in model sections (sorted, so files are deterministic).
#ifndef DYAD_NLP_SERIAL_H_
#define DYAD_NLP_SERIAL_H_

#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>

#include "nlp/model_file.h"

namespace dyad::nlp {

template <typename V>
std::vector<std::pair<uint64_t, V>> SortedItems(const std::unordered_map<uint64_t, V>& m) {
  std::vector<std::pair<uint64_t, V>> v(m.begin(), m.end());
  std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return v;
}

inline void PutMap(ByteWriter* w, const std::unordered_map<uint64_t, std::string>& m) {
  w->U32(static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : SortedItems(m)) {
    w->U64(k);
    w->Str(v);
  }
}
inline void PutMap(ByteWriter* w, const std::unordered_map<uint64_t, uint64_t>& m) {
  w->U32(static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : SortedItems(m)) {
    w->U64(k);
    w->U64(v);
  }
}
inline void PutMap(ByteWriter* w, const std::unordered_map<uint64_t, uint32_t>& m) {
  w->U32(static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : SortedItems(m)) {
    w->U64(k);
    w->U32(v);
  }
}

template <typename V>
bool GetMap(ByteReader* r, std::unordered_map<uint64_t, V>* m) {
  uint32_t n = 0;
  if (!r->U32(&n)) return false;
  if (n > r->remaining() / 8) {
    r->Fail("implausible table size");
    return false;
  }
  m->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint64_t k = 0;
    V v{};
    bool ok;
    if constexpr (std::is_same_v<V, std::string>) {
      ok = r->U64(&k) && r->Str(&v);
    } else if constexpr (std::is_same_v<V, uint64_t>) {
      ok = r->U64(&k) && r->U64(&v);
    } else {
      ok = r->U64(&k) && r->U32(&v);
    }
    if (!ok) return false;
    (*m)[k] = std::move(v);
  }
  return true;
}

inline void PutNested(ByteWriter* w, const std::vector<std::vector<std::string>>& v) {
  w->U32(static_cast<uint32_t>(v.size()));
  for (const auto& x : v) w->StrList(x);
}
inline bool GetNested(ByteReader* r, std::vector<std::vector<std::string>>* v) {
  uint32_t n = 0;
  if (!r->U32(&n)) return false;
  if (n > r->remaining() / 4) {
    r->Fail("implausible list size");
    return false;
  }
  v->resize(n);
  for (auto& x : *v)
    if (!r->StrList(&x)) return false;
  return true;
}

}  // namespace dyad::nlp

#endif  // DYAD_NLP_SERIAL_H_
