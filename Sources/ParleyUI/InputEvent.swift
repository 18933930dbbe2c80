/// A key as the terminal backend decodes it, independent of ncurses.
public enum Key: Sendable, Hashable {
    case character(Character)
    /// Ctrl plus a letter (`ctrl("c")`), lowercase.
    case ctrl(Character)
    /// Alt (Meta) plus a character.
    case alt(Character)
    case enter, altEnter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown, insert
    case ctrlLeft, ctrlRight, ctrlUp, ctrlDown, ctrlHome, ctrlEnd
    case function(Int)
}

/// Everything that can arrive from the terminal.
public enum InputEvent: Sendable, Hashable {
    case key(Key)
    /// Bracketed paste: the whole pasted text in one event (newlines as `\n`).
    case paste(String)
    case resize(width: Int, height: Int)
    case scroll(lines: Int)   // mouse wheel: negative up, positive down
}
