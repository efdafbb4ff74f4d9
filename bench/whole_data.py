#!/usr/bin/env python3
"""Synthetic data for bench/whole.sh (invented words, invented people).

  whole_data.py transcripts DIR     200 focus-group transcripts (fg-001.txt ...),
                                    10 participants and a facilitator each;
                                    big.txt (about 21 MB) for the import timing
  whole_data.py survey FILE         100,000 respondents x 60 questions (q01..q60)
  whole_data.py codings FWP FILE    1,000,000 distinct codings over the sentences
                                    that the project FWP holds, as `codings import`
                                    reads them (18 codes in three themes, two coders)

Seeded: every run writes the same data.
"""
import random
import sqlite3
import sys

WORDS = """we need help with documents lawyer hearing permit work housing family threat
police phone hacked account surveillance community diaspora mentor training network platform secure
encrypted peer support recognition expertise organisation board funding wait months years city safe
fear report officer called brother mother message threatened online posted deleted wrote""".split()

# Invented names, places and organisations: about one sentence in eight
# holds one, as in a real focus group, so that the named-entity scan of a
# screened output has names to look at (and capitals inside sentences).
NAMES = """Rana Karim Soraya Olek Nadège Viktor Marchelier Lanterne Verdun Ossington
Relais Westboro IRCC Amina Tomas Leyla""".split()


def turn_text(rng, sentences):
    out = []
    for _ in range(sentences):
        n = 6 + rng.randrange(10)
        w = [rng.choice(WORDS) for _ in range(n)]
        if rng.randrange(8) == 0:
            w[1 + rng.randrange(n - 1)] = rng.choice(NAMES)
        w[0] = w[0].capitalize()
        out.append(" ".join(w) + ".")
    return " ".join(out)


def transcripts(d):
    rng = random.Random(2026)
    for s in range(200):
        lines = []
        for t in range(80):
            who = "Facilitator" if t % 8 == 0 else f"P{(t * 7) % 10 + 1}"
            lines.append(f"{who}: {turn_text(rng, 4)}")
        with open(f"{d}/fg-{s + 1:03d}.txt", "w") as f:
            f.write("\n\n".join(lines) + "\n")
    with open(f"{d}/big.txt", "w") as f:
        size, t = 0, 0
        while size < 21_000_000:
            who = "Facilitator" if t % 8 == 0 else f"P{rng.randrange(12) + 1}"
            line = f"{who}: {turn_text(rng, 1 + rng.randrange(5))}\n\n"
            f.write(line)
            size += len(line)
            t += 1


def survey(path):
    rng = random.Random(60)
    with open(path, "w") as f:
        f.write("id," + ",".join(f"q{i:02d}" for i in range(1, 61)) + "\n")
        for r in range(100_000):
            f.write(f"R{r + 1}," + ",".join(str(1 + rng.randrange(5)) for _ in range(60)) + "\n")


def codings(fwp, path):
    rng = random.Random(42)
    db = sqlite3.connect(f"file:{fwp}?mode=ro", uri=True)
    names = dict(db.execute("SELECT id, name FROM sources WHERE kind = 'transcript'"))
    spans = {}
    for src, start, end in db.execute("SELECT source_id, start, end FROM sentences ORDER BY source_id, idx"):
        if src in names:
            spans.setdefault(src, []).append((start, end))
    srcs = sorted(spans)
    codes = [f"Theme {t}/Code {t}.{c}" for t in range(1, 4) for c in range(1, 7)]
    seen = set()
    with open(path, "w") as f:
        f.write("source,start,end,code,coder,memo\n")
        while len(seen) < 1_000_000:
            s = rng.choice(srcs)
            sp = spans[s]
            k = rng.randrange(len(sp))
            a, b = sp[k]
            if rng.randrange(4) == 0 and k + 1 < len(sp):
                b = sp[k + 1][1]
            a += rng.randrange(3)
            key = (s, a, b, rng.randrange(len(codes)), rng.randrange(2))
            if key in seen:
                continue
            seen.add(key)
            f.write(f"{names[s]},{a},{b},{codes[key[3]]},{('lea', 'sam')[key[4]]},\n")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "transcripts":
        transcripts(sys.argv[2])
    elif what == "survey":
        survey(sys.argv[2])
    elif what == "codings":
        codings(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
