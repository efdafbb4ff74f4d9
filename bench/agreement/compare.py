#!/usr/bin/env python3
"""A second implementation of fieldwork's agreement statistics, to check and
time analysis/agreement against:

- Cohen's kappa: scikit-learn's cohen_kappa_score (Debian python3-sklearn);
- Fleiss' kappa: statsmodels' fleiss_kappa (Debian python3-statsmodels);
- Krippendorff's alpha: a vectorised numpy implementation of the same method
  as Go's, from the coincidence matrix:

      o_ck  = sum_u n_uc n_uk / (m_u - 1) - [c = k] sum_u n_uc / (m_u - 1)
      alpha = 1 - (n - 1) sum o_ck d_ck / sum n_c n_k d_ck

  where n_uc counts the values c of unit u and m_u its values; units with
  fewer than two values are left out. d_ck is the level's squared
  difference (Krippendorff 2011).

Input files are CSV with a header unit,coder,value; a missing value is no
row or an empty value (what `fieldwork agree --data` reads).

  compare.py FILE...              JSON: the statistics of each file
  compare.py --summary FILE       JSON: percent agreement, nominal alpha and
                                  Fleiss' kappa (what `fieldwork agree --data
                                  FILE --json` computes), for whole-process timing
  compare.py --time FILE [N]      median time of the nominal alpha over N runs,
                                  the file already in memory

Run with Debian's Python (/usr/bin/python3), where the modules are installed.
"""
import csv
import json
import math
import sys
import time

import numpy as np
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def load(path):
    """Long-format reliability data as integer codes: unit, coder and value
    indices (in order of first sight) and the value labels."""
    units, coders, values = {}, {}, {}
    u_idx, c_idx, v_idx = [], [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f)
        header = [h.strip().lower() for h in next(r)]
        iu, ic, iv = header.index("unit"), header.index("coder"), header.index("value")
        for row in r:
            if not row:
                continue
            u, c, v = row[iu].strip(), row[ic].strip(), row[iv].strip()
            ui = units.setdefault(u, len(units))
            ci = coders.setdefault(c, len(coders))
            if v == "":
                continue
            u_idx.append(ui)
            c_idx.append(ci)
            v_idx.append(values.setdefault(v, len(values)))
    labels = [None] * len(values)
    for k, i in values.items():
        labels[i] = k
    return (np.array(u_idx, dtype=np.int64), np.array(c_idx, dtype=np.int64),
            np.array(v_idx, dtype=np.int64), labels, len(units))


def unit_counts(u, v, n_units, n_values):
    """n_uc as a units x values matrix (one bincount)."""
    return np.bincount(u * n_values + v, minlength=n_units * n_values).reshape(n_units, n_values).astype(float)


def alpha(u, v, labels, n_units, level="nominal"):
    if level == "nominal":
        vv, n_values = v, len(labels)
    else:
        # Values equal as numbers are one value.
        nums, vv = np.unique(np.array([float(x) for x in labels])[v], return_inverse=True)
        n_values = len(nums)
    counts = unit_counts(u, vv, n_units, n_values)
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    w = (counts / (m - 1)[:, None])
    o = w.T @ counts - np.diag(w.sum(axis=0))
    nc = o.sum(axis=1)
    n = nc.sum()
    if level == "nominal":
        d = 1.0 - np.eye(n_values)
    elif level == "interval":
        d = (nums[:, None] - nums[None, :]) ** 2
    elif level == "ratio":
        s = nums[:, None] + nums[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = np.where(s == 0, 0.0, ((nums[:, None] - nums[None, :]) / s) ** 2)
    else:  # ordinal: values in numeric order, mid-ranks of their counts
        r = np.cumsum(nc) - nc / 2
        d = (r[:, None] - r[None, :]) ** 2
    de = (np.outer(nc, nc) * d).sum()
    if n < 2 or de == 0:
        return None
    return float(1 - (n - 1) * (o * d).sum() / de)


def percent_agreement(u, v, labels, n_units):
    counts = unit_counts(u, v, n_units, len(labels))
    m = counts.sum(axis=1)
    counts, m = counts[m >= 2], m[m >= 2]
    if len(m) == 0:
        return None
    same = (counts * (counts - 1) / 2).sum(axis=1)
    return float((same / (m * (m - 1) / 2)).mean())


def wide(u, c, v, n_units, n_coders):
    """units x coders matrix of value indices, -1 where missing."""
    x = np.full((n_units, n_coders), -1, dtype=np.int64)
    x[u, c] = v
    return x


def cohen(x):
    both = (x >= 0).all(axis=1)
    if not both.any():
        return None
    k = cohen_kappa_score(x[both, 0], x[both, 1])
    return None if math.isnan(k) else float(k)


def fleiss(x):
    full = x[(x >= 0).all(axis=1)]
    if len(full) == 0:
        return None
    table, _ = aggregate_raters(full)
    k = fleiss_kappa(table, method="fleiss")
    return None if math.isnan(k) else float(k)


def coders_with_values(c):
    return len(np.unique(c))


def statistics(path):
    u, c, v, labels, n_units = load(path)
    n_coders = int(c.max()) + 1 if len(c) else 0
    x = wide(u, c, v, n_units, n_coders)[:, np.unique(c)]
    k = coders_with_values(c)
    out = {"file": path, "coders": k, "percent_agreement": percent_agreement(u, v, labels, n_units), "alpha": {}}
    numeric = all(_is_number(s) for s in labels)
    for level in LEVELS:
        if level == "nominal" or numeric:
            out["alpha"][level] = alpha(u, v, labels, n_units, level)
    out["cohen_kappa"] = cohen(x) if k == 2 else None
    out["fleiss_kappa"] = fleiss(x) if k >= 3 else None
    return out


def _is_number(s):
    try:
        return math.isfinite(float(s))
    except ValueError:
        return False


def summary(path):
    u, c, v, labels, n_units = load(path)
    x = wide(u, c, v, n_units, int(c.max()) + 1)
    return {"percent_agreement": percent_agreement(u, v, labels, n_units),
            "alpha": alpha(u, v, labels, n_units), "fleiss_kappa": fleiss(x)}


def timing(path, runs):
    u, c, v, labels, n_units = load(path)
    times, a = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        a = alpha(u, v, labels, n_units)
        times.append(time.perf_counter() - t0)
    times.sort()
    print(f"numpy {np.__version__}: nominal alpha of {n_units} units, {len(v)} values: "
          f"median {times[len(times) // 2] * 1e3:.2f} ms over {runs} runs (alpha {a:.6f})")


def main(argv):
    if len(argv) >= 2 and argv[0] == "--time":
        timing(argv[1], int(argv[2]) if len(argv) > 2 else 20)
    elif len(argv) == 2 and argv[0] == "--summary":
        print(json.dumps(summary(argv[1])))
    elif argv and not argv[0].startswith("-"):
        print(json.dumps([statistics(p) for p in argv]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
