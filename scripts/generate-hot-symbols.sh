#!/usr/bin/env bash
# Writes scripts/hot-symbols.txt: the functions of the parley binary that run when it starts, when
# the chat sits idle, answers one message and quits, and in the everyday headless commands. The
# release link hands the list to lld (`--symbol-ordering-file`, Package.swift) so that these
# functions sit together at the start of `.text`, instead of being spread over 27 MB of code where
# every one of them drags its 64 KB neighbourhood into the resident set (the kernel's
# fault-around). docs/performance.md has the measurements.
#
#   scripts/generate-hot-symbols.sh [path/to/parley]
#
# Needs valgrind (`apt-get install valgrind`) and tmux. Run it on a release build after changes
# that move the start-up or the idle chat onto other code; a stale list is harmless (lld skips
# names it does not find), it just orders less.
set -euo pipefail
parley=$(realpath "${1:-.build/release/parley}")
here=$(cd "$(dirname "$0")" && pwd)
# A tmux server of our own and a temporary directory, both removed on exit (`tmx`, `home`).
. "$here/../bench/tmux-server.sh" hot
work=$home
export PARLEY_HOME=$work/home
mkdir -p "$PARLEY_HOME"

# valgrind cannot read the Swift compiler's debug information; the symbol table is enough.
strip -g -o "$work/parley" "$parley"
grind() {  # NAME ARGS...: one run under callgrind, its profile in $work/NAME.out
    local name=$1; shift
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$name.out" "$work/parley" "$@" \
        > /dev/null 2> "$work/$name.err" || { echo "$name failed:" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
}
grind version --version
grind ask ask -m demo:fast "How do I read a stream?"
grind models models
grind usage usage
grind history history

# The chat: first frame, one message and its answer, quit. Generous deadlines: under valgrind
# everything runs some fifty times slower.
screen() { tmx capture-pane -p -t hot; }
wait_for() {
    local deadline=$(( $(date +%s) + 300 ))
    until screen | grep -qF -- "$1"; do
        [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for: $1" >&2; screen >&2; exit 1; }
        sleep 0.5
    done
}
tmx new-session -d -s hot -x 160 -y 48 \
    "valgrind --tool=callgrind --demangle=no --callgrind-out-file=$work/chat.out $work/parley 2> $work/chat.err"
wait_for "│ idle │"
sleep 2
tmx send-keys -t hot -l "Tell me about streams"
tmx send-keys -t hot Enter
wait_for "Tell me about streams"
wait_for "│ idle │"
tmx send-keys -t hot C-q
for _ in $(seq 600); do [ -s "$work/chat.out" ] && ! tmx has-session -t hot 2>/dev/null && break; sleep 0.2; done

# Every function of the binary itself that ran, the start-up's first, then the chat's, then the
# commands', each once.
python3 - "$work" "$here/hot-symbols.txt" <<'EOF'
import re
import sys

work, target = sys.argv[1], sys.argv[2]
seen, order = set(), []
for run in ["version", "chat", "ask", "models", "usage", "history"]:
    objects, functions, current = {}, {}, None
    for line in open(f"{work}/{run}.out", errors="replace"):
        match = re.match(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not match:
            continue
        kind, number, name = match.groups()
        table = objects if kind.endswith("ob") else functions
        if name:
            table[number] = name
        if kind == "ob":
            current = objects.get(number)
        elif kind == "fn" and current == f"{work}/parley":
            # valgrind tells apart several copies of one name with a suffix: 'name'2'.
            symbol = re.sub(r"'\d+$", "", functions[number])
            if symbol not in seen and not symbol.startswith("0x"):
                seen.add(symbol)
                order.append(symbol)
with open(target, "w") as out:
    out.write("\n".join(order) + "\n")
print(f"{len(order)} symbols -> {target}")
EOF
