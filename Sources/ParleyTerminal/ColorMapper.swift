import ParleyUI

/// Maps a theme `Color` to a curses colour number for what the terminal can show.
///
/// - `.default` is -1 (the terminal's own colour) when `use_default_colors()` succeeded;
///   otherwise white on black, the curses defaults.
/// - `.ansi(n)` is n, folded to 0-7 on an 8-colour terminal.
/// - `.palette(n)` is n on a 256-colour terminal; otherwise the nearest of the 16 (or 8) ANSI
///   colours in RGB, using xterm's palette.
struct ColorMapper: Sendable, Hashable {
    /// `COLORS` after `start_color()`.
    var colors: Int
    var defaultColorsAvailable: Bool

    func foreground(_ color: Color) -> Int16 { map(color, fallback: 7) }
    func background(_ color: Color) -> Int16 { map(color, fallback: 0) }

    private func map(_ color: Color, fallback: Int16) -> Int16 {
        switch color {
        case .default:
            return defaultColorsAvailable ? -1 : fallback
        case .ansi(let n):
            return Int16(colors >= 16 ? n & 15 : n & 7)
        case .palette(let n):
            if colors >= 256 { return Int16(n) }
            return Int16(Self.nearestANSI(toPalette: n, limit: colors >= 16 ? 16 : 8))
        }
    }

    /// The ANSI colour (0 ..< limit) closest to 256-palette entry `index`.
    static func nearestANSI(toPalette index: UInt8, limit: Int = 16) -> UInt8 {
        if Int(index) < limit { return index }
        if index < 16 { return index - 8 }   // bright colours on an 8-colour terminal
        let target = rgb(ofPalette: index)
        var best = 0
        var bestDistance = Int.max
        for candidate in 0..<limit {
            let c = ansiRGB[candidate]
            let dr = c.r - target.r, dg = c.g - target.g, db = c.b - target.b
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return UInt8(best)
    }

    /// xterm's RGB for a 256-palette entry: 16 ANSI, a 6x6x6 cube, then 24 greys.
    static func rgb(ofPalette index: UInt8) -> (r: Int, g: Int, b: Int) {
        switch index {
        case 0..<16:
            return ansiRGB[Int(index)]
        case 16..<232:
            let n = Int(index) - 16
            let level = [0, 95, 135, 175, 215, 255]
            return (level[n / 36], level[(n / 6) % 6], level[n % 6])
        default:
            let grey = 8 + 10 * (Int(index) - 232)
            return (grey, grey, grey)
        }
    }

    /// xterm's default colours for ANSI 0-15.
    static let ansiRGB: [(r: Int, g: Int, b: Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0),
        (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0),
        (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
