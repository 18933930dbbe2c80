#!/usr/bin/env bash
# The chat's start-up: the time from starting it in tmux to its first full frame (the status bar
# drawn), against tmux's own baseline in the same run (a shell command that prints one line, seen
# the same way); then the resident set of the idle chat and of `parley --version`.
#   bench/chat-start.sh [path/to/parley] [runs] [another/parley ...]
# Both are timed by polling `tmux capture-pane` every ~2 ms, so each figure carries the same
# polling cost; the difference of the medians is what the chat adds. With more than one build,
# every run starts each of them in turn right after the baseline, so a machine whose pace drifts
# (these shared cores drift by a third within minutes) moves them all alike: compare builds in
# one invocation, not across two.
set -euo pipefail
parley=$(realpath "${1:-.build/release/parley}")
runs=${2:-15}
builds=("$parley")
for other in "${@:3}"; do builds+=("$(realpath "$other")"); done
. "$(dirname "$0")/tmux-server.sh" start

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# seen NAME MARK COMMAND: ms from new-session to MARK on screen, appended to $home/NAME
seen() {
    local name=$1 mark=$2 command=$3 t0 deadline
    t0=$(date +%s%N)
    tmx new-session -d -s run -x 160 -y 48 "$command"
    deadline=$(( t0 + 20000000000 ))
    until tmx capture-pane -p -t run 2>/dev/null | grep -qF -- "$mark"; do
        [ "$(date +%s%N)" -lt "$deadline" ] || { echo "timed out waiting for: $mark" >&2; exit 1; }
        sleep 0.002
    done
    echo $(( ($(date +%s%N) - t0) / 1000 )) >> "$home/$name"
    if [ "$name" != tmux ]; then
        # The idle chat's resident set, once it has drawn and settled.
        sleep 2
        local pid; pid=$(tmx list-panes -t run -F '#{pane_pid}')
        awk '/^VmRSS/ {print $2}' "/proc/$pid/status" >> "$home/rss.$name"
    fi
    tmx kill-session -t run
}
for _ in $(seq "$runs"); do
    seen tmux "ready-mark" "printf 'ready-mark\n'; sleep 100"
    for i in "${!builds[@]}"; do seen "chat.$i" "│ idle │" "\"${builds[$i]}\""; done
done

t=$(median < "$home/tmux")
printf "medians of %d runs, 160x48\n" "$runs"
awk -v t="$t" 'BEGIN { printf "tmux baseline (a printed line seen):  %7.1f ms\n", t / 1000 }'
for i in "${!builds[@]}"; do
    /usr/bin/time -f '%M' -o "$home/version.$i" "${builds[$i]}" --version > /dev/null
    [ "${#builds[@]}" -gt 1 ] && echo "${builds[$i]}:"
    awk -v t="$t" -v c="$(median < "$home/chat.$i")" -v r="$(median < "$home/rss.chat.$i")" \
        -v v="$(tail -1 "$home/version.$i")" 'BEGIN {
        printf "parley chat (status bar seen):        %7.1f ms   first frame %.1f ms after the baseline\n", c / 1000, (c - t) / 1000
        printf "parley chat idle RSS:                 %7.1f MB\n", r / 1024
        printf "parley --version peak RSS:            %7.1f MB\n", v / 1024
    }'
done
