/// Terminal display width, computed in pure Swift so views and tests never depend on the
/// C library's locale-sensitive `wcwidth`.
///
/// East Asian Wide and Fullwidth characters and emoji take two columns; combining marks,
/// zero-width joiners and variation selectors take none. Control characters are never drawn raw
/// (see `VisibleText`), so they have no width here.
public enum DisplayWidth {
    /// Columns the scalar occupies on its own.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return 0 }
        if v < 0x300 { return 1 }   // fast path: Latin
        if isZeroWidth(v) { return 0 }
        if isWide(v) { return 2 }
        return 1
    }

    /// Columns a grapheme cluster occupies: the width of its first scalar, widened to two when
    /// the cluster is an emoji presentation sequence (VS16, skin tone, ZWJ sequence, flags).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x300 && scalars.count == 1 { return of(first) }
        var width = of(first)
        if width == 0 {
            // A cluster that starts with a combining mark (after a newline, say) still shows.
            width = scalars.contains { of($0) > 0 } ? 1 : 0
        }
        if width == 1, scalars.count > 1 {
            for s in scalars.dropFirst() where s.value == 0xFE0F || s.value == 0x200D
                || (0x1F3FB...0x1F3FF).contains(s.value) {
                return 2
            }
            if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }   // regional indicator pair
        }
        return width
    }

    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    static func isZeroWidth(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05BD, 0x05BF, 0x05C1...0x05C2, 0x05C4...0x05C5,
             0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06DC, 0x06DF...0x06E4,
             0x06E7...0x06E8, 0x06EA...0x06ED, 0x0711, 0x0730...0x074A, 0x07A6...0x07B0,
             0x0900...0x0902, 0x093A, 0x093C, 0x0941...0x0948, 0x094D, 0x0951...0x0957, 0x0962...0x0963,
             0x0E31, 0x0E34...0x0E3A, 0x0E47...0x0E4E,
             0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064,
             0x20D0...0x20FF, 0xFE00...0xFE0F, 0xFE20...0xFE2F, 0xFEFF,
             0x1160...0x11FF,   // Hangul medial vowels and final consonants join the syllable
             0xE0000...0xE0FFF:
            return true
        default:
            return false
        }
    }

    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251,
             0x1F300...0x1F320, 0x1F32D...0x1F335, 0x1F337...0x1F37C, 0x1F37E...0x1F393,
             0x1F3A0...0x1F3CA, 0x1F3CF...0x1F3D3, 0x1F3E0...0x1F3F0, 0x1F3F4, 0x1F3F8...0x1F43E,
             0x1F440, 0x1F442...0x1F4FC, 0x1F4FF...0x1F53D, 0x1F54B...0x1F54E, 0x1F550...0x1F567,
             0x1F57A, 0x1F595...0x1F596, 0x1F5A4, 0x1F5FB...0x1F64F, 0x1F680...0x1F6C5, 0x1F6CC,
             0x1F6D0...0x1F6D2, 0x1F6D5...0x1F6D7, 0x1F6DC...0x1F6DF, 0x1F6EB...0x1F6EC,
             0x1F6F4...0x1F6FC, 0x1F7E0...0x1F7EB, 0x1F7F0, 0x1F90C...0x1F93A, 0x1F93C...0x1F945,
             0x1F947...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

extension Character {
    /// Terminal columns this character occupies (0, 1 or 2).
    public var displayWidth: Int { DisplayWidth.of(self) }
}

extension StringProtocol {
    /// Terminal columns this text occupies on one line.
    public var displayWidth: Int { DisplayWidth.of(self) }
}

/// Turns text from outside (model answers, server messages) into characters that are safe to put
/// in a cell: control characters become visible caret notation (`ESC` → `^[`), so nothing a model
/// sends can ever drive the terminal.
public enum VisibleText {
    /// Whether the character would need escaping to be drawn.
    public static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    /// The visible stand-in for a control character, e.g. `^[` for ESC, `^?` for DEL, `<9B>` for C1.
    public static func escape(_ character: Character) -> String {
        var out = ""
        for scalar in character.unicodeScalars {
            let v = scalar.value
            if v < 0x20 {
                out += "^" + String(Character(Unicode.Scalar(v + 0x40)!))
            } else if v == 0x7F {
                out += "^?"
            } else if (0x80...0x9F).contains(v) {
                out += "<" + String(v, radix: 16, uppercase: true) + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The whole text with every control character (newlines and tabs too) made visible.
    public static func make(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else {
            return String(text)
        }
        var out = ""
        for character in text { out += isControl(character) ? escape(character) : String(character) }
        return out
    }
}
