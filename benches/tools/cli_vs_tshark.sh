#!/usr/bin/env bash
# Decode speed, pdukit against tshark, in one run: a capture of N IGMPv3 joins made by
# `pdukit craft`, decoded to the same fields as JSON (every layer pdukit prints: Ethernet, IPv4,
# IGMP), output discarded. Prints frames/s, the ratio, and each one's peak RSS.
#   benches/tools/cli_vs_tshark.sh [N]   (default 1000000; run from the workspace root)
set -euo pipefail
n=${1:-1000000}
cargo build -q --release -p pdukit-cli
bin=target/release/pdukit
pcap=$(mktemp --suffix=.pcap)
trap 'rm -f "$pcap"' EXIT
$bin craft igmp-joins --groups 1000 --count "$n" --version 3 --rate 100000 -o "$pcap" 2>/dev/null
fields=(eth.dst eth.src eth.type ip.version ip.hdr_len ip.dsfield ip.len ip.id ip.flags ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.checksum ip.src ip.dst igmp.type igmp.version igmp.checksum igmp.num_grp_recs igmp.record_type igmp.aux_data_len igmp.num_src igmp.maddr igmp.checksum.status)
sync                      # the new file's writeback does not overlap the timed runs
cat "$pcap" > /dev/null   # both read from the page cache
# pdukit: median of five runs (each well under a second, so scheduling noise shows); tshark: one.
rss=$(mktemp)
runs=()
for _ in 1 2 3 4 5; do
  t0=$(date +%s.%N); /usr/bin/time -f %M -o "$rss" $bin decode --json "$pcap" > /dev/null; t1=$(date +%s.%N)
  runs+=("$(echo "$t1 - $t0" | bc)")
done
ours_rss=$(cat "$rss")
args=(); for f in "${fields[@]}"; do args+=(-e "$f"); done
t0=$(date +%s.%N); /usr/bin/time -f %M -o "$rss" tshark -r "$pcap" -T json "${args[@]}" > /dev/null 2>&1; t1=$(date +%s.%N)
their_rss=$(cat "$rss"); rm -f "$rss"
python3 - "$n" "$(echo "$t1 - $t0" | bc)" "$ours_rss" "$their_rss" "${runs[@]}" <<'PY'
import sys
n, t, ours, theirs = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
runs = sorted(map(float, sys.argv[5:])); p = runs[len(runs) // 2]
print(f"{n} frames: pdukit {p:.2f} s median of {[round(r, 2) for r in runs]} ({n/p:,.0f} frames/s, peak RSS {ours/1024:.1f} MiB), "
      f"tshark {t:.2f} s ({n/t:,.0f} frames/s, peak RSS {theirs/1024:.0f} MiB), ratio {t/p:.1f}x")
PY
