#!/usr/bin/env python3
"""Search benchmark helper (scripts/bench-search.sh).

queries CORPUS.jsonl OUT.txt   writes the fixed set of 200 queries drawn from the corpus with a
                               fixed seed: single words (very common, common, rare), phrases,
                               prefixes, exclusions, filtered and date-sorted searches.
latency PORT QUERIES.txt       runs every query once through /fr/search.json on one keep-alive
                               connection (after one warm-up pass) and prints
                               "p50_ms p99_ms mean_ms zero_result_queries".
"""
import collections
import http.client
import json
import random
import re
import sys
import time
import urllib.parse

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def make_queries(corpus, out):
    counts = collections.Counter()
    titles = []
    with open(corpus, encoding="utf-8") as f:
        for n, line in enumerate(f):
            if n >= 20000:
                break
            a = json.loads(line)
            text = a.get("title", "") + " " + a.get("lead", "") + " " + re.sub("<[^>]+>", " ", a.get("body_html", ""))
            counts.update(w.lower() for w in WORD.findall(text))
            titles.append(a.get("title", ""))
    rng = random.Random(7)
    ranked = [w for w, _ in counts.most_common()]
    common = ranked[:50]
    middle = ranked[50:max(51, len(ranked) // 2)]
    rare = [w for w, c in counts.items() if c <= 2] or ranked[-50:]
    queries = []
    queries += [w for w in rng.sample(common, 20)]
    queries += [w for w in rng.sample(middle, 30)]
    queries += [w for w in rng.sample(rare, 20)]
    queries += [a + " " + b for a, b in zip(rng.sample(middle, 20), rng.sample(common, 20))]
    for t in rng.sample(titles, 30):
        words = WORD.findall(t)
        if len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            queries.append('"%s %s"' % (words[i], words[i + 1]))
        else:
            queries.append(words[0] if words else "paix")
    queries += [w[:5] + "*" for w in rng.sample(middle, 20)]
    queries += ["%s -%s" % (a, b) for a, b in zip(rng.sample(common, 20), rng.sample(middle, 20))]
    queries += ["%s&sort=date" % w for w in rng.sample(common + middle, 20)]
    queries += ["%s&from=2023-01-01&to=2023-12-31" % w for w in rng.sample(middle, 10)]
    queries += ["%s&section=international" % w for w in rng.sample(middle, 10)]
    assert len(queries) == 200, len(queries)
    with open(out, "w", encoding="utf-8") as f:
        for q in queries:
            f.write(q + "\n")


def url_of(query):
    text, _, rest = query.partition("&")
    return "/fr/search.json?q=" + urllib.parse.quote_plus(text) + ("&" + rest if rest else "")


def latency(port, queries_file):
    with open(queries_file, encoding="utf-8") as f:
        queries = [q.rstrip("\n") for q in f if q.strip()]
    conn = http.client.HTTPConnection("127.0.0.1", int(port))
    zero = 0
    times = []
    for rnd in range(2):
        for q in queries:
            t0 = time.perf_counter()
            conn.request("GET", url_of(q))
            r = conn.getresponse()
            body = r.read()
            elapsed = (time.perf_counter() - t0) * 1000
            if r.status != 200:
                raise SystemExit("HTTP %d for %s" % (r.status, q))
            if rnd == 1:
                times.append(elapsed)
                if json.loads(body)["total"] == 0:
                    zero += 1
    times.sort()
    p = lambda x: times[min(len(times) - 1, int(round(x * (len(times) - 1))))]
    print("%.2f %.2f %.2f %d" % (p(0.50), p(0.99), sum(times) / len(times), zero))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "queries":
        make_queries(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "latency":
        latency(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
