#!/usr/bin/env python3
"""The pandas side of bench/whole.sh: each operation as a whole process,
reading the same .fwp with read_sql (or the same input file) and computing
the same table with the counting rules of pandas_bench.py.

  pandas_whole.py matrix FWP | needs FWP | frequencies FWP | report FWP
  pandas_whole.py split FILE          read a transcript, split it into turns and sentences
  pandas_whole.py survey CSV          read_csv + value_counts of every question
  pandas_whole.py summary FWP Q       survey answers from the project, crosstab of each question by Q
"""
import json
import os
import re
import sqlite3
import sys

import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pandas_bench import compute  # noqa: E402


def frames(fwp):
    db = sqlite3.connect(f"file:{fwp}?mode=ro", uri=True)
    q = lambda sql: pd.read_sql(sql, db)  # noqa: E731
    t = dict(
        sources=q("SELECT id, city, grp AS \"group\" FROM sources WHERE kind = 'transcript'"),
        parts=q("SELECT ref AS id, city, CAST(facilitator AS TEXT) AS facilitator FROM participants"),
        turns=q("""SELECT t.source_id AS source, t.idx, ifnull(p.ref, '') AS participant,
                   ifnull(p.facilitator, 0) AS facilitator FROM turns t LEFT JOIN participants p ON p.id = t.participant_id"""),
        sents=q("SELECT source_id AS source, idx, turn_idx AS turn, start, \"end\" FROM sentences"),
        codes=q("SELECT id, ifnull(parent_id, 0) AS parent, name FROM codes"),
        codings=q("SELECT source_id AS source, code_id AS code, start, \"end\", coder FROM codings"),
    )
    c = t["codes"]
    parent, name = dict(zip(c.id, c.parent)), dict(zip(c.id, c.name))

    def path(x):
        return name[x] if parent[x] == 0 else path(parent[x]) + "/" + name[x]
    c["path"] = [path(x) for x in c.id]
    return t


def frequencies(t):
    # The overlap join of compute(), then per code: codings and participants.
    matrix, needs = compute(t)
    return needs[["need", "participants", "codings", "cities", "groups"]]


def main():
    what, arg = sys.argv[1], sys.argv[2]
    if what in ("matrix", "needs", "report"):
        matrix, needs = compute(frames(arg))
        out = {"matrix": [matrix], "needs": [needs], "report": [matrix, needs]}[what]
        for df in out:
            df.to_csv(sys.stdout)
    elif what == "frequencies":
        frequencies(frames(arg)).to_csv(sys.stdout)
    elif what == "split":
        with open(arg, encoding="utf-8") as f:
            text = f.read()
        turns = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
        n = 0
        for b in turns:
            label, _, said = b.partition(":")
            n += len(re.split(r"(?<=[.!?])\s+", said.strip()))
        print(len(turns), n)
    elif what == "survey":
        df = pd.read_csv(arg, dtype=str)
        for col in df.columns[1:]:
            df[col].value_counts().to_csv(sys.stdout)
    elif what == "summary":
        db = sqlite3.connect(f"file:{arg}?mode=ro", uri=True)
        # One row per respondent, the answers a JSON array in question
        # order (schema 8): the fastest read pandas has of them.
        a = pd.read_sql("SELECT id AS r, answers FROM survey_respondents ORDER BY id", db)
        qids = [q for (q,) in db.execute("SELECT qid FROM survey_questions ORDER BY position")]
        wide = pd.DataFrame([json.loads(x) for x in a["answers"]], columns=qids, index=a["r"])
        by = sys.argv[3]
        for col in wide.columns:
            if col != by:
                pd.crosstab(wide[col], wide[by]).to_csv(sys.stdout)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
