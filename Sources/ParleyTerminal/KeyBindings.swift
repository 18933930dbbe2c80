/// Escape sequences bound with `define_key` at start-up, so they decode the same whichever
/// terminfo entry `TERM` names (xterm, tmux, screen and rxvt disagree on several of them).
///
/// `define_key` first removes any existing binding of the sequence, so these win over the
/// terminfo entry's extended names (`kLFT5` and friends), which would otherwise come back as
/// codes numbered at run time.
enum KeyBindings {
    static var all: [(sequence: String, code: Int32)] {
        var table: [(String, Int32)] = [
            ("\u{1b}[200~", CursesKey.pasteBegin),
            ("\u{1b}[201~", CursesKey.pasteEnd),
            // Ctrl-arrows: xterm and tmux (CSI 1;5 X), rxvt (ESC O lowercase).
            ("\u{1b}[1;5D", CursesKey.ctrlLeft), ("\u{1b}Od", CursesKey.ctrlLeft),
            ("\u{1b}[1;5C", CursesKey.ctrlRight), ("\u{1b}Oc", CursesKey.ctrlRight),
            ("\u{1b}[1;5A", CursesKey.ctrlUp), ("\u{1b}Oa", CursesKey.ctrlUp),
            ("\u{1b}[1;5B", CursesKey.ctrlDown), ("\u{1b}Ob", CursesKey.ctrlDown),
            ("\u{1b}[1;5H", CursesKey.ctrlHome), ("\u{1b}[1;5F", CursesKey.ctrlEnd),
            ("\u{1b}[7^", CursesKey.ctrlHome), ("\u{1b}[8^", CursesKey.ctrlEnd),
            // Ctrl-Shift arrows behave as Ctrl-arrows.
            ("\u{1b}[1;6D", CursesKey.ctrlLeft), ("\u{1b}[1;6C", CursesKey.ctrlRight),
            ("\u{1b}[1;6A", CursesKey.ctrlUp), ("\u{1b}[1;6B", CursesKey.ctrlDown),
            // Both cursor-key modes, in case the terminal ignores keypad transmit mode.
            ("\u{1b}[A", CursesKey.up), ("\u{1b}OA", CursesKey.up),
            ("\u{1b}[B", CursesKey.down), ("\u{1b}OB", CursesKey.down),
            ("\u{1b}[C", CursesKey.right), ("\u{1b}OC", CursesKey.right),
            ("\u{1b}[D", CursesKey.left), ("\u{1b}OD", CursesKey.left),
            // Home and End: every spelling in use.
            ("\u{1b}[H", CursesKey.home), ("\u{1b}OH", CursesKey.home),
            ("\u{1b}[1~", CursesKey.home), ("\u{1b}[7~", CursesKey.home),
            ("\u{1b}[F", CursesKey.end), ("\u{1b}OF", CursesKey.end),
            ("\u{1b}[4~", CursesKey.end), ("\u{1b}[8~", CursesKey.end),
            ("\u{1b}[2~", CursesKey.insert), ("\u{1b}[3~", CursesKey.delete),
            ("\u{1b}[5~", CursesKey.pageUp), ("\u{1b}[6~", CursesKey.pageDown),
            ("\u{1b}[Z", CursesKey.backTab),
            // F1-F4 (SS3 and the old CSI n ~ spelling); F5-F12.
            ("\u{1b}OP", CursesKey.function(1)), ("\u{1b}[11~", CursesKey.function(1)),
            ("\u{1b}OQ", CursesKey.function(2)), ("\u{1b}[12~", CursesKey.function(2)),
            ("\u{1b}OR", CursesKey.function(3)), ("\u{1b}[13~", CursesKey.function(3)),
            ("\u{1b}OS", CursesKey.function(4)), ("\u{1b}[14~", CursesKey.function(4)),
            ("\u{1b}[15~", CursesKey.function(5)), ("\u{1b}[17~", CursesKey.function(6)),
            ("\u{1b}[18~", CursesKey.function(7)), ("\u{1b}[19~", CursesKey.function(8)),
            ("\u{1b}[20~", CursesKey.function(9)), ("\u{1b}[21~", CursesKey.function(10)),
            ("\u{1b}[23~", CursesKey.function(11)), ("\u{1b}[24~", CursesKey.function(12)),
            // Shift-F1..F12 as xterm and tmux send them (`CSI 1;2 P`…, `CSI 15;2 ~`…; older xterm
            // `ESC O 2 P`…), decoded as F13-F24 the way ncurses numbers them.
            ("\u{1b}[1;2P", CursesKey.function(13)), ("\u{1b}O2P", CursesKey.function(13)),
            ("\u{1b}[1;2Q", CursesKey.function(14)), ("\u{1b}O2Q", CursesKey.function(14)),
            ("\u{1b}[1;2R", CursesKey.function(15)), ("\u{1b}O2R", CursesKey.function(15)),
            ("\u{1b}[1;2S", CursesKey.function(16)), ("\u{1b}O2S", CursesKey.function(16)),
            ("\u{1b}[15;2~", CursesKey.function(17)), ("\u{1b}[17;2~", CursesKey.function(18)),
            ("\u{1b}[18;2~", CursesKey.function(19)), ("\u{1b}[19;2~", CursesKey.function(20)),
            ("\u{1b}[20;2~", CursesKey.function(21)), ("\u{1b}[21;2~", CursesKey.function(22)),
            ("\u{1b}[23;2~", CursesKey.function(23)), ("\u{1b}[24;2~", CursesKey.function(24)),
            // Focus in/out reports (tmux sends them when focus-events is on).
            ("\u{1b}[I", CursesKey.ignored), ("\u{1b}[O", CursesKey.ignored),
        ]
        // Shift (2), Alt (3) and Alt-Shift (4) arrows and Home/End: no `Key` for them; they
        // act as the plain key rather than leaking "[1;3D" into the input line.
        let plain: [(Character, Int32)] = [
            ("A", CursesKey.up), ("B", CursesKey.down), ("C", CursesKey.right), ("D", CursesKey.left),
            ("H", CursesKey.home), ("F", CursesKey.end),
        ]
        for modifier in 2...4 {
            for (final, code) in plain {
                table.append(("\u{1b}[1;\(modifier)\(final)", code))
            }
        }
        return table
    }
}
