#!/usr/bin/env bash
# Rendering four fast streams at once in the chat: key latency, frame times and frame rate, with
# one lane of the same stream and an idle chat as baselines measured in the same run.
#   bench/compare-render.sh [path/to/parley] [chunks per lane] [keys for the idle baseline] [prose|code]
# `code` streams fenced code blocks (`code=1` in the simulator) so the highlighter is measured.
# SCENARIOS="idle one-lane four-lanes" runs only those (default: all five below, in that order);
# `big` (not in the default) streams one answer of BIG_CHUNKS chunks (default 250000, about 1 MB),
# waits for it to end, and types into the chat with that answer on screen.
# The chat runs in a detached tmux session (160x48) against `parley sim`; keys are typed every
# ~20 ms while the answers stream; `--frame-stats` makes the chat write its loop's figures at exit.
set -euo pipefail
parley=$(realpath "${1:-.build/release/parley}")
chunks=${2:-20000}
idle_keys=${3:-150}
content=${4:-prose}
home=$(mktemp -d)
export PARLEY_HOME=$home
socket="parley-bench-$$"
tmx() { tmux -L "$socket" "$@"; }
"$parley" sim --port 0 > "$home/sim.out" 2>/dev/null &
sim=$!
cleanup() {
    tmx kill-session -t bench 2>/dev/null || true
    tmx kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"   # the server leaves its socket behind
    kill $sim 2>/dev/null || true
    rm -rf "$home"
}
trap cleanup EXIT
for _ in $(seq 200); do [ -s "$home/sim.out" ] && break; sleep 0.05; done
base=$(head -1 "$home/sim.out")
model="stream@tps=0,ttft=0,chunks=$chunks"
[ "$content" = code ] && model="$model,code=1"

screen() { tmx capture-pane -p -t bench; }
wait_for() {  # text [seconds]
    local deadline=$(( $(date +%s) + ${2:-60} ))
    until screen | grep -qF -- "$1"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for: $1" >&2; screen >&2; exit 1; }
        sleep 0.05
    done
}
status_idle() { screen | tail -1 | grep -qF "│ idle │"; }
# Every lane has ended: the status bar says idle (the model names give way to it when long).
finished() { status_idle; }
# One key: a letter or a Backspace in turn, so the input line stays one character long and the
# editor's own cost does not grow during the run.
type_key() { if [ $(( $1 % 2 )) -eq 0 ]; then tmx send-keys -t bench x; else tmx send-keys -t bench BSpace; fi; }

# run NAME LANES [scrolled]: one chat session; LANES=0 types into an idle chat; "scrolled" pages
# the panes (or with one lane the chat) back once the answers stream, so every run of events must
# hold the reader's view.
run() {
    local name=$1 lanes=$2 scrolled=${3:-} stats="$home/$1.json" model=$model
    [ "$name" = big ] && model="stream@tps=0,ttft=0,chunks=${BIG_CHUNKS:-250000}"
    tmx new-session -d -s bench -x 160 -y 48 \
        "\"$parley\" --base-url \"$base\" -m \"$model\" --frame-stats \"$stats\""
    wait_for "$model"
    if [ "$lanes" -gt 1 ]; then
        tmx send-keys -t bench -l "/compare$(printf " $model%.0s" $(seq "$lanes"))"
        tmx send-keys -t bench Enter
        wait_for "compare:"
    fi
    local typed=0 t0 t1
    if [ "$name" = big ]; then
        # The answer first, then keys into the idle chat with it on screen.
        tmx send-keys -t bench -l "go"
        tmx send-keys -t bench Enter
        wait_for "streaming" 30
        local tries=0
        until finished; do sleep 0.2; tries=$((tries + 1)); [ $tries -lt 1500 ] || { echo "the big answer never ended" >&2; exit 1; }; done
        lanes=0
    fi
    t0=$(date +%s%N)
    if [ "$lanes" -gt 0 ]; then
        tmx send-keys -t bench -l "go"
        tmx send-keys -t bench Enter
        wait_for "streaming" 30
        if [ "$lanes" -eq 1 ] && [ -n "$scrolled" ]; then
            # One lane is the chat itself: page it back (its hint says so) once it has a screenful.
            local tries=0
            until screen | grep -qE "new text|more below"; do
                tmx send-keys -t bench PPage
                sleep 0.05
                tries=$((tries + 1))
                [ $tries -lt 200 ] || { echo "the chat never scrolled" >&2; screen >&2; exit 1; }
            done
        elif [ -n "$scrolled" ]; then
            # Page the panes back once they have more than a screenful: until then PgUp scrolls the
            # chat instead (its hint says so), and Ctrl-End puts it back.
            local tries=0
            while true; do
                tmx send-keys -t bench PPage
                sleep 0.05
                if screen | grep -qE "new text|more below"; then
                    tmx send-keys -t bench C-End
                elif screen | grep -qF " ↓ "; then
                    break
                fi
                tries=$((tries + 1))
                [ $tries -lt 200 ] || { echo "the panes never scrolled" >&2; screen >&2; exit 1; }
            done
        fi
        # Type while the answers stream; look at the status bar every tenth key.
        while true; do
            type_key $typed; typed=$((typed + 1)); sleep 0.02
            if [ $((typed % 10)) -eq 0 ] && finished; then break; fi
            [ $typed -lt 20000 ] || { echo "the stream never ended" >&2; screen >&2; exit 1; }
        done
    else
        for _ in $(seq "$idle_keys"); do type_key $typed; typed=$((typed + 1)); sleep 0.02; done
    fi
    t1=$(date +%s%N)
    tmx send-keys -t bench C-u C-q
    for _ in $(seq 200); do [ -s "$stats" ] && break; sleep 0.05; done
    tmx kill-session -t bench 2>/dev/null || true
    python3 - "$stats" "$name" "$typed" "$(( (t1 - t0) / 1000000 ))" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
k, f = s["key_latency_ms"], s["frame_ms"]
fold = s.get("engine_fold_ms", {})   # builds before 2026-12-03 evening do not record it
print(f'{sys.argv[2]:<12} keys {int(sys.argv[3]):4d}  key latency p50 {k.get("p50", 0):6.2f} ms  p99 {k.get("p99", 0):6.2f} ms  max {k.get("max", 0):6.2f} ms'
      f'  | frame p50 {f.get("p50", 0):5.2f} ms  p99 {f.get("p99", 0):6.2f} ms  | {s["frames"]:5d} frames for {s["engine_actions"]:6d} engine actions'
      f'  {s.get("frames_per_second", 0):5.1f} fps  | fold p99 {fold.get("p99", float("nan")):6.2f} max {fold.get("max", float("nan")):6.2f} ms | typing phase {int(sys.argv[4])} ms')
# Builds before 2026-12-07 record neither: the bound runs from the earliest the key can have
# arrived (the loop's previous look at the terminal), so it holds the fold or frame it waited behind.
if "key_wait_bound_ms" in s:
    b, r, o, c = (s[name] for name in ("key_wait_bound_ms", "key_frame_render_ms", "key_frame_output_ms", "key_frame_cpu_ms"))
    print(f'{"":<12} key wait bound p50 {b.get("p50", 0):6.2f} p99 {b.get("p99", 0):6.2f} max {b.get("max", 0):6.2f} ms'
          f'  | key frame p99: render {r.get("p99", 0):5.2f} output {o.get("p99", 0):5.2f} cpu {c.get("p99", 0):5.2f} ms')
PY
    cp "$stats" "/tmp/compare-render-$name.json"
}

echo "parley: $parley   model: $model   160x48   load: $(cut -d' ' -f1-3 /proc/loadavg)"
scenarios=${SCENARIOS:-idle one-lane four-lanes four-scrolled one-scrolled}
for scenario in $scenarios; do
    case $scenario in
        idle) run idle 0 ;;
        one-lane) run one-lane 1 ;;
        four-lanes) run four-lanes 4 ;;
        four-scrolled) run four-scrolled 4 scrolled ;;
        one-scrolled) run one-scrolled 1 scrolled ;;
        big) run big 1 ;;
        *) echo "unknown scenario: $scenario" >&2; exit 2 ;;
    esac
done
# The ratios need all five scenarios of this run.
[ -z "${SCENARIOS:-}" ] || exit 0
python3 - <<'PY'
import json
one, four, idle, scrolled, chat = (json.load(open(f"/tmp/compare-render-{n}.json"))
                                   for n in ("one-lane", "four-lanes", "idle", "four-scrolled", "one-scrolled"))
def r(a, b, path):
    x, y = a[path[0]][path[1]], b[path[0]][path[1]]
    return y / x if x else float("nan")
print(f'four lanes vs one lane: key latency p50 x{r(one, four, ("key_latency_ms", "p50")):.2f}, '
      f'p99 x{r(one, four, ("key_latency_ms", "p99")):.2f}; frame time p50 x{r(one, four, ("frame_ms", "p50")):.2f}')
print(f'four lanes vs idle:     key latency p50 x{r(idle, four, ("key_latency_ms", "p50")):.2f}, '
      f'p99 x{r(idle, four, ("key_latency_ms", "p99")):.2f}')
print(f'four lanes scrolled back vs following: key latency p50 x{r(four, scrolled, ("key_latency_ms", "p50")):.2f}, '
      f'p99 x{r(four, scrolled, ("key_latency_ms", "p99")):.2f}; frame time p50 x{r(four, scrolled, ("frame_ms", "p50")):.2f}')
print(f'one lane, chat scrolled back vs following: key latency p50 x{r(one, chat, ("key_latency_ms", "p50")):.2f}, '
      f'p99 x{r(one, chat, ("key_latency_ms", "p99")):.2f}; frame time p50 x{r(one, chat, ("frame_ms", "p50")):.2f}')
print(f'engine actions per frame: one lane {one.get("engine_actions_per_frame", 0):.1f}, four lanes {four.get("engine_actions_per_frame", 0):.1f}')
PY
