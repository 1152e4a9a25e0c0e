// Fuzzes date parsing. Checks: any accepted date is a valid calendar date that round-trips through
// days and through its ISO string; surrounding blanks do not change the result; every error
// message is valid UTF-8 (messages quote the input and end up in JSON summaries).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "dyad/document.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  dyad::Result<dyad::Date> d = dyad::ParseDate(in);
  if (d.ok()) {
    if (dyad::Date::FromDays(d->ToDays()) != *d) __builtin_trap();
    dyad::Result<dyad::Date> again = dyad::ParseDate(d->ToString());
    if (!again.ok() || *again != *d) __builtin_trap();
  } else if (!dyad::utf8::IsValid(d.status().message())) {
    __builtin_trap();
  }
  dyad::Result<dyad::Date> padded = dyad::ParseDate(" " + std::string(in) + " ");
  if (padded.ok() != d.ok() || (d.ok() && *padded != *d)) __builtin_trap();
  return 0;
}
