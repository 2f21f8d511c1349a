#!/usr/bin/env python3
"""Simulated readers for the inbox: how well does `papers triage` learn a reader's taste?

  benches/inbox_sim.py                       # every reader, the default start dates, all rankers
  benches/inbox_sim.py --starts 2025-09-01   # other weeks
  benches/inbox_sim.py --rankers papers      # only the inbox (no scikit-learn needed)

Each reader has a latent interest: a pattern over the corpus's `ai_keywords` field, which rendered
dumps do not contain, so no ranker can read it. The protocol, run separately for every ranker:

1. the 8 weeks of papers (by `daily_date`) before the start date are ingested, undecided;
2. the reader stars the 3 most recent relevant papers of that history;
3. for each of 12 weeks: the week's papers are rendered as a dump (`render_dump.py` from the shared
   tools) and ingested; the ranker orders that week's papers; the reader sees the top 10, stars the
   relevant ones and skips the others.

Reported: precision@10 (relevant among the 10 shown, averaged over the weeks) per reader and ranker,
and the mean over readers. Rankers:

- `papers`: `papers triage --json`, restricted to the week's papers; decisions go in with `papers mark`.
- `popularity`: the week's papers by upvotes.
- `svm`: arxiv-sanity-lite's recommender — a linear SVM (scikit-learn `LinearSVC`, class_weight
  "balanced", C 0.1) on tf-idf of title and abstract, unigrams and bigrams, with arxiv-sanity-lite's
  vectoriser settings, fitted on every paper seen so far; positives are the starred papers,
  negatives everything else. Needs scikit-learn: it is installed into a private virtual environment
  (`PAPERS_SIM_VENV`, default a `papers-sim-venv` directory in the system temporary directory) the
  first time.

Needs the shared corpus and renderer beside the repository (../shared, or PAPERS_SHARED).
"""
import argparse
import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get('PAPERS_SHARED', os.path.join(ROOT, '..', 'shared'))
CORPUS = os.path.join(SHARED, 'corpus', 'hf-daily-papers.jsonl')
TOOLS = os.path.join(SHARED, 'tools')

# Latent interests over `ai_keywords` (lower-cased, searched in each keyword). Every one covers
# between 2% and 15% of the papers that have keywords (the share is printed with --list-readers).
INTERESTS = {
    'video-generation': r'video generation|video diffusion|text-to-video|image-to-video|video synthesis',
    '3d-vision': r'\b3d\b|gaussian splatting|nerf|neural radiance|point cloud|mesh',
    'robotics': r'robot|vision-language-action|embodied|manipulation',
    'code': r'code generation|software engineering|\bcode\b|program synthesis',
    'efficiency': r'quantization|pruning|kv cache|speculative decoding|sparse attention|distillation',
    'speech-audio': r'speech|audio|text-to-speech|\btts\b|\basr\b|music',
    'retrieval': r'retrieval|\brag\b',
    'image-generation': r'image editing|text-to-image|image generation',
    'math': r'mathematical reasoning|\bmath',
    'safety': r'safety|jailbreak|alignment|red-team|harmful|adversarial',
    'architectures': r'mixture-of-experts|\bmoe\b|state space|mamba|linear attention',
    'multilingual': r'multilingual|low-resource|translation|cross-lingual',
    'gui-web-agents': r'\bgui\b|web agent|web navigation|computer use|browser|computer-use',
    'rl-verifiable-rewards': r'grpo|rlvr|verifiable reward|group relative policy',
    'tool-use': r'multi-agent|tool use|tool-use|function calling|tool calling|tool-augmented|tool learning',
    'world-models': r'world model',
    'long-context': r'long-context|long context|context window|kv cache',
}
HISTORY_WEEKS = 8
WEEKS = 12
SHOWN = 10
FIRST_STARS = 3


def load_corpus():
    papers = []
    with open(CORPUS, encoding='utf-8') as f:
        for line in f:
            record = json.loads(line)
            record['day'] = dt.date.fromisoformat(record['daily_date'][:10])
            papers.append(record)
    return papers


def relevant(record, pattern):
    return any(pattern.search(k.lower()) for k in record.get('ai_keywords') or [])


def week_of(papers, start, week):
    begin = start + dt.timedelta(weeks=week)
    end = begin + dt.timedelta(weeks=1)
    return [p for p in papers if begin <= p['day'] < end]


class Papers:
    """The inbox under test, driven through its command line on a private index."""

    def __init__(self, binary, workdir):
        self.binary = binary
        self.index = os.path.join(workdir, 'index')
        self.workdir = workdir
        self.id_of = {}  # corpus id -> papers id
        self.triage_ms = []

    def run(self, *args, capture=True):
        env = {k: v for k, v in os.environ.items() if not k.startswith('PAPERS_')}
        result = subprocess.run([self.binary, '--index', self.index, *args], env=env,
                                capture_output=capture, text=True)
        if result.returncode != 0:
            sys.exit(f'papers {" ".join(args)} failed: {result.stderr.strip()}')
        return result.stdout

    def ingest(self, records, day):
        sys.path.insert(0, TOOLS)
        import render_dump  # the shared renderer: the same layout as the benchmark dumps
        rendered = []
        for r in records:
            rendered.append({'title': render_dump.one_line(r['title']),
                             'abstract': render_dump.one_line(r['abstract']),
                             'authors': len(r.get('authors') or []) or 1,
                             'date': (r.get('published_at') or r['daily_date'])[:10],
                             'upvotes': r.get('upvotes') or 0})
        path = os.path.join(self.workdir, 'week.txt')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(render_dump.render(rendered, day))
        parsed = [json.loads(line) for line in self.run('parse', '--format', 'jsonl', path).splitlines()]
        by_title = {' '.join(p['title'].split()).lower(): p['id'] for p in parsed}
        for r in records:
            key = ' '.join(r['title'].split()).lower()
            if key in by_title:
                self.id_of[r['id']] = by_title[key]
        self.run('ingest', '--year', str(day.year), path)

    def order(self, records):
        started = time.perf_counter()
        # Papers are dated by their arXiv submission, which can precede the feed's day: the
        # earliest date of the week's papers bounds the inbox to them and a few older ones.
        since = min((r.get('published_at') or r['daily_date'])[:10] for r in records)
        entries = json.loads(self.run('triage', '--json', '--limit', '1000000', '--since', since))
        self.triage_ms.append((time.perf_counter() - started) * 1000)
        position = {e['id']: i for i, e in enumerate(entries)}
        missing = len(entries) + 1
        return sorted(records, key=lambda r: position.get(self.id_of.get(r['id']), missing))

    def decide(self, starred, skipped):
        for status, records in (('starred', starred), ('skipped', skipped)):
            ids = [self.id_of[r['id']] for r in records if r['id'] in self.id_of]
            if ids:
                self.run('mark', '--as', status, *ids)


class Popularity:
    def __init__(self, *_):
        pass

    def ingest(self, records, day):
        pass

    def order(self, records):
        return sorted(records, key=lambda r: -(r.get('upvotes') or 0))

    def decide(self, starred, skipped):
        pass


class Svm:
    """arxiv-sanity-lite's recommendation: LinearSVC on tf-idf, starred vs everything else."""

    def __init__(self, *_):
        self.seen = []
        self.starred = set()

    def ingest(self, records, day):
        self.seen.extend(records)

    def order(self, records):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
        # arxiv-sanity-lite's compute.py settings.
        vectorizer = TfidfVectorizer(input='content', encoding='utf-8', decode_error='replace',
                                     strip_accents='unicode', lowercase=True, analyzer='word',
                                     stop_words='english', token_pattern=r'(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b',
                                     ngram_range=(1, 2), max_features=20000, norm='l2', use_idf=True,
                                     smooth_idf=True, sublinear_tf=True, max_df=0.1, min_df=5)
        texts = [r['title'] + ' ' + r['abstract'] for r in self.seen]
        x = vectorizer.fit_transform(texts)
        y = [1 if r['id'] in self.starred else 0 for r in self.seen]
        model = LinearSVC(class_weight='balanced', verbose=False, max_iter=10000, tol=1e-6, C=0.1)
        model.fit(x, y)
        scores = model.decision_function(x)
        score_of = {r['id']: s for r, s in zip(self.seen, scores)}
        return sorted(records, key=lambda r: -score_of[r['id']])

    def decide(self, starred, skipped):
        self.starred.update(r['id'] for r in starred)


RANKERS = {'papers': Papers, 'popularity': Popularity, 'svm': Svm}


def simulate(ranker_name, binary, papers, interest, start):
    pattern = re.compile(INTERESTS[interest])
    with tempfile.TemporaryDirectory(prefix='papers-sim-') as workdir:
        ranker = RANKERS[ranker_name](binary, workdir)
        history = [p for p in papers if start - dt.timedelta(weeks=HISTORY_WEEKS) <= p['day'] < start]
        history.sort(key=lambda p: (p['day'], p['id']))
        ranker.ingest(history, start - dt.timedelta(days=1))
        first = [p for p in history if relevant(p, pattern)][-FIRST_STARS:]
        ranker.decide(first, [])
        precisions = []
        for week in range(WEEKS):
            records = sorted(week_of(papers, start, week), key=lambda p: (p['day'], p['id']))
            if not records:
                continue
            ranker.ingest(records, start + dt.timedelta(weeks=week, days=6))
            shown = ranker.order(records)[:SHOWN]
            liked = [r for r in shown if relevant(r, pattern)]
            ranker.decide(liked, [r for r in shown if not relevant(r, pattern)])
            precisions.append(len(liked) / len(shown))
        timing = getattr(ranker, 'triage_ms', [])
        return statistics.mean(precisions), timing


def ensure_sklearn():
    try:
        import sklearn  # noqa: F401
        return
    except ImportError:
        pass
    venv = os.environ.get('PAPERS_SIM_VENV', os.path.join(tempfile.gettempdir(), 'papers-sim-venv'))
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.exists(python):
        print(f'installing scikit-learn into {venv} for the SVM baseline', file=sys.stderr)
        subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
        subprocess.run([python, '-m', 'pip', 'install', '--quiet', 'scikit-learn'], check=True)
    os.execv(python, [python, *sys.argv])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--starts', default='2025-08-04,2026-02-02', help='comma-separated start dates (Mondays)')
    parser.add_argument('--readers', default=','.join(INTERESTS), help='comma-separated interests')
    parser.add_argument('--rankers', default='papers,popularity,svm')
    parser.add_argument('--papers', default=os.path.join(ROOT, 'target', 'release', 'papers'),
                        help='the binary under test (default: the release build)')
    parser.add_argument('--list-readers', action='store_true', help='print each interest\'s share and exit')
    args = parser.parse_args()
    rankers = args.rankers.split(',')
    if 'svm' in rankers:
        ensure_sklearn()
    papers = load_corpus()
    keyed = [p for p in papers if p.get('ai_keywords')]
    if args.list_readers:
        for name, pattern in INTERESTS.items():
            share = sum(relevant(p, re.compile(pattern)) for p in keyed) / len(keyed)
            print(f'{name}\t{share:.3f}')
        return
    readers = args.readers.split(',')
    starts = [dt.date.fromisoformat(s) for s in args.starts.split(',')]
    results = {}
    timings = []
    for reader in readers:
        for start in starts:
            row = []
            for ranker in rankers:
                precision, timing = simulate(ranker, args.papers, papers, reader, start)
                results[(reader, start, ranker)] = precision
                timings.extend(timing)
                row.append(f'{ranker} {precision:.2f}')
            print(f'{reader} from {start}: ' + ', '.join(row), file=sys.stderr, flush=True)
    print(f'| reader | ' + ' | '.join(rankers) + ' |')
    print('| --- | ' + ' | '.join('---' for _ in rankers) + ' |')
    for reader in readers:
        cells = [statistics.mean(results[(reader, s, r)] for s in starts) for r in rankers]
        print(f'| {reader} | ' + ' | '.join(f'{c:.3f}' for c in cells) + ' |')
    means = [statistics.mean(results[(reader, s, r)] for reader in readers for s in starts) for r in rankers]
    print('| **mean** | ' + ' | '.join(f'**{m:.3f}**' for m in means) + ' |')
    if 'papers' in rankers and 'svm' in rankers:
        ratio = means[rankers.index('papers')] / means[rankers.index('svm')]
        print(f'\npapers / svm: {ratio:.2f} (target >= 1.10)')
    if 'papers' in rankers and 'popularity' in rankers:
        below = [reader for reader in readers
                 if statistics.mean(results[(reader, s, 'papers')] for s in starts)
                 < statistics.mean(results[(reader, s, 'popularity')] for s in starts)]
        print(f'readers below popularity: {len(below)}' + (f' ({", ".join(below)})' if below else ''))
    if timings:
        print(f'papers triage: median {statistics.median(timings):.0f} ms per run')


if __name__ == '__main__':
    main()
