#!/usr/bin/env python3
"""Prints criterion's latest mean per benchmark (ns) for groups matching a prefix, and each
pdukit / best-peer ratio. usage: summary.py [PREFIX]  (run from the workspace root)"""
import json, os, sys
root = 'target/criterion'
prefix = sys.argv[1] if len(sys.argv) > 1 else ''
groups = {}
for dirpath, dirs, files in os.walk(root):
    if dirpath.endswith('/new') and 'estimates.json' in files:
        bench = json.load(open(os.path.join(dirpath, 'benchmark.json')))
        if not bench['group_id'].startswith(prefix):
            continue
        est = json.load(open(os.path.join(dirpath, 'estimates.json')))
        key = bench['group_id'] + ('/' + bench['value_str'] if bench.get('value_str') else '')
        groups.setdefault(key, {})[bench['function_id'] or ''] = est['mean']['point_estimate']
def order(g):
    head, _, tail = g.rpartition('/')
    return (head, int(tail)) if tail.isdigit() else (g, 0)
for g in sorted(groups, key=order):
    fns = groups[g]
    line = '  '.join(f'{k} {v:.1f}' for k, v in sorted(fns.items(), key=lambda kv: kv[1]))
    peers = [v for k, v in fns.items() if not k.startswith('pdukit') and not k.startswith('naive') and 'read' not in k and '_only' not in k]
    ratio = f'  => {min(peers) / fns["pdukit"]:.2f}x vs best peer' if 'pdukit' in fns and peers else ''
    if 'pdukit_reader' in fns and peers:
        ratio += f' (reader {min(peers) / fns["pdukit_reader"]:.2f}x)'
    print(f'{g}: {line} ns{ratio}')
