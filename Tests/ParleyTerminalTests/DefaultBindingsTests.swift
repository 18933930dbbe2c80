import Testing
import ParleyUI
@testable import ParleyTerminal

/// ncurses with `keypad` on and Parley's `define_key` table: a byte sequence the table names
/// becomes its key code (longest match first, as ncurses matches), any other byte arrives as a
/// character (UTF-8 decoded, as `get_wch` does).
private func cursesInput(_ bytes: [UInt8]) -> [RawInput] {
    let table = KeyBindings.all.map { (Array($0.sequence.utf8), $0.code) }.sorted { $0.0.count > $1.0.count }
    var out: [RawInput] = []
    var i = 0
    while i < bytes.count {
        if let (sequence, code) = table.first(where: { bytes[i...].starts(with: $0.0) }) {
            out.append(.keyCode(code))
            i += sequence.count
            continue
        }
        let length = bytes[i] < 0x80 ? 1 : bytes[i] < 0xE0 ? 2 : bytes[i] < 0xF0 ? 3 : 4
        let scalar = String(decoding: bytes[i..<min(bytes.count, i + length)], as: UTF8.self).unicodeScalars.first
        out.append(.character(scalar?.value ?? 0xFFFD))
        i += length
    }
    return out
}

/// What xterm (and tmux, which sends the same to the program inside it) writes for each key a
/// default binding names.
private let xtermBytes: [Key: String] = [
    .enter: "\r", .ctrl("j"): "\n", .altEnter: "\u{1b}\r", .escape: "\u{1b}", .tab: "\t", .backTab: "\u{1b}[Z",
    .backspace: "\u{7f}", .delete: "\u{1b}[3~", .up: "\u{1b}[A", .down: "\u{1b}[B", .left: "\u{1b}[D", .right: "\u{1b}[C",
    .home: "\u{1b}[H", .end: "\u{1b}[F", .pageUp: "\u{1b}[5~", .pageDown: "\u{1b}[6~",
    .ctrlLeft: "\u{1b}[1;5D", .ctrlRight: "\u{1b}[1;5C", .ctrlHome: "\u{1b}[1;5H", .ctrlEnd: "\u{1b}[1;5F",
    .function(1): "\u{1b}OP", .function(2): "\u{1b}OQ", .function(3): "\u{1b}OR", .function(4): "\u{1b}OS",
    .function(5): "\u{1b}[15~", .function(6): "\u{1b}[17~", .function(7): "\u{1b}[18~", .function(8): "\u{1b}[19~",
    .function(9): "\u{1b}[20~", .function(14): "\u{1b}[1;2Q",
    .alt("b"): "\u{1b}b", .alt("f"): "\u{1b}f", .alt("e"): "\u{1b}e", .alt("c"): "\u{1b}c", .alt(","): "\u{1b},", .alt("."): "\u{1b}.",
    .function(10): "\u{1b}[21~", .character(" "): " ", .character("q"): "q",
]

private func bytes(for key: Key) -> [UInt8]? {
    if let text = xtermBytes[key] { return Array(text.utf8) }
    if case .ctrl(let c) = key, let ascii = c.asciiValue, c.isLetter { return [ascii & 0x1F] }
    return nil
}

@Suite struct DefaultBindingsTests {
    /// Every default binding of every context, typed as bytes, decoded, looked up: the command
    /// it names. (Shift-F2 was bound while no decoder path produced F14.)
    @Test func everyDefaultBindingRunsItsCommandFromTheBytesATerminalSends() throws {
        var checked = 0
        for context in KeyContext.allCases {
            for (command, keys) in Keymap.defaultBindings[context] ?? [] {
                for key in keys {
                    let typed = try #require(bytes(for: key), "no bytes known for \(key)")
                    var decoder = KeyDecoder()
                    var events: [InputEvent] = []
                    for input in cursesInput(typed) { events += decoder.feed(input) }
                    events += decoder.endOfInput()
                    #expect(events == [.key(key)], "\(context) \(command): \(typed)")
                    if case .key(let decoded)? = events.first {
                        #expect(Keymap.defaults.command(for: decoded, in: context) == command, "\(context) \(key)")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 60)
    }

    @Test func shiftFunctionKeysAreF13ToF24ByEitherPath() {
        // ncurses' own terminfo codes (kf13-kf24)…
        for n in 13...24 {
            #expect(KeyDecoder.key(forCode: CursesKey.function(n)) == .function(n))
        }
        // …and the sequences xterm and tmux send.
        let sent = ["\u{1b}[1;2P", "\u{1b}[1;2Q", "\u{1b}[1;2R", "\u{1b}[1;2S", "\u{1b}[15;2~", "\u{1b}[17;2~",
                    "\u{1b}[18;2~", "\u{1b}[19;2~", "\u{1b}[20;2~", "\u{1b}[21;2~", "\u{1b}[23;2~", "\u{1b}[24;2~"]
        for (i, sequence) in sent.enumerated() {
            var decoder = KeyDecoder()
            let events = cursesInput(Array(sequence.utf8)).flatMap { decoder.feed($0) } + decoder.endOfInput()
            #expect(events == [.key(.function(13 + i))], "\(sequence.debugDescription)")
            #expect(KeyBinding.describe(.function(13 + i)) == "shift-f\(i + 1)")
        }
    }
}
