#!/usr/bin/env bash
# Build-speed benchmark: halong vs Hugo on synthetic portals of N parks (2N park pages).
#
#   bench/run.sh                      # N = 100 1000 10000, 3 runs each, then one-file rebuilds
#   SIZES="100 1000" RUNS=5 bench/run.sh
#
# Needs: cargo, python3, hugo (apt-get install -y hugo), /usr/bin/time (apt-get install -y time).
# Sites and outputs go to /dev/shm (tmpfs). Raw per-run figures are appended to
# bench/results/raw.tsv; the Markdown table is printed on stdout.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
SIZES="${SIZES:-100 1000 10000}"
RUNS="${RUNS:-3}"
RUNS_LARGE="${RUNS_LARGE:-$RUNS}"     # runs for N >= 10000
TIMEOUT="${TIMEOUT:-600}"             # seconds per build, to keep runs bounded
WARMUP="${WARMUP:-1}"                 # untimed warm-up build of each tool before timing
WARMUP_LARGE="${WARMUP_LARGE:-$WARMUP}"   # the same for N >= 10000
GENERATE="${GENERATE:-1}"             # 0: reuse the sites already under /dev/shm/halong-bench
CHECK="${CHECK:-1}"                   # 0: skip `halong check` (only if already checked)
SHM=/dev/shm/halong-bench
RAW="$REPO/bench/results/raw.tsv"
mkdir -p "$SHM" "$REPO/bench/results"

command -v hugo >/dev/null || { echo "hugo missing: apt-get install -y hugo" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install -y time" >&2; exit 1; }

HALONG="$SHM/halong"
if [ "${BUILD:-1}" = 1 ] || [ ! -x "$HALONG" ]; then
    echo "# building halong (release)" >&2
    (cd "$REPO" && cargo build --release --quiet)
    cp "$REPO/target/release/halong" "$HALONG"   # a fixed copy: others may rebuild target/ meanwhile
fi   # BUILD=0 reuses the copy from the previous invocation (same binary for every N)
sha256sum "$HALONG" >&2

STAMP="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
[ -s "$RAW" ] || printf 'stamp\ttool\tparks\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\tfiles\tload1_before\n' > "$RAW"

# measure TOOL N RUN CMD...: run under /usr/bin/time -v, append a raw line.
measure() {
    local tool="$1" n="$2" run="$3" out="$4"; shift 4
    local log="$SHM/time.log"
    rm -rf "$out"
    local load; load=$(cut -d" " -f1 /proc/loadavg)

    if ! /usr/bin/time -v -o "$log" timeout "$TIMEOUT" "$@" >"$SHM/stdout.log" 2>"$SHM/stderr.log"; then
        echo "# $tool N=$n run $run failed or timed out:" >&2; tail -5 "$SHM/stderr.log" >&2
        return 1
    fi
    local files; files=$(find "$out" -type f | wc -l)
    python3 - "$log" "$STAMP" "$tool" "$n" "$run" "$files" "$load" >>"$RAW" <<'EOF'
import sys
log, stamp, tool, n, run, files, load = sys.argv[1:]
v = {}
for line in open(log):
    k, _, val = line.strip().rpartition(": ")
    v[k] = val
def secs(t):
    s = 0.0
    for part in t.split(":"):
        s = s * 60 + float(part)
    return s
wall = secs(v["Elapsed (wall clock) time (h:mm:ss or m:ss)"])
print("\t".join([stamp, tool, n, run, "%.3f" % wall, v["User time (seconds)"],
                 v["System time (seconds)"], v["Maximum resident set size (kbytes)"], files, load]))
EOF
    tail -1 "$RAW" >&2
}

for n in $SIZES; do
    site="$SHM/site-$n"; hsite="$SHM/hugo-$n"
    echo "# generating N=$n" >&2
    [ "$GENERATE" = 1 ] || [ ! -d "$site" ] || [ ! -d "$hsite" ] && \
        python3 "$REPO/bench/generate.py" --parks "$n" --out "$site" --hugo "$hsite"
    if [ "$CHECK" = 1 ]; then
        echo "# checking N=$n" >&2
        status=0
        /usr/bin/time -f "# check N=$n: %e s wall, %U s user, %M KB peak" -o "$SHM/check.time" \
            "$HALONG" check --root "$site" >"$SHM/check.log" 2>&1 || status=$?
        cat "$SHM/check.time" >&2; tail -1 "$SHM/check.log" >&2
        if [ "$status" != 0 ] || ! grep -q "no errors" "$SHM/check.log"; then
            cat "$SHM/check.log" >&2; echo "halong check failed for N=$n" >&2; exit 1
        fi
    fi
    runs=$RUNS; warm=$WARMUP; [ "$n" -ge 10000 ] && { runs=$RUNS_LARGE; warm=$WARMUP_LARGE; }
    # one untimed warm-up each (page cache, binary), then the timed runs, interleaved
    [ "$warm" = 1 ] && "$HALONG" build --root "$site" --output "$SHM/out-halong" >/dev/null 2>&1 || true
    [ "$warm" = 1 ] && hugo --source "$hsite" --destination "$SHM/out-hugo" --quiet >/dev/null 2>&1 || true
    for r in $(seq 1 "$runs"); do
        measure halong "$n" "$r" "$SHM/out-halong" \
            "$HALONG" build --root "$site" --output "$SHM/out-halong" || true
        measure hugo "$n" "$r" "$SHM/out-hugo" \
            hugo --source "$hsite" --destination "$SHM/out-hugo" --quiet || true
        # like for like: only what the Hugo site makes (no charts, search, compare, data)
        measure halong-lean "$n" "$r" "$SHM/out-halong-lean" \
            "$HALONG" build --root "$site" --output "$SHM/out-halong-lean" \
            --skip charts,search,compare,data || true
        # the floor: copying halong's output tree on the same tmpfs
        cp -r "$SHM/out-halong" "$SHM/out-halong.keep"
        measure copy "$n" "$r" "$SHM/out-copy" cp -r "$SHM/out-halong.keep" "$SHM/out-copy" || true
        rm -rf "$SHM/out-halong.keep"
    done
    rm -rf "$SHM/out-copy" "$SHM/out-halong-lean"
done

# One-file rebuilds as `serve` does them (REBUILD=0 skips): the edited park's pages on
# disk, then every page that shows the change; printed on stderr.
if [ "${REBUILD:-1}" = 1 ]; then
    for n in $SIZES; do
        [ "$n" -ge 1000 ] || continue
        echo "# one-file rebuilds, N=$n" >&2
        (cd "$REPO" && TMPDIR=/dev/shm HALONG_BENCH_SITE="$SHM/site-$n" \
            cargo bench --quiet --bench rebuild 2>/dev/null) >&2
    done
fi

# The table: medians, for each N over the most recent invocation that measured it
# (MERGE=1: over every run in raw.tsv, e.g. when N=10000 was run in several goes with
# BUILD=0, i.e. the same binary).
python3 - "$RAW" "${MERGE:-0}" <<'EOF'
import sys, statistics
raw, merge = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(raw)][1:]
latest = {}
for r in rows:
    latest[r[2]] = max(latest.get(r[2], ""), r[0])
if merge != "1":
    rows = [r for r in rows if r[0] == latest[r[2]]]
data = {}
for s, tool, n, run, wall, user, sys_, rss, files, load in rows:
    data.setdefault((int(n), tool), []).append((float(wall), float(user) + float(sys_), int(rss) / 1024, int(files)))
def med(n, tool, i):
    xs = data.get((n, tool))
    return statistics.median(x[i] for x in xs) if xs else float("nan")
print("| N parks | park pages | files (halong / Hugo) | runs | halong wall s | halong CPU s | halong peak MiB | Hugo wall s | Hugo CPU s | Hugo peak MiB | wall halong/Hugo | peak halong/Hugo | cp -r s | halong park pages/s | like for like: halong wall s / CPU s / peak MiB | like for like wall, peak / Hugo |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sorted({k[0] for k in data}):
    hw, hc, hm = med(n, "halong", 0), med(n, "halong", 1), med(n, "halong", 2)
    gw, gc, gm = med(n, "hugo", 0), med(n, "hugo", 1), med(n, "hugo", 2)
    cw = med(n, "copy", 0)
    fh = int(med(n, "halong", 3)); fg = int(med(n, "hugo", 3))
    lw, lc, lm = med(n, "halong-lean", 0), med(n, "halong-lean", 1), med(n, "halong-lean", 2)
    runs = len(data.get((n, "halong"), []))
    print("| %d | %d | %d / %d | %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %.2fx | %.2fx | %.3f | %.0f | %.2f / %.2f / %.0f | %.2fx, %.2fx |" % (
        n, 2 * n, fh, fg, runs, hw, hc, hm, gw, gc, gm, hw / gw, hm / gm, cw, 2 * n / hw,
        lw, lc, lm, lw / gw, lm / gm))
EOF
