/// A colour as themes name it: one of the 16 ANSI colours, a 256-palette index, or the
/// terminal's default. The terminal backend maps it down to what the terminal supports.
public enum Color: Sendable, Hashable {
    case `default`
    case ansi(UInt8)      // 0...15
    case palette(UInt8)   // 0...255
}

/// How a cell is drawn.
public struct Style: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var italic: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: Color = .default, background: Color = .default, bold: Bool = false,
                italic: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.italic = italic
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public static let plain = Style()
}

/// One screen cell. A wide character occupies its cell (width 2) and the next, which holds
/// a `continuation` cell so the grid stays rectangular.
public struct Cell: Sendable, Hashable {
    public var character: Character
    /// Display width of `character`: 1, 2, or 0 for the continuation half of a wide character.
    public var width: UInt8
    public var style: Style

    public init(character: Character, width: UInt8 = 1, style: Style = .plain) {
        self.character = character
        self.width = width
        self.style = style
    }

    public static let blank = Cell(character: " ")
    public static func continuation(_ style: Style) -> Cell { Cell(character: " ", width: 0, style: style) }
}

/// A grid of cells that views render into; the terminal backend blits it.
public struct Canvas: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should be shown, if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorPosition.map { ($0.x, $0.y) } }
        set { cursorPosition = newValue.map { CursorPosition(x: $0.x, y: $0.y) } }
    }
    private var cursorPosition: CursorPosition?

    private struct CursorPosition: Sendable, Hashable { var x: Int; var y: Int }

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }
}
