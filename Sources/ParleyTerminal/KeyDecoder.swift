import ParleyUI

/// Turns what `get_wch` returns into `InputEvent`s. Pure: no terminal needed to test it.
///
/// Feed every `RawInput` of one drain of the input queue, then call `endOfInput()` once
/// `get_wch` reports nothing more. Two pieces of state carry between calls:
///
/// - **Escape.** ncurses itself waits `ESCDELAY` (25 ms) after an ESC for the rest of a known
///   sequence; when none matches it hands back 27 and then the following bytes. So an ESC
///   followed by a character *in the same drain* is Alt plus that character (Alt-Enter is 27
///   then 13), and an ESC that ends a drain is the Escape key. An unknown CSI or SS3 sequence
///   (ESC `[` … or ESC `O` x) is swallowed whole rather than typed into the input line.
/// - **Bracketed paste.** Everything between the paste-begin and paste-end codes becomes one
///   `.paste(String)` (see `PasteAssembler`), however many drains it spans.
///
/// Keys with no `Key` case of their own: Ctrl-J (10) comes out as `.ctrl("j")`, distinct
/// from Enter (13, `.enter`), so it can be the newline key; Ctrl-H (8) and DEL (127) are
/// `.backspace`; Ctrl-I is `.tab`; Ctrl-Space (0) is `.ctrl(" ")`.
struct KeyDecoder: Sendable {
    /// Lines scrolled per wheel notch.
    static let wheelLines = 3

    private enum Escape: Sendable {
        case none
        /// An ESC was read; the next character decides between Alt-x and Escape.
        case pending
        /// Inside an unknown `ESC [` sequence: swallow up to its final byte.
        case csi(sawParameter: Bool)
        /// After `ESC O`: swallow the one character that follows.
        case ss3
    }

    private var escape = Escape.none
    private var paste: PasteAssembler?

    var isInPaste: Bool { paste != nil }

    mutating func feed(_ input: RawInput) -> [InputEvent] {
        var events: [InputEvent] = []
        feed(input, into: &events)
        return events
    }

    mutating func feed(_ input: RawInput, into events: inout [InputEvent]) {
        if paste != nil {
            feedPaste(input, into: &events)
            return
        }
        switch input {
        case .character(let value):
            feedCharacter(value, into: &events)
        case .keyCode(let code):
            flushEscape(into: &events)
            if code == CursesKey.pasteBegin {
                paste = PasteAssembler()
            } else if let key = Self.key(forCode: code) {
                events.append(.key(key))
            }
        case .mouse(let buttons):
            flushEscape(into: &events)
            if buttons & CursesKey.wheelUpMask != 0 {
                events.append(.scroll(lines: -Self.wheelLines))
            } else if buttons & CursesKey.wheelDownMask != 0 {
                events.append(.scroll(lines: Self.wheelLines))
            }
        case .resize(let width, let height):
            flushEscape(into: &events)
            events.append(.resize(width: width, height: height))
        case .pasteBytes:
            break   // only meaningful inside a paste
        }
    }

    /// Call when `get_wch` has nothing more to give: a lone ESC is the Escape key.
    mutating func endOfInput() -> [InputEvent] {
        var events: [InputEvent] = []
        flushEscape(into: &events)
        return events
    }

    // MARK: - Characters

    private mutating func feedCharacter(_ value: UInt32, into events: inout [InputEvent]) {
        switch escape {
        case .none:
            if value == 27 {
                escape = .pending
            } else if let key = Self.key(forCharacter: value) {
                events.append(.key(key))
            }
        case .pending:
            escape = .none
            switch value {
            case 27:
                // ESC ESC: the first is Escape, the second may start something.
                events.append(.key(.escape))
                escape = .pending
            case 13:
                events.append(.key(.altEnter))
            case UInt32(UInt8(ascii: "[")):
                escape = .csi(sawParameter: false)
            case UInt32(UInt8(ascii: "O")):
                escape = .ss3
            default:
                if let scalar = Self.printable(value) {
                    events.append(.key(.alt(Character(scalar))))
                } else {
                    // Alt with a control key (Alt-Backspace, Alt-Tab…) has no `Key`: deliver both.
                    events.append(.key(.escape))
                    if let key = Self.key(forCharacter: value) { events.append(.key(key)) }
                }
            }
        case .csi:
            // Parameter bytes 0x30-0x3F and intermediates 0x20-0x2F continue; 0x40-0x7E ends.
            if (0x20...0x3F).contains(value) {
                escape = .csi(sawParameter: true)
            } else if (0x40...0x7E).contains(value) {
                escape = .none
            } else {
                // Not a CSI after all: drop what was collected, decode this one afresh.
                escape = .none
                feedCharacter(value, into: &events)
            }
        case .ss3:
            escape = .none
            if !(0x40...0x7E).contains(value) { feedCharacter(value, into: &events) }
        }
    }

    private mutating func flushEscape(into events: inout [InputEvent]) {
        switch escape {
        case .none:
            break
        case .pending:
            events.append(.key(.escape))
        case .csi(let sawParameter):
            // A bare `ESC [` at the end of a drain was Alt-[ typed by a person.
            if !sawParameter { events.append(.key(.alt("["))) }
        case .ss3:
            events.append(.key(.alt("O")))
        }
        escape = .none
    }

    // MARK: - Paste

    private mutating func feedPaste(_ input: RawInput, into events: inout [InputEvent]) {
        switch input {
        case .character(let value):
            if let scalar = Unicode.Scalar(value) { paste?.append(scalar) }
        case .keyCode(let code) where code == CursesKey.pasteEnd:
            if let text = paste?.finish() { events.append(.paste(text)) }
            paste = nil
        case .keyCode(let code) where code == CursesKey.enter:
            paste?.append("\r")
        case .pasteBytes(let bytes):
            paste?.append(utf8: bytes)
        case .keyCode, .mouse:
            // A pasted byte sequence that happens to match a key binding: not text, dropped.
            break
        case .resize(let width, let height):
            events.append(.resize(width: width, height: height))
        }
    }

    // MARK: - Tables

    private static func printable(_ value: UInt32) -> Unicode.Scalar? {
        guard value >= 32, value != 127, !(0x80..<0xA0).contains(value) else { return nil }
        return Unicode.Scalar(value)
    }

    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .ctrl(" ")
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 96)))
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        default: return printable(value).map { .character(Character($0)) }
        }
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case CursesKey.up: return .up
        case CursesKey.down: return .down
        case CursesKey.left, CursesKey.shiftLeft: return .left
        case CursesKey.right, CursesKey.shiftRight: return .right
        case CursesKey.home, CursesKey.shiftHome: return .home
        case CursesKey.end, CursesKey.shiftEnd: return .end
        case CursesKey.pageUp: return .pageUp
        case CursesKey.pageDown: return .pageDown
        case CursesKey.backspace: return .backspace
        case CursesKey.delete, CursesKey.shiftDelete: return .delete
        case CursesKey.insert: return .insert
        case CursesKey.enter: return .enter
        case CursesKey.backTab: return .backTab
        case CursesKey.ctrlLeft: return .ctrlLeft
        case CursesKey.ctrlRight: return .ctrlRight
        case CursesKey.ctrlUp: return .ctrlUp
        case CursesKey.ctrlDown: return .ctrlDown
        case CursesKey.ctrlHome: return .ctrlHome
        case CursesKey.ctrlEnd: return .ctrlEnd
        // F13-F24 are Shift-F1..F12: terminfo's kf13-kf24, or the sequences `KeyBindings` defines.
        case CursesKey.function(1)...CursesKey.function(24):
            return .function(Int(code - CursesKey.function(0)))
        default: return nil
        }
    }
}
