/// Collects the characters of one bracketed paste into a string.
///
/// Terminals send a pasted newline as CR (13), some as CRLF: both become one "\n", as does a
/// lone LF. Tab is kept; every other control character is dropped, so a paste can neither
/// send a message nor smuggle an escape sequence into the input line. Scalars are appended to
/// a `String.UnicodeScalarView`, so a paste of a megabyte is built in linear time.
struct PasteAssembler: Sendable {
    private var scalars = String.UnicodeScalarView()
    private var afterCR = false

    mutating func append(_ scalar: Unicode.Scalar) {
        let previousWasCR = afterCR
        afterCR = false
        switch scalar.value {
        case 13:
            scalars.append("\n")
            afterCR = true
        case 10:
            if !previousWasCR { scalars.append("\n") }
        case 9:
            scalars.append(scalar)
        case 0..<32, 127, 0x80..<0xA0:
            break
        default:
            scalars.append(scalar)
        }
    }

    /// Appends raw UTF-8 bytes read straight from the terminal (see `PasteReader`); invalid
    /// sequences become U+FFFD.
    mutating func append(utf8 bytes: [UInt8]) {
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars { append(scalar) }
    }

    /// The text pasted so far; resets the assembler for the next paste.
    mutating func finish() -> String {
        let text = String(scalars)
        scalars = String.UnicodeScalarView()
        afterCR = false
        return text
    }
}
