#!/usr/bin/env bash
# Instructions per call of every parse contender (IGMP, ICMP), counted by callgrind: each is run
# 1000 and 11000 times and the difference is divided by 10000, so set-up and the input check
# cancel out. Repeatable for the same binary whatever else the machine does.
#   benches/tools/callgrind.sh   (run from the workspace root)
set -euo pipefail
cargo build -q --release -p pdukit-benches --bin per_call
bin=${CARGO_TARGET_DIR:-target}/release/per_call
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
"$bin" | while read -r case who; do
  a=$(count "$case" "$who" 1000)
  b=$(count "$case" "$who" 11000)
  printf '%-16s %-14s %6d\n' "$case" "$who" $(( (b - a) / 10000 ))
done
