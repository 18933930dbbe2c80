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
        if cell.width == 2 && !fitsWide { return [32] }
        var result: [UInt32] = []
        for scalar in cell.character.unicodeScalars {
            if result.count == maxScalars { break }
            let v = scalar.value
            if v < 32 || v == 127 || (0x80..<0xA0).contains(v) {
                // A control character: shown as "?", and nothing may combine onto it.
                return result.isEmpty ? [UInt32(UInt8(ascii: "?"))] : result
            }
            result.append(v)
        }
        return result.isEmpty ? [32] : result
    }
}
