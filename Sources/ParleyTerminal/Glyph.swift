#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ParleyUI

/// The wide characters curses is given for one cell.
///
/// `setcchar` takes one spacing character followed by at most four combining ones (CCHARW_MAX
/// is 5), so longer clusters are cut. Control characters (C0, DEL, C1) are never written to
/// the terminal, whatever a view put in a cell: they become "?". A wide character that would
/// not fit in the last column becomes a space.
enum Glyph {
    static let maxScalars = 5

    static func scalars(for cell: Cell, fitsWide: Bool = true) -> [UInt32] {
        var wide: [wchar_t] = []
        append(cell, fitsWide: fitsWide, to: &wide)
        return wide.map { UInt32(bitPattern: $0) }
    }

    /// Appends the cell's wide characters to `wide` (at least one, at most `maxScalars`): the
    /// screen calls this for every cell it draws, into one buffer it reuses, so no array is
    /// made per cell.
    static func append(_ cell: Cell, fitsWide: Bool = true, to wide: inout [wchar_t]) {
        if cell.width == 2 && !fitsWide {
            wide.append(32)
            return
        }
        // Most cells are one ASCII character: its one UTF-8 byte is the answer
        // (`Character.asciiValue` costs some three hundred instructions a cell).
        let utf8 = cell.character.utf8
        if utf8.count == 1, let byte = utf8.first {
            wide.append(byte < 32 || byte == 127 ? wchar_t(UInt8(ascii: "?")) : wchar_t(byte))
            return
        }
        let start = wide.count
        for scalar in cell.character.unicodeScalars {
            if wide.count - start == maxScalars { break }
            let v = scalar.value
            if v < 32 || v == 127 || (0x80..<0xA0).contains(v) {
                // A control character: shown as "?", and nothing may combine onto it.
                if wide.count == start { wide.append(wchar_t(UInt8(ascii: "?"))) }
                return
            }
            wide.append(wchar_t(bitPattern: v))
        }
        if wide.count == start { wide.append(32) }
    }
}
