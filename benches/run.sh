#!/usr/bin/env bash
# End-to-end timings of `papers` on dumps rendered from the real Daily Papers corpus, with the
# comparisons the performance targets are stated in, printed as ratios.
#
#   benches/run.sh [COUNT]      # default 100000 papers
#
# Needs the shared corpus and renderer beside the repository (../shared, or PAPERS_SHARED) and
# python3. Optional, for the comparisons: `tantivy` (cargo install tantivy-cli) and `rg`; each
# comparison is skipped with a note when its tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
shared="${PAPERS_SHARED:-../shared}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
papers="$PWD/target/release/papers"
python3 "$shared/tools/render_dump.py" --count "$count" > "$work/dump.txt"
dump_bytes=$(stat -c %s "$work/dump.txt")
echo "dump: $count papers, $((dump_bytes / 1000000)) MB"

# seconds wall and KB peak RSS of a command, appended to $work/times as "label seconds kb"
measure() {
    local label="$1"; shift
    /usr/bin/time -f "$label %e %M" "$@" > /dev/null 2>> "$work/stderr" || { cat "$work/stderr"; exit 1; }
    tail -n 1 "$work/stderr" >> "$work/times"
    tail -n 1 "$work/times" | awk '{printf "%s: %.2f s wall, %d MB peak RSS\n", $1, $2, $3 / 1024}'
}
seconds() { awk -v l="$1" '$1 == l {print $2}' "$work/times"; }

measure parse "$papers" parse --format jsonl "$work/dump.txt"
measure ingest "$papers" --index "$work/index" ingest "$work/dump.txt"
measure re-ingest "$papers" --index "$work/index" ingest "$work/dump.txt"
index_bytes=$(du -sb "$work/index" | cut -f1)
echo "index: $((index_bytes / 1000000)) MB = $(awk -v i="$index_bytes" -v d="$dump_bytes" 'BEGIN {printf "%.2f", i / d}') × the dump"
if [ -f "$work/index/latent.bin" ]; then
    latent_bytes=$(stat -c %s "$work/index/latent.bin")
    awk -v l="$latent_bytes" -v i="$index_bytes" 'BEGIN {printf "latent layer: %.1f MB, %.0f%% of the rest of the index (target <= 30%%)\n", l / 1e6, 100 * l / (i - l)}'
fi
awk -v a="$(seconds re-ingest)" -v b="$(seconds ingest)" 'BEGIN {printf "re-ingest / ingest: %.2f (target < 0.25)\n", a / b}'

if command -v tantivy > /dev/null; then
    # The same titles and abstracts as NDJSON, into an English-stemming schema.
    "$papers" parse --format jsonl "$work/dump.txt" 2> /dev/null \
        | python3 -c 'import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({"title": r["title"], "abstract": r["abstract"]}))' > "$work/docs.ndjson"
    mkdir "$work/tantivy"
    field() { echo "{\"name\":\"$1\",\"type\":\"text\",\"options\":{\"indexing\":{\"record\":\"position\",\"fieldnorms\":true,\"tokenizer\":\"en_stem\"},\"stored\":true,\"fast\":false}}"; }
    echo "{\"index_settings\":{\"docstore_compression\":\"lz4\",\"docstore_blocksize\":16384},\"segments\":[],\"schema\":[$(field title),$(field abstract)],\"opstamp\":0}" > "$work/tantivy/meta.json"
    measure tantivy-index tantivy index -i "$work/tantivy" -f "$work/docs.ndjson"
    awk -v a="$(seconds ingest)" -v b="$(seconds tantivy-index)" 'BEGIN {printf "ingest / tantivy index: %.2f (target <= 1.00)\n", a / b}'
else
    echo "tantivy-cli not installed (cargo install tantivy-cli): skipping the indexing comparison"
fi

# A rebuild from the stored records, including learning the latent layer again; on a copy, so
# the searches below run on the index ingest made.
cp -r "$work/index" "$work/reindexed"
measure reindex "$papers" --index "$work/reindexed" reindex
rm -rf "$work/reindexed"

# The latent layer learned alone: an ingest of no papers into a copy of the index without its
# layer learns it again and does nothing else. The first ingest above learns it too (beside
# filing the names the papers taught), which a build from before the layer did not: this is
# that share of its time, for comparing ingest with such a build.
cp -r "$work/index" "$work/refitted"
rm -f "$work/refitted/latent.bin"
: > "$work/empty.txt"
measure latent-fit "$papers" --index "$work/refitted" ingest "$work/empty.txt"
rm -rf "$work/refitted"
awk -v f="$(seconds latent-fit)" -v i="$(seconds ingest)" \
    'BEGIN {printf "latent fit alone: %.0f%% of the first ingest; the ingest without it about %.2f s\n", 100 * f / i, i - f}'

# Whole-process latency (start, open index, query, print 10 hits with snippets): median of 30.
python3 - "$papers" "$work/index" "$work/dump.txt" <<'PY'
import shutil, statistics, subprocess, sys, time
papers, index, dump = sys.argv[1:4]
def median_ms(command, runs=30):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
def papers_ms(args):
    return median_ms([papers, "--index", index, *args])
rg = shutil.which("rg")
for query in ["contrastive pretraining", "diffusion", "mixture of experts routing", "GAN", "medical imaging", "contrastiv lerning",
              "autonomous tool discovery action execution memory folding reinforcement"]:
    ours = papers_ms(["search", query])
    line = f"search {query!r}: median {ours:.1f} ms"
    if rg:
        theirs = median_ms([rg, "-i", query, dump], runs=10)
        line += f"; rg -i {theirs:.1f} ms; rg / search {theirs / ours:.1f}× (target >= 3)"
    print(line)
first_id = subprocess.run([papers, "--index", index, "export", "--limit", "1", "--format", "jsonl"], check=True, capture_output=True, text=True).stdout.split('"id":"')[1].split('"')[0]
for label, args in [("similar", ["similar", first_id]), ("facets --field methods", ["facets", "--field", "methods"]), ("triage -n 10", ["triage", "-n", "10"])]:
    print(f"{label}: median {papers_ms(args):.1f} ms (target < 100)")
PY

# The inbox with a reader model to train: 250 starred papers (about video) and 250 skipped ones
# (about language models), then `triage` trains on them and ranks every new paper, each run.
"$papers" --index "$work/index" mark --as starred $("$papers" --index "$work/index" search video --json -n 250 \
    | python3 -c 'import json, sys; print(" ".join(e["id"] for e in json.load(sys.stdin)))') 2> /dev/null
"$papers" --index "$work/index" mark --as skipped $("$papers" --index "$work/index" search "language model" --json -n 250 \
    | python3 -c 'import json, sys; print(" ".join(e["id"] for e in json.load(sys.stdin)))') 2> /dev/null
python3 - "$papers" "$work/index" "$count" <<'PY'
import statistics, subprocess, sys, time
papers, index, count = sys.argv[1:4]
times = []
for _ in range(10):
    start = time.perf_counter()
    subprocess.run([papers, "--index", index, "triage", "-n", "10"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append((time.perf_counter() - start) * 1000)
target = 300 if int(count) <= 100000 else 1000
print(f"triage -n 10 with 500 decisions (trains the reader model): median {statistics.median(times):.0f} ms (target < {target})")
PY
