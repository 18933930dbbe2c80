import ParleyModel
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

    /// Combining marks, format characters, joining Hangul jamo (generated from Unicode data).
    static func isZeroWidth(_ v: UInt32) -> Bool { contains(DisplayWidthTable.zeroWidth, v) }

    /// East Asian Wide and Fullwidth, emoji presentation included (generated from Unicode data).
    static func isWide(_ v: UInt32) -> Bool { contains(DisplayWidthTable.wide, v) }

    private static func contains(_ ranges: [ClosedRange<UInt32>], _ v: UInt32) -> Bool {
        var low = 0, high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < v {
                low = middle + 1
            } else if ranges[middle].lowerBound > v {
                high = middle
            } else {
                return true
            }
        }
        return false
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
    /// Whether the character would need escaping to be drawn: a control character, or a bidi
    /// embedding, override or isolate, which would reorder the text after it on the terminal.
    public static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains(where: needsEscaping)
    }

    private static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || TextSanitizer.isBidiControl(scalar)
    }

    /// The visible stand-in for a control character, e.g. `^[` for ESC, `^?` for DEL, `<U+009B>` for C1
    /// (the same forms as `TextSanitizer.makeVisible`).
    public static func escape(_ character: Character) -> String {
        var out = ""
        for scalar in character.unicodeScalars {
            let v = scalar.value
            if v < 0x20 {
                out += "^" + String(Character(Unicode.Scalar(v + 0x40)!))
            } else if v == 0x7F {
                out += "^?"
            } else if (0x80...0x9F).contains(v) || TextSanitizer.isBidiControl(scalar) {
                out += TextSanitizer.codePoint(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The whole text with every control character (newlines and tabs too) and bidi control
    /// made visible.
    public static func make(_ text: some StringProtocol) -> String {
        guard text.unicodeScalars.contains(where: needsEscaping) else {
            return String(text)
        }
        var out = ""
        for character in text { out += isControl(character) ? escape(character) : String(character) }
        return out
    }
}
