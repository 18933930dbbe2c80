/// One result of `get_wch`, as a value, so the decoder can be tested without a terminal.
///
/// The screen builds these: `character` when `get_wch` returned `OK` with a wide character,
/// `keyCode` when it returned `KEY_CODE_YES`. Key codes that need a follow-up curses call are
/// resolved by the screen first: `KEY_MOUSE` becomes `mouse` (after `getmouse`), `KEY_RESIZE`
/// becomes `resize` (with the new size).
enum RawInput: Sendable, Hashable {
    case character(UInt32)
    case keyCode(Int32)
    /// The button state of a mouse event (`MEVENT.bstate`).
    case mouse(buttons: UInt32)
    case resize(width: Int, height: Int)
    /// Paste text the screen read directly from the terminal (see `PasteReader`).
    case pasteBytes([UInt8])
}
