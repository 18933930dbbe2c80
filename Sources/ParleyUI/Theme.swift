import Foundation

/// The named styles every view draws with. A theme is plain data, so the config loader can build
/// one from a TOML table (`Theme(name:styles:)`) and views never hard-code a colour.
public struct Theme: Sendable, Hashable {
    /// Every style a view may ask for. The raw value is the key in a theme's TOML `[styles]` table.
    public enum Role: String, Sendable, Hashable, CaseIterable {
        case text, dim, user, userLabel = "user_label", assistantLabel = "assistant_label"
        case heading, bold, italic, inlineCode = "inline_code", codeBlock = "code_block", quote, bullet
        /// Syntax highlighting in fenced code blocks, drawn over `code_block` (its background
        /// stays unless the role sets one).
        case codeKeyword = "code_keyword", codeString = "code_string", codeComment = "code_comment"
        case codeNumber = "code_number"
        case statusBar = "status_bar", statusAccent = "status_accent"
        case warning, error, ok, retry
        case selection, match, border, title, hint, mark
        case input, inputPrompt = "input_prompt"
        /// The colours of every cell no other style colours: a theme made for a light background
        /// sets it, so it is readable on a dark terminal too; `default` leaves the terminal's own.
        case background
    }

    public var name: String
    public var styles: [String: Style]

    /// Builds a theme from plain values; roles the table leaves out fall back to `fallback`'s.
    public init(name: String, styles: [String: Style], fallback: Theme? = nil) {
        self.name = name
        var merged = fallback?.styles ?? [:]
        for (key, style) in styles { merged[key] = style }
        self.styles = merged
    }

    public subscript(role: Role) -> Style {
        styles[role.rawValue] ?? Theme.monochrome.styles[role.rawValue] ?? .plain
    }

    /// Every built-in theme by name.
    public static let builtins: [Theme] = [.dark, .light, .highContrast, .nord, .monochrome]

    public static func named(_ name: String) -> Theme? {
        builtins.first { $0.name == name.lowercased() }
    }
}

extension Style {
    /// Shorthand for theme tables.
    static func fg(_ n: UInt8, bg: UInt8? = nil, _ attributes: Attribute...) -> Style {
        var style = Style(foreground: .palette(n), background: bg.map { .palette($0) } ?? .default)
        for attribute in attributes { style.set(attribute) }
        return style
    }

    static func attrs(_ attributes: Attribute...) -> Style {
        var style = Style()
        for attribute in attributes { style.set(attribute) }
        return style
    }

    /// Text attributes as theme files name them.
    public enum Attribute: String, Sendable, CaseIterable {
        case bold, italic, underline, reverse, dim
    }

    public mutating func set(_ attribute: Attribute, _ on: Bool = true) {
        switch attribute {
        case .bold: bold = on
        case .italic: italic = on
        case .underline: underline = on
        case .reverse: reverse = on
        case .dim: dim = on
        }
    }

    public var attributes: [Attribute] {
        Attribute.allCases.filter {
            switch $0 {
            case .bold: bold
            case .italic: italic
            case .underline: underline
            case .reverse: reverse
            case .dim: dim
            }
        }
    }

    /// Builds a style from the plain values of a theme file: colours as accepted by
    /// `Color.parse`, attributes by name. Returns nil when a colour or attribute is not understood.
    public init?(fg: String?, bg: String?, attributes: [String] = []) {
        self.init()
        if let fg { guard let c = Color.parse(fg) else { return nil }; foreground = c }
        if let bg { guard let c = Color.parse(bg) else { return nil }; background = c }
        for name in attributes {
            guard let a = Attribute(rawValue: name.lowercased()) else { return nil }
            set(a)
        }
    }

    /// The same style without colours: what NO_COLOR asks for.
    public var monochrome: Style {
        Style(bold: bold, italic: italic, underline: underline, reverse: reverse, dim: dim)
    }
}

extension Color {
    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// Parses a colour as theme files write it: `default`, an ANSI name (`red`, `bright-blue`),
    /// a 256-palette index (`"75"`), or `#rrggbb` (mapped to the nearest palette entry).
    public static func parse(_ text: String) -> Color? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t == "default" || t.isEmpty { return .default }
        if let n = UInt8(t) { return .palette(n) }
        if let i = ansiNames.firstIndex(of: t) { return .ansi(UInt8(i)) }
        if t.hasPrefix("bright-") || t.hasPrefix("bright_"),
           let i = ansiNames.firstIndex(of: String(t.dropFirst(7))) { return .ansi(UInt8(i + 8)) }
        if t.hasPrefix("#"), t.count == 7, let rgb = UInt32(t.dropFirst(), radix: 16) {
            return .palette(nearestPalette(r: Int(rgb >> 16 & 0xFF), g: Int(rgb >> 8 & 0xFF), b: Int(rgb & 0xFF)))
        }
        return nil
    }

    /// How theme files write this colour back.
    public var configText: String {
        switch self {
        case .default: return "default"
        case .ansi(let n): return n < 8 ? Color.ansiNames[Int(n)] : "bright-" + Color.ansiNames[Int(n % 8)]
        case .palette(let n): return String(n)
        }
    }

    /// The nearest of the 16 ANSI colours, for terminals without 256 colours.
    public var ansi16: UInt8? {
        switch self {
        case .default: return nil
        case .ansi(let n): return n & 15
        case .palette(let n):
            if n < 16 { return n }
            let (r, g, b) = Color.rgb(ofPalette: n)
            // Pick the ANSI colour by hue bits, bright when the colour is light.
            let bright = max(r, g, b) > 190
            let threshold = max(r, g, b) / 2
            if max(r, g, b) - min(r, g, b) < 30 {   // grey
                let level = (r + g + b) / 3
                return level < 60 ? 0 : level < 150 ? 8 : level < 220 ? 7 : 15
            }
            let bits = UInt8((r > threshold ? 1 : 0) | (g > threshold ? 2 : 0) | (b > threshold ? 4 : 0))
            return bits + (bright ? 8 : 0)
        }
    }

    static func rgb(ofPalette n: UInt8) -> (Int, Int, Int) {
        let levels = [0, 95, 135, 175, 215, 255]
        if n >= 232 { let v = 8 + Int(n - 232) * 10; return (v, v, v) }
        if n >= 16 {
            let i = Int(n) - 16
            return (levels[i / 36], levels[i / 6 % 6], levels[i % 6])
        }
        let base = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
                    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
                    (255, 0, 255), (0, 255, 255), (255, 255, 255)]
        return base[Int(n)]
    }

    static func nearestPalette(r: Int, g: Int, b: Int) -> UInt8 {
        var best: UInt8 = 16
        var bestDistance = Int.max
        for n in 16...255 {
            let (pr, pg, pb) = rgb(ofPalette: UInt8(n))
            let d = (pr - r) * (pr - r) + (pg - g) * (pg - g) + (pb - b) * (pb - b)
            if d < bestDistance { bestDistance = d; best = UInt8(n) }
        }
        return best
    }
}
