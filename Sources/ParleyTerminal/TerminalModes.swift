import Glibc

/// The private terminal modes Parley turns on beyond what ncurses manages, and the byte
/// strings that undo everything in an emergency.
enum TerminalModes {
    /// Bracketed paste on: the terminal wraps pastes in ESC[200~ … ESC[201~.
    static let enableSequence = "\u{1b}[?2004h"
    /// Bracketed paste off.
    static let disableSequence = "\u{1b}[?2004l"

    /// What a crashing or killed Parley writes so the shell is usable again, without ncurses:
    /// paste and mouse reporting off, attributes reset, cursor shown, keypad transmit off,
    /// the alternate screen left, and a fresh line.
    static let emergencyResetSequence =
        "\u{1b}[?2004l" + "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l" +
        "\u{1b}[0m" + "\u{1b}[?25h" + "\u{1b}[?1l\u{1b}>" + "\u{1b}[?1049l" + "\r\n"

    static func enable() { writeAll(Array(enableSequence.utf8)) }
    static func disable() { writeAll(Array(disableSequence.utf8)) }

    /// Writes straight to fd 1, past ncurses' buffer; ncurses' buffer is empty at the points
    /// this is called (right after newterm, between frames, and after the last doupdate).
    static func writeAll(_ text: [UInt8]) {
        var bytes = text
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                write(1, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
