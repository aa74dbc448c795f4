#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for N seconds each (default 30).
#   fuzz/run.sh [SECONDS] [TARGET...]
# Corpora: fuzz/corpus/<target> (scratch), seeded from testdata/fuzz/<target>/ and, for protocol
# targets, from the payloads the crate's seed test extracts into fuzz/seeds/<target>/.
# A crash is copied to testdata/fuzz/<target>/ (replayed by `cargo test`) and fails the run.
# Works with `cargo +nightly fuzz`, or on stable with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-30}
shift || true
if cargo +nightly --version >/dev/null 2>&1; then fuzz=(cargo +nightly fuzz)
else export RUSTC_BOOTSTRAP=1; fuzz=(cargo fuzz); fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <("${fuzz[@]}" list)
status=0
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "seeds/$t" "../testdata/fuzz/$t"
  echo "==> fuzz $t for ${secs}s"
  if ! "${fuzz[@]}" run "$t" "corpus/$t" "../testdata/fuzz/$t" "seeds/$t" -- \
       -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 2>"corpus/$t.log"; then
    tail -n 30 "corpus/$t.log"
    for f in artifacts/"$t"/*; do
      [ -f "$f" ] && cp -v "$f" "../testdata/fuzz/$t/" && echo "crash saved: testdata/fuzz/$t/$(basename "$f")"
    done
    status=1
  else
    grep -E "^(#[0-9]+\s+DONE|Done)" "corpus/$t.log" | tail -n 1 || true
  fi
done
exit $status
