internal import CNcurses

/// The ncurses key codes Parley decodes, plus the codes it binds with `define_key` for keys
/// that ncurses has no constant for. Read from the headers so they cannot drift.
enum CursesKey {
    static let down = Int32(KEY_DOWN)
    static let up = Int32(KEY_UP)
    static let left = Int32(KEY_LEFT)
    static let right = Int32(KEY_RIGHT)
    static let home = Int32(KEY_HOME)
    static let end = Int32(KEY_END)
    static let backspace = Int32(KEY_BACKSPACE)
    static let delete = Int32(KEY_DC)
    static let insert = Int32(KEY_IC)
    static let pageDown = Int32(KEY_NPAGE)
    static let pageUp = Int32(KEY_PPAGE)
    static let enter = Int32(KEY_ENTER)
    static let backTab = Int32(KEY_BTAB)
    static let shiftLeft = Int32(KEY_SLEFT)
    static let shiftRight = Int32(KEY_SRIGHT)
    static let shiftHome = Int32(KEY_SHOME)
    static let shiftEnd = Int32(KEY_SEND)
    static let shiftDelete = Int32(KEY_SDC)
    static let mouse = Int32(parley_key_mouse())
    static let resize = Int32(parley_key_resize())
    static let max = Int32(parley_key_max())

    static func function(_ n: Int) -> Int32 { Int32(parley_key_f(Int32(n))) }

    // Codes above KEY_MAX that Parley binds to escape sequences itself (see `KeyBindings`).
    static let pasteBegin = max + 1
    static let pasteEnd = max + 2
    static let ctrlLeft = max + 3
    static let ctrlRight = max + 4
    static let ctrlUp = max + 5
    static let ctrlDown = max + 6
    static let ctrlHome = max + 7
    static let ctrlEnd = max + 8
    /// Sequences Parley recognises only to swallow them (focus reports, modified keys it has
    /// no `Key` for), so their bytes never show up as typed text.
    static let ignored = max + 9

    static let wheelUpMask = UInt32(parley_button4_pressed())
    static let wheelDownMask = UInt32(parley_button5_pressed())
}
