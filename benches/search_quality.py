#!/usr/bin/env python3
"""Search quality on the real Daily Papers corpus: known-item queries, scored by where the paper
sought is ranked.

  benches/search_quality.py [--sample 200] [--seed 19] [--index DIR] [--rankers lexical,latent,blend]

Two kinds of query, each built from one paper's metadata that somebody else wrote (the corpus's
`ai_summary` and `ai_keywords` fields, which the rendered dump leaves out, so the index never holds
the words a query is built from):

- descriptive: the summary's words that are not in the title, stop words removed, the first
  eight ("autonomously performs tool discovery action end-to-end deep reasoning");
- keyword: the paper's first two keywords, joined ("chain-of-thought prompting planning domain").

The papers are a seeded sample of those with a summary (or keywords). Every ranker `papers search
--ranker` offers is scored, beside two baselines computed here: tf-idf cosine over title and
abstract (any word may match; plain Python), and the same plus a 256-dimension latent semantic
model (truncated SVD of that tf-idf matrix, scores summed; needs numpy, skipped without it).
Reported: mean reciprocal rank of the paper within the first 20 (MRR@20) and the share of queries
whose paper is in the first 10 (recall@10).

Needs ../shared (or PAPERS_SHARED) for the corpus and the renderer, and python3.
"""
import argparse, json, math, os, random, re, subprocess, sys, tempfile, time
from collections import Counter

STOP_WORDS = set("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each either else enables even
few for from further had has have having he her here hers herself him himself his how however i if
in into is it its itself just may me might more most must my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the their
theirs them themselves then there these they this those through thus to too under until up upon us
using very via was we well were what when where whether which while who whom why will with within
without would yet you your yours yourself yourselves
""".split())

WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")


def words(text):
    return WORD.findall((text or "").lower())


def normal_title(title):
    return " ".join((title or "").split()).lower()


def descriptive_query(paper):
    title_words = set(words(paper["title"]))
    seen, picked = set(), []
    for word in words(paper.get("ai_summary")):
        if word in STOP_WORDS or word in title_words or word in seen:
            continue
        seen.add(word)
        picked.append(word)
        if len(picked) == 8:
            break
    return " ".join(picked) if len(picked) >= 3 else None


def keyword_query(paper):
    keywords = [k for k in (paper.get("ai_keywords") or []) if k and k.strip()]
    if len(keywords) < 2:
        return None
    # Parentheses, quotes and other query syntax in keywords ("GAE ($\\lambda=1$)") are not what
    # the benchmark measures: keep the words.
    return " ".join(" ".join(words(k)) for k in keywords[:2])


def rank_metrics(ranks):
    """MRR@20 and recall@10 of 1-based ranks (None: not in the list)."""
    mrr = sum(1.0 / r for r in ranks if r is not None and r <= 20) / len(ranks)
    recall = sum(1 for r in ranks if r is not None and r <= 10) / len(ranks)
    return mrr, recall


class TfIdf:
    """scikit-learn's default TfidfVectorizer, in plain Python: words of two or more characters,
    raw counts, smoothed idf, rows normalised to unit length."""

    TOKEN = re.compile(r"\b\w\w+\b")

    def __init__(self, documents):
        counts = [Counter(self.TOKEN.findall(d.lower())) for d in documents]
        df = Counter()
        for c in counts:
            df.update(c.keys())
        n = len(documents)
        self.idf = {t: math.log((1 + n) / (1 + f)) + 1 for t, f in df.items()}
        self.terms = {t: i for i, t in enumerate(sorted(df))}
        self.rows = [self.vector(c) for c in counts]
        self.postings = {}
        for doc, row in enumerate(self.rows):
            for term, weight in row.items():
                self.postings.setdefault(term, []).append((doc, weight))

    def vector(self, counts):
        row = {t: c * self.idf[t] for t, c in counts.items() if t in self.idf}
        norm = math.sqrt(sum(w * w for w in row.values())) or 1.0
        return {t: w / norm for t, w in row.items()}

    def query(self, text):
        return self.vector(Counter(self.TOKEN.findall(text.lower())))

    def scores(self, text):
        scores = Counter()
        for term, weight in self.query(text).items():
            for doc, doc_weight in self.postings.get(term, ()):
                scores[doc] += weight * doc_weight
        return scores


def latent_baseline(tfidf, queries, dimensions=256, seed=0):
    """tf-idf cosine plus cosine in a truncated-SVD space of the same matrix, for each query a
    dense score per document; None without numpy."""
    try:
        import numpy as np
    except ImportError:
        return None
    n, m = len(tfidf.rows), len(tfidf.terms)
    dense_rows, cols, vals = [], [], []
    for doc, row in enumerate(tfidf.rows):
        for term, weight in row.items():
            dense_rows.append(doc)
            cols.append(tfidf.terms[term])
            vals.append(weight)
    rows_a, cols_a, vals_a = np.array(dense_rows), np.array(cols), np.array(vals)

    def times(dense):  # A @ dense
        out = np.zeros((n, dense.shape[1]))
        np.add.at(out, rows_a, vals_a[:, None] * dense[cols_a])
        return out

    def transposed_times(dense):  # A.T @ dense
        out = np.zeros((m, dense.shape[1]))
        np.add.at(out, cols_a, vals_a[:, None] * dense[rows_a])
        return out

    rng = np.random.default_rng(seed)
    sample = dimensions + 10
    basis = np.linalg.qr(times(rng.standard_normal((m, sample))))[0]
    for _ in range(4):
        basis = np.linalg.qr(times(np.linalg.qr(transposed_times(basis))[0]))[0]
    small = transposed_times(basis).T  # sample x m
    _, _, vt = np.linalg.svd(small, full_matrices=False)
    terms = vt[:dimensions].T  # m x k
    docs = times(terms)
    docs /= np.linalg.norm(docs, axis=1, keepdims=True) + 1e-12
    for text in queries:
        q = np.zeros(m)
        for term, weight in tfidf.query(text).items():
            q[tfidf.terms[term]] = weight
        lexical = np.zeros(n)
        for doc, score in tfidf.scores(text).items():
            lexical[doc] = score
        latent = docs @ (q @ terms)
        norm = np.linalg.norm(q @ terms) or 1.0
        yield lexical + latent / norm


def rank_of(scores, target):
    """1-based rank of target among documents by descending score (ties count against it)."""
    mine = scores[target]
    if mine <= 0:
        return None
    return 1 + sum(1 for s in scores if s > mine)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=200, help="queries of each kind")
    parser.add_argument("--seed", type=int, default=19, help="which papers are sampled")
    parser.add_argument("--index", help="an index of the rendered corpus to reuse (made when missing)")
    parser.add_argument("--papers", default="target/release/papers", help="the papers binary")
    parser.add_argument("--rankers", default="lexical,latent,blend")
    parser.add_argument("--kinds", default="descriptive,keyword")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print this many queries with their ranks")
    args = parser.parse_args()
    shared = os.environ.get("PAPERS_SHARED") or os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    corpus_path = os.path.join(shared, "corpus", "hf-daily-papers.jsonl")
    corpus = [json.loads(line) for line in open(corpus_path, encoding="utf-8")]

    workdir = tempfile.mkdtemp(prefix="papers-quality-")
    index = args.index or os.path.join(workdir, "index")
    if not os.path.exists(index):
        dump = os.path.join(workdir, "corpus.txt")
        with open(dump, "w", encoding="utf-8") as out:
            subprocess.run([sys.executable, os.path.join(shared, "tools", "render_dump.py")], stdout=out, check=True)
        started = time.perf_counter()
        subprocess.run([args.papers, "--index", index, "ingest", dump], check=True, stderr=subprocess.DEVNULL)
        print(f"ingested {len(corpus)} papers in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    # Papers with one title: a query for a title shared by two records has no single answer.
    title_counts = Counter(normal_title(p["title"]) for p in corpus)
    builders = {"descriptive": descriptive_query, "keyword": keyword_query}
    tfidf = None if args.no_baselines else TfIdf([f"{p['title']} {p['abstract']}" for p in corpus])
    position = {normal_title(p["title"]): i for i, p in enumerate(corpus)}
    for kind in args.kinds.split(","):
        candidates = [p for p in corpus if title_counts[normal_title(p["title"])] == 1 and builders[kind](p)]
        sample = random.Random(args.seed).sample(candidates, min(args.sample, len(candidates)))
        queries = [(builders[kind](p), normal_title(p["title"])) for p in sample]
        print(f"\n{kind} queries: {len(queries)} (seed {args.seed}), e.g. {queries[0][0]!r}")
        print(f"{'ranker':<28} {'MRR@20':>7} {'recall@10':>9} {'ms/query':>9}")
        for ranker in filter(None, args.rankers.split(",")):
            ranks, started = [], time.perf_counter()
            for query, title in queries:
                run = subprocess.run(
                    [args.papers, "--index", index, "search", "--json", "--limit", "20", *([] if ranker == "default" else ["--ranker", ranker]), query],
                    capture_output=True, text=True, check=True)
                titles = [normal_title(hit["title"]) for hit in json.loads(run.stdout)]
                ranks.append(titles.index(title) + 1 if title in titles else None)
            elapsed = (time.perf_counter() - started) * 1000 / len(queries)
            mrr, recall = rank_metrics(ranks)
            print(f"{'papers search --ranker ' + ranker:<28} {mrr:>7.3f} {recall:>9.3f} {elapsed:>9.1f}")
            for (query, title), rank in list(zip(queries, ranks))[:args.show]:
                print(f"    {rank or '-':>3}  {query}")
        if tfidf is None:
            continue
        ranks = []
        for query, title in queries:
            scores = tfidf.scores(query)
            dense = [scores.get(i, 0.0) for i in range(len(corpus))]
            ranks.append(rank_of(dense, position[title]))
        mrr, recall = rank_metrics(ranks)
        print(f"{'tf-idf cosine (baseline)':<28} {mrr:>7.3f} {recall:>9.3f}")
        latent = latent_baseline(tfidf, [q for q, _ in queries])
        if latent is None:
            print("tf-idf + latent (baseline)   skipped: needs numpy")
            continue
        ranks = [rank_of(list(scores), position[title]) for scores, (_, title) in zip(latent, queries)]
        mrr, recall = rank_metrics(ranks)
        print(f"{'tf-idf + latent (baseline)':<28} {mrr:>7.3f} {recall:>9.3f}")


if __name__ == "__main__":
    main()
