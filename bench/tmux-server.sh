# Sourced by the benchmarks that start the chat in tmux again and again (chat-start.sh,
# start-phases.sh) and by scripts/generate-hot-symbols.sh: a tmux server of their own (its own socket, so no session of the user's is
# touched), kept alive by one idle session so that every run pays for a session and not for a
# server; PARLEY_HOME in a new temporary directory; both removed on exit. Defines `tmx` (tmux on
# that server) and `home`.
#   . "$(dirname "$0")/tmux-server.sh" NAME
home=$(mktemp -d)
export PARLEY_HOME=$home
socket="parley-$1-$$"
tmx() { tmux -L "$socket" "$@"; }
cleanup() {
    tmx kill-server 2>/dev/null || true
    rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$socket"
    rm -rf "$home"
}
trap cleanup EXIT
tmx new-session -d -s keep -x 160 -y 48 "sleep 100000"
