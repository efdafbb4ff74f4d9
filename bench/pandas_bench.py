#!/usr/bin/env python3
"""Time pandas on fieldwork's benchmark: the code x city matrix and the needs
table's counts and ranks, from the CSV files that

    go test ./analysis -run TestExportBenchData -export DIR

writes (1,000,000 codings, 200 sources, 2,000 participants), with the same
counting rules as the analysis package:

- a participant mentions a code when a coding of it, or of a code under it,
  overlaps ([a,b) and [c,d) overlap when a < d and c < b) a sentence they
  spoke; facilitator speech never counts;
- a coding counts when it overlaps at least one participant sentence;
- a coding's passage for a participant runs from its first to its last
  clipped piece in their sentences; overlapping passages of a code's subtree
  on one participant in one source count once (intensity = passages per
  mentioning participant).

It checks that its figures equal Go's (go_matrix.csv, go_needs.csv) and
prints the timings. Usage: pandas_bench.py DIR [REPEATS]
"""
import sys
import time

import numpy as np
import pandas as pd


def load(d):
    return dict(
        sources=pd.read_csv(f"{d}/sources.csv", keep_default_na=False),
        parts=pd.read_csv(f"{d}/participants.csv", dtype=str, keep_default_na=False),
        turns=pd.read_csv(f"{d}/turns.csv", keep_default_na=False, dtype={"participant": str}),
        sents=pd.read_csv(f"{d}/sentences.csv"),
        codes=pd.read_csv(f"{d}/codes.csv", keep_default_na=False),
        codings=pd.read_csv(f"{d}/codings.csv", keep_default_na=False),
    )


def ancestors(codes):
    """Pairs (code, node): every code with itself and each code above it."""
    parent = dict(zip(codes.id, codes.parent))
    rows = []
    for c in codes.id:
        x = c
        while x != 0:
            rows.append((c, x))
            x = parent[x]
    return pd.DataFrame(rows, columns=["code", "node"])


def compute(t):
    sources, parts, turns, sents, codes, codings = (
        t["sources"], t["parts"], t["turns"], t["sents"], t["codes"], t["codings"])
    # Participant sentences, sorted by source then start.
    s = sents.merge(turns[["source", "idx", "participant", "facilitator"]],
                    left_on=["source", "turn"], right_on=["source", "idx"], suffixes=("", "_turn"))
    s = s[(s.facilitator == 0) & (s.participant != "")]
    s = s.sort_values(["source", "start"]).reset_index(drop=True)
    # Overlap join: sentences are disjoint and sorted, so a coding's
    # sentences are the range [lo, hi) found by binary search on a key that
    # puts sources apart.
    big = np.int64(1) << 32
    s_start = s.source.to_numpy(np.int64) * big + s.start.to_numpy(np.int64)
    s_end = s.source.to_numpy(np.int64) * big + s.end.to_numpy(np.int64)
    c_src = codings.source.to_numpy(np.int64)
    c_start = c_src * big + codings.start.to_numpy(np.int64)
    c_end = c_src * big + codings.end.to_numpy(np.int64)
    lo = np.searchsorted(s_end, c_start, side="right")
    hi = np.searchsorted(s_start, c_end, side="left")
    n = np.maximum(hi - lo, 0)
    ci = np.repeat(np.arange(len(codings)), n)
    offs = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    si = np.repeat(lo, n) + offs
    hits = pd.DataFrame({
        "coding": ci,
        "code": codings.code.to_numpy()[ci],
        "participant": s.participant.to_numpy()[si],
        "source": s.source.to_numpy()[si],
        "a": np.maximum(codings.start.to_numpy()[ci], s.start.to_numpy()[si]),
        "b": np.minimum(codings.end.to_numpy()[ci], s.end.to_numpy()[si]),
    })
    # Passages: one piece per coding and participant, merged per code
    # subtree where they overlap on the same participant and source.
    pieces = hits.groupby(["coding", "code", "participant", "source"], sort=False).agg(a=("a", "min"), b=("b", "max")).reset_index()
    pieces = pieces.merge(ancestors(codes), on="code").sort_values(["node", "source", "participant", "a"])
    key = ["node", "source", "participant"]
    reach = pieces.groupby(key, sort=False).b.cummax()
    prev = reach.groupby([pieces[k] for k in key], sort=False).shift(1)
    pieces["new"] = prev.isna() | (pieces.a >= prev)
    passages = pieces[pieces.new].groupby("node").size()
    hits = hits.merge(ancestors(codes), on="code")
    src = sources.set_index("id")
    hits["src_city"] = src.city.reindex(hits.source).to_numpy()
    hits["src_group"] = src.group.reindex(hits.source).to_numpy()

    # Code x participant city.
    city_of = parts.set_index("id").city
    mention = hits[["node", "participant"]].drop_duplicates()
    mention = mention.assign(city=city_of.reindex(mention.participant).to_numpy())
    speakers = s[["participant"]].drop_duplicates()
    speakers = speakers.assign(city=city_of.reindex(speakers.participant).to_numpy())
    n_city = speakers.groupby("city").size().rename("n")
    cell = mention.groupby(["node", "city"]).size().rename("participants")
    row_total = mention.groupby("node").size().rename("row_participants")
    grid = pd.MultiIndex.from_product([codes.id, n_city.index], names=["node", "city"])
    matrix = cell.reindex(grid, fill_value=0).reset_index()
    matrix = matrix.merge(n_city.reset_index(), on="city").merge(row_total.reset_index(), on="node", how="left")
    matrix["row_participants"] = matrix.row_participants.fillna(0).astype(int)
    matrix["column_share"] = matrix.participants / matrix.n
    matrix["row_share"] = matrix.participants / matrix.row_participants.where(matrix.row_participants > 0)

    # Needs: every code under a theme.
    total = len(speakers)
    cities_total = s.merge(sources, left_on="source", right_on="id").city.nunique()
    groups_total = s.merge(sources, left_on="source", right_on="id").group.nunique()
    needs = codes[codes.parent != 0][["id", "path"]].rename(columns={"id": "node", "path": "need"})
    by_node = hits.groupby("node")
    agg = pd.DataFrame({
        "participants": mention.groupby("node").size(),
        "codings": hits[["node", "coding"]].drop_duplicates().groupby("node").size(),
        "passages": passages,
        "cities": by_node.src_city.nunique(),
        "groups": by_node.src_group.nunique(),
    })
    needs = needs.merge(agg, left_on="node", right_index=True, how="left").fillna(0)
    needs["prevalence"] = needs.participants / total
    needs["intensity"] = needs.passages / needs.participants.where(needs.participants > 0)
    needs["city_share"] = needs.cities / cities_total
    needs["group_share"] = needs.groups / groups_total
    r_prev = needs.prevalence.rank(method="min", ascending=False)
    breadth = list(zip(needs.city_share, needs.group_share))
    r_breadth = pd.Series([1 + sum(b > a for b in breadth) for a in breadth], index=needs.index)
    r_int = needs.intensity.rank(method="min", ascending=False, na_option="bottom")
    needs["score"] = (r_prev + r_breadth + r_int) / 3
    needs["order"] = np.arange(len(needs))
    needs = needs.sort_values(["score", "prevalence", "order"], ascending=[True, False, True])
    needs["rank"] = np.arange(1, len(needs) + 1)
    return matrix, needs


def check(d, matrix, needs, codes):
    path = dict(zip(codes.id, codes.path))
    gm = pd.read_csv(f"{d}/go_matrix.csv", keep_default_na=False)
    pm = matrix.assign(code=matrix.node.map(path), value=matrix.city)
    both = gm.merge(pm, on=["code", "value"], suffixes=("_go", "_pd"))
    assert len(both) == len(gm) == len(pm), (len(both), len(gm), len(pm))
    for c in ["participants", "n", "row_participants"]:
        assert (both[c + "_go"] == both[c + "_pd"]).all(), c
    gn = pd.read_csv(f"{d}/go_needs.csv", keep_default_na=False)
    both = gn.merge(needs, on="need", suffixes=("_go", "_pd"))
    assert len(both) == len(gn) == len(needs)
    for c in ["participants", "codings", "passages", "cities", "groups", "rank"]:
        assert (both[c + "_go"] == both[c + "_pd"].astype(int)).all(), c
    assert np.allclose(both.score_go.astype(float), both.score_pd.round(4)), "score"
    print(f"pandas and Go agree on all {len(gm)} matrix cells and {len(gn)} needs (counts, ranks, scores)")


def main():
    d = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    t0 = time.perf_counter()
    t = load(d)
    load_s = time.perf_counter() - t0
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        matrix, needs = compute(t)
        times.append(time.perf_counter() - t0)
    check(d, matrix, needs, t["codes"])
    print(f"pandas {pd.__version__}, numpy {np.__version__}: {len(t['codings']):,} codings, "
          f"{len(t['sources'])} sources, {int((t['parts'].facilitator == '0').sum()):,} participants")
    print(f"pandas load CSV:                    {load_s * 1000:8.0f} ms")
    print(f"pandas city matrix + needs (best of {repeats}): {min(times) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
