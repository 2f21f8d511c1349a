#!/usr/bin/env bash
# End-to-end timings of `papers` on dumps rendered from the real Daily Papers corpus.
#
#   bench/run.sh [COUNT]      # default 9877 (the whole corpus once)
#
# Needs the shared corpus and renderer beside the repository (../shared) and python3.
# Prints wall time and peak memory for parse, ingest, re-ingest and a few searches.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-9877}"
shared="${PAPERS_SHARED:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
papers="$PWD/target/release/papers"
python3 "$shared/tools/render_dump.py" --count "$count" > "$work/dump.txt"
dump_mb=$(du -m "$work/dump.txt" | cut -f1)
echo "dump: $count papers, ${dump_mb} MB"

measure() {
    local label="$1"; shift
    /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$@" > /dev/null 2>> "$work/times"
    tail -n 1 "$work/times"
}

measure "parse (to /dev/null)" "$papers" parse --format jsonl "$work/dump.txt"
measure "ingest (new index)" "$papers" --index "$work/index" ingest "$work/dump.txt"
measure "re-ingest (unchanged)" "$papers" --index "$work/index" ingest "$work/dump.txt"
# Whole-process search latency (start, open index, query, print 10 hits with snippets): median of 30.
python3 - "$papers" "$work/index" <<'PY'
import statistics, subprocess, sys, time
papers, index = sys.argv[1], sys.argv[2]
def timed(label, args):
    times = []
    for _ in range(30):
        start = time.perf_counter()
        subprocess.run([papers, "--index", index, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label}: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")

for query in ["contrastive pretraining", "diffusion", "mixture of experts routing", '"world model"', "GAN", "medical imaging", "contrastiv lerning"]:
    timed(f"search {query}", ["search", query])
first_id = subprocess.run([papers, "--index", index, "export", "--limit", "1", "--format", "jsonl"], check=True, capture_output=True, text=True).stdout.split('"id":"')[1].split('"')[0]
timed("similar", ["similar", first_id])
timed("facets --field methods", ["facets", "--field", "methods"])
PY
echo "index size: $(du -sh "$work/index" | cut -f1)"
