#!/bin/bash
# Runs libFuzzer targets one after the other (the build machine is shared: one core each).
#   fuzz/run.sh [seconds] [target...]      e.g. fuzz/run.sh 90 csv_reader_fuzzer
# Build first: cmake --preset fuzz && cmake --build build-fuzz --target <target>.
# Each target's working corpus grows in $FUZZ_WORK/corpus/<target> (default /tmp/dyad-fuzz), seeded
# from fuzz/corpus/<target>; crashes go to $FUZZ_WORK/art/<target>/, logs to $FUZZ_WORK/<target>.log.
# UBSan reports are made fatal here (the preset compiles them as recoverable).
set -u
cd "$(dirname "$0")/.."
secs=${1:-90}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(text_reader_fuzzer jsonl_reader_fuzzer csv_reader_fuzzer
  date_fuzzer html_fuzzer warc_fuzzer tokenizer_fuzzer)
W=${FUZZ_WORK:-/tmp/dyad-fuzz}
status=0
for t in "${targets[@]}"; do
  mkdir -p "$W/corpus/$t" "$W/art/$t"
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 nice "build-fuzz/fuzz/$t" \
    -max_total_time="$secs" -rss_limit_mb=2048 -max_len=65536 -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$W/art/$t/" "$W/corpus/$t" "fuzz/corpus/$t" > "$W/$t.log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$W/$t.log" | tail -1)
  echo "$t: exit $rc; ${runs:-no final stats}; log $W/$t.log"
  [ $rc -ne 0 ] && status=1
done
exit $status
