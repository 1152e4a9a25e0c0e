// Fuzzes date parsing: any accepted date must be a valid calendar date that round-trips.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dyad/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dyad::Result<dyad::Date> d =
      dyad::ParseDate(std::string_view(reinterpret_cast<const char*>(data), size));
  if (d.ok()) {
    if (dyad::Date::FromDays(d->ToDays()) != *d) __builtin_trap();
    if (!dyad::ParseDate(d->ToString()).ok()) __builtin_trap();
  }
  return 0;
}
