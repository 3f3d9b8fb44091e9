#!/usr/bin/env bash
# cli_report_vs_peers.sh: `suara report` end to end on a simulated paired CSV, timed in the same
# run as pandas/numpy and R (data.table::fread + psych::alpha) doing the same statistics on the
# same file. Results go to docs/bench-cli.md by hand; this script prints them.
#
#   tests/bench/cli_report_vs_peers.sh [BUILD_DIR] [ROWS]      (defaults: build-cli, 1000000)
#   RUNS=10 tests/bench/cli_report_vs_peers.sh                   (hyperfine runs per command)
#
# Needs: hyperfine (falls back to repeated `date` timing), python3 with pandas + numpy
# (Debian python3-pandas; /usr/bin/python3 is used because pyenv shims may lack pandas), R with
# data.table and psych (Debian r-cran-data.table, r-cran-psych).
#
# What each contender computes from the file:
#   suara   every measure of the Report JSON (both scales): frequencies, means, sd, gaps, Tki,
#           IPA, CSI, categories, item-total r (raw, corrected), alpha raw/std/if-deleted per
#           scale and dimension, critical r, profile counts; writes the JSON.
#   pandas  read_csv of the rating and profile columns, then per scale: item means and sd
#           (0 = missing), gaps over complete pairs, the listwise covariance and correlation
#           matrices, alpha raw and standardized, corrected item-total r; profile counts.
#   R       data.table::fread of the same columns, means, sd, gaps, cov(), then psych::alpha on
#           each scale's complete-case matrix (raw_alpha, std.alpha, r.drop, alpha if dropped).
# Before timing, the script checks that the three agree on both alphas to 1e-9.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build-cli}"
rows="${2:-1000000}"
runs="${RUNS:-10}"
suara="$build/analytics/suara"
python=/usr/bin/python3
[ -x "$suara" ] || { echo "no suara binary at $suara (build the 'suara' target first)" >&2; exit 2; }

work="$(mktemp -d /tmp/suara-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

"$suara" simulate --responses "$rows" --seed 1 --out "$work/data.csv"
echo "data: $rows rows, $(du -m "$work/data.csv" | cut -f1) MB ($work/data.csv)"

cat > "$work/peer.py" <<'PY'
import sys
import numpy as np
import pandas as pd

cols = [f"E{i:02d}" for i in range(1, 19)] + [f"P{i:02d}" for i in range(1, 19)]
prof = ["gender", "age_band", "education", "occupation"]
df = pd.read_csv(sys.argv[1], usecols=cols + prof, dtype={c: np.uint8 for c in cols})
E = df[cols[:18]].to_numpy()
P = df[cols[18:]].to_numpy()

def scale(X):
    Xf = np.where(X == 0, np.nan, X.astype(np.float64))
    mean = np.nanmean(Xf, axis=0)
    sd = np.nanstd(Xf, axis=0, ddof=1)
    C = X[(X > 0).all(axis=1)].astype(np.float64)
    k = C.shape[1]
    cov = np.cov(C, rowvar=False)
    corr = np.corrcoef(C, rowvar=False)
    alpha = k / (k - 1) * (1 - np.trace(cov) / cov.sum())
    rbar = (corr.sum() - k) / (k * (k - 1))
    alpha_std = k * rbar / (1 + (k - 1) * rbar)
    total = C.sum(axis=1)
    r_drop = [np.corrcoef(C[:, i], total - C[:, i])[0, 1] for i in range(k)]
    return mean, sd, alpha, alpha_std, r_drop

e = scale(E)
p = scale(P)
both = (E > 0) & (P > 0)
gap = np.where(both, P.astype(np.int64) - E, 0).sum(axis=0) / both.sum(axis=0)
counts = {c: df[c].value_counts().to_dict() for c in prof}
print(f"alpha_E {e[2]:.15f} alpha_P {p[2]:.15f} gap1 {gap[0]:.15f}")
PY

cat > "$work/peer.R" <<'RS'
suppressMessages({ library(data.table); library(psych) })
f <- commandArgs(TRUE)[1]
cols <- c(sprintf("E%02d", 1:18), sprintf("P%02d", 1:18))
d <- fread(f, select = c(cols, "gender", "age_band", "education", "occupation"), showProgress = FALSE)
E <- as.matrix(d[, 1:18]); P <- as.matrix(d[, 19:36])
E[E == 0] <- NA; P[P == 0] <- NA
gap <- colMeans(P - E, na.rm = TRUE)
mE <- colMeans(E, na.rm = TRUE); sE <- apply(E, 2, sd, na.rm = TRUE)
mP <- colMeans(P, na.rm = TRUE); sP <- apply(P, 2, sd, na.rm = TRUE)
cE <- E[complete.cases(E), ]; cP <- P[complete.cases(P), ]
vE <- cov(cE); vP <- cov(cP)
aE <- psych::alpha(cE, warnings = FALSE)
aP <- psych::alpha(cP, warnings = FALSE)
counts <- lapply(d[, c("gender", "age_band", "education", "occupation")], table)
cat(sprintf("alpha_E %.15f alpha_P %.15f gap1 %.15f\n", aE$total$raw_alpha, aP$total$raw_alpha, gap[1]))
if (length(commandArgs(TRUE)) > 1) { # detail for the agreement check, not needed when timing
  cat(sprintf("%.15f", c(aE$total$std.alpha, aP$total$std.alpha, aE$item.stats$r.drop, aP$item.stats$r.drop,
                         aE$item.stats$raw.r, aP$item.stats$raw.r,
                         aE$alpha.drop$raw_alpha, aP$alpha.drop$raw_alpha, gap)), "\n", file = commandArgs(TRUE)[2])
}
RS

# 1. Agreement: the three must compute the same alphas and gap of item 1.
"$suara" report "$work/data.csv" --out "$work/report.json"
ours="$("$python" -c "
import json,sys
j=json.load(open(sys.argv[1]))
print(f\"alpha_E {j['reliability']['expectation']['alpha']:.15f} alpha_P {j['reliability']['perception']['alpha']:.15f} gap1 {j['items'][0]['gap']:.15f}\")
" "$work/report.json")"
pandas_out="$("$python" "$work/peer.py" "$work/data.csv")"
r_out="$(Rscript "$work/peer.R" "$work/data.csv")"
printf 'suara   %s\npandas  %s\nR       %s\n' "$ours" "$pandas_out" "$r_out"
# Every alpha, alpha_std, r.drop, raw.r, alpha-if-dropped and item gap against psych, to 1e-9.
Rscript "$work/peer.R" "$work/data.csv" "$work/psych.txt" >/dev/null
"$python" - "$work/report.json" "$work/psych.txt" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
psych = [float(x) for x in open(sys.argv[2]).read().split()]
items = j["items"]
ours = [j["reliability"]["expectation"]["alpha_std"], j["reliability"]["perception"]["alpha_std"]]
for key in ("r_corrected", "r_item_total", "alpha_if_deleted"):
    ours += [i["expectation"][key] for i in items] + [i["perception"][key] for i in items]
ours += [i["gap"] for i in items]
assert len(ours) == len(psych), (len(ours), len(psych))
worst = max(abs(a - b) for a, b in zip(ours, psych))
print(f"{len(ours)} more values (alpha_std, r.drop, raw.r, alpha if dropped, gaps) vs psych: largest difference {worst:.3g}")
sys.exit(0 if worst < 1e-9 else 1)
PY
"$python" - "$ours" "$pandas_out" "$r_out" <<'PY'
import sys
vals = [[float(x) for x in line.split()[1::2]] for line in sys.argv[1:]]
worst = max(abs(a - b) for other in vals[1:] for a, b in zip(vals[0], other))
print(f"largest difference from suara: {worst:.3g}")
sys.exit(0 if worst < 1e-9 else 1)
PY

# 2. Timing, all three in the same run.
echo "machine: $(nproc) CPU(s), $(lscpu | sed -n 's/^Model name: *//p' | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$runs" --export-markdown "$work/results.md" --export-json "$work/results.json" \
        -n "suara report" "$suara report $work/data.csv --out $work/report.json" \
        -n "pandas/numpy" "$python $work/peer.py $work/data.csv" \
        -n "R data.table+psych" "Rscript $work/peer.R $work/data.csv"
    cat "$work/results.md"
    "$python" - "$work/results.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["mean"]
for x in r:
    print(f"{x['command']:<20} mean {x['mean']:.3f} s  median {x['median']:.3f} s  min {x['min']:.3f} s  x{x['mean'] / base:.1f} of suara")
PY
else
    for cmd in "$suara report $work/data.csv --out $work/report.json" "$python $work/peer.py $work/data.csv" \
               "Rscript $work/peer.R $work/data.csv"; do
        best=""
        for _ in $(seq "$runs"); do
            s=$(date +%s.%N); $cmd >/dev/null; e=$(date +%s.%N)
            t=$(echo "$e - $s" | bc); if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
        done
        echo "best of $runs: $best s  $cmd"
    done
fi
