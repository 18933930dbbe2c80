import CNcurses
import Foundation
import ParleyUI

/// The ncurses backend: sets the terminal up, decodes keys, blits canvases.
///
/// Create it, then `start()`; `stop()` restores the terminal (also on the error path: the
/// runtime calls it from a `defer`). Every method must run on the one thread that started it.
final class CursesScreen: TerminalBackend {
    struct Options: Sendable {
        /// Report the mouse wheel. Costs the terminal's own mouse selection (hold Shift).
        var mouse = true
        /// Use colours; `nil` means "unless NO_COLOR is set to something non-empty".
        var color: Bool? = nil
    }

    private let options: Options
    private var screen: OpaquePointer?
    private var decoder = KeyDecoder()
    private var previous: Canvas?
    private var clearBeforeNextFrame = false
    private var cursorVisible: Bool?
    private var colorMapper: ColorMapper?
    private var pairs: ColorPairCache?

    init(options: Options = Options()) {
        self.options = options
    }

    deinit { stop() }

    // MARK: - Life cycle

    func start() throws {
        guard isatty(0) == 1, isatty(1) == 1 else { throw TerminalError.notATerminal }
        // Only the character encoding, which is what ncurses's wide characters need: all of the
        // categories meant a dozen locale files read before the first frame, and a user's
        // LC_NUMERIC would change how C code (SQLite's, ncurses's) prints numbers.
        setlocale(LC_CTYPE, "")
        // newterm, unlike initscr, returns nil instead of exiting when TERM is unusable.
        guard let screen = newterm(nil, parley_stdout(), parley_stdin()) else {
            throw TerminalError.cannotInitialise(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        self.screen = screen
        set_term(screen)
        raw()
        noecho()
        nonl()
        let window = parley_stdscr()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        for binding in KeyBindings.all {
            _ = define_key(binding.sequence, binding.code)
        }
        setUpColors()
        if options.mouse {
            _ = mousemask(parley_button4_pressed() | parley_button5_pressed(), nil)
            _ = mouseinterval(0)   // no click detection: a wheel notch must not wait
        }
        TerminalModes.enable()
    }

    /// Restores the terminal. Safe to call twice.
    func stop() {
        guard let screen else { return }
        if options.mouse { _ = mousemask(0, nil) }
        TerminalModes.disable()
        endwin()
        delscreen(screen)
        self.screen = nil
    }

    private func setUpColors() {
        // One variable: `ProcessInfo.environment` would build a dictionary of all of them.
        let wanted = options.color ?? (getenv("NO_COLOR").map { $0.pointee == 0 } ?? true)
        guard wanted, has_colors() else { return }
        start_color()
        let defaults = use_default_colors() == parley_ok()
        colorMapper = ColorMapper(colors: Int(parley_colors()), defaultColorsAvailable: defaults)
        pairs = ColorPairCache(limit: Int(parley_color_pairs())) { pair, foreground, background in
            _ = init_pair(pair, foreground, background)
        }
    }

    // MARK: - Input

    var size: (width: Int, height: Int) {
        let window = parley_stdscr()
        return (Int(parley_getmaxx(window)), Int(parley_getmaxy(window)))
    }

    func readInput() -> [InputEvent] {
        guard screen != nil else { return [] }
        var events: [InputEvent] = []
        var value: wint_t = 0
        while true {
            let status = get_wch(&value)
            if status == parley_key_code_yes() {
                decoder.feed(rawInput(forKeyCode: Int32(value)), into: &events)
                if Int32(value) == CursesKey.pasteBegin && decoder.isInPaste { readPasteBody(into: &events) }
            } else if status == parley_ok() {
                decoder.feed(.character(UInt32(value)), into: &events)
            } else {
                break
            }
        }
        events += decoder.endOfInput()
        return events
    }

    /// Takes the paste body past ncurses in large reads, then gives ncurses back whatever
    /// followed the end marker, so keys typed right after a paste are not lost.
    ///
    /// ncurses' push-back queue is small, so a second paste that arrived in the same read is
    /// taken here too (keys typed between the two then come after both: a harmless reorder).
    private func readPasteBody(into events: inout [InputEvent]) {
        var result = PasteReader().read()
        var leftover: [UInt8] = []
        while true {
            decoder.feed(.pasteBytes(result.body), into: &events)
            decoder.feed(.keyCode(CursesKey.pasteEnd), into: &events)
            guard let begin = PasteReader.find(PasteReader.beginMarker, in: result.rest, from: 0) else {
                leftover += result.rest
                break
            }
            leftover += result.rest[..<begin]
            decoder.feed(.keyCode(CursesKey.pasteBegin), into: &events)
            result = PasteReader().read(startingWith: Array(result.rest[(begin + PasteReader.beginMarker.count)...]))
        }
        // ungetch pushes to the front of ncurses' queue: last byte first.
        for byte in leftover.reversed() { _ = ungetch(Int32(byte)) }
    }

    private func rawInput(forKeyCode code: Int32) -> RawInput {
        switch code {
        case CursesKey.resize:
            // ncurses has already resized its windows; the next frame is drawn whole.
            previous = nil
            clearBeforeNextFrame = true
            let size = self.size
            return .resize(width: size.width, height: size.height)
        case CursesKey.mouse:
            var event = MEVENT()
            guard getmouse(&event) == parley_ok() else { return .mouse(buttons: 0) }
            return .mouse(buttons: UInt32(event.bstate))
        default:
            return .keyCode(code)
        }
    }

    // MARK: - Handing the terminal over

    /// Runs `body` (an editor) with the terminal in the state the shell left it, then takes it
    /// back and repaints everything on the next frame.
    func handOver<T>(_ body: () -> T) -> T {
        guard screen != nil else { return body() }
        if options.mouse { _ = mousemask(0, nil) }
        TerminalModes.disable()
        def_prog_mode()
        endwin()
        let result = body()
        reset_prog_mode()
        refresh()
        TerminalModes.enable()
        if options.mouse { _ = mousemask(parley_button4_pressed() | parley_button5_pressed(), nil) }
        previous = nil
        clearBeforeNextFrame = true
        return result
    }

    /// Writes bytes past ncurses, which has nothing buffered between frames (each `draw` ends
    /// with `doupdate`, which flushes).
    func writeControl(_ bytes: [UInt8]) {
        guard screen != nil, !bytes.isEmpty else { return }
        TerminalModes.writeAll(bytes)
    }

    // MARK: - Output

    func draw(_ canvas: Canvas) {
        guard screen != nil else { return }
        let window = parley_stdscr()
        let (width, height) = size
        // A frame after no frame (the first, or after a resize) starts from an erased window:
        // compared with a blank canvas, only the cells that are not blank are written.
        if previous == nil {
            werase(window)
            previous = Canvas(width: canvas.width, height: canvas.height)
        }
        if clearBeforeNextFrame {
            clearok(window, true)
            clearBeforeNextFrame = false
        }
        var cchar = cchar_t()
        var wide: [wchar_t] = []
        wide.reserveCapacity(Glyph.maxScalars + 1)
        // Neighbouring cells mostly share a style: its attributes and colour pair are worked
        // out once per run of cells, not once per cell.
        var lastLook: (style: Style, attributes: attr_t, pair: Int16)?
        CanvasDiff.forEachChange(from: previous, to: canvas) { x, y, cell in
            guard x < width, y < height else { return }
            wide.removeAll(keepingCapacity: true)
            Glyph.append(cell, fitsWide: x + 1 < width, to: &wide)
            wide.append(0)
            let look: (style: Style, attributes: attr_t, pair: Int16)
            if let last = lastLook, last.style == cell.style {
                look = last
            } else {
                let (attributes, pair) = self.look(of: cell.style)
                look = (cell.style, attributes, pair)
                lastLook = look
            }
            setcchar(&cchar, wide, look.attributes, look.pair, nil)
            _ = mvwadd_wch(window, Int32(y), Int32(x), &cchar)
        }
        placeCursor(canvas.cursor, width: width, height: height)
        wnoutrefresh(window)
        doupdate()
        previous = canvas
    }

    private func look(of style: Style) -> (attr_t, Int16) {
        var attributes = parley_a_normal()
        if style.bold { attributes |= parley_a_bold() }
        if style.dim { attributes |= parley_a_dim() }
        if style.italic { attributes |= parley_a_italic() }
        if style.underline { attributes |= parley_a_underline() }
        if style.reverse { attributes |= parley_a_reverse() }
        guard let mapper = colorMapper else { return (attributes, 0) }
        // In place (optional chaining mutates the stored table): a copy taken out and written
        // back would copy the pair table whenever a new pair is added.
        let pair = pairs?.pair(foreground: mapper.foreground(style.foreground),
                               background: mapper.background(style.background)) ?? 0
        return (attributes, pair)
    }

    private func placeCursor(_ cursor: (x: Int, y: Int)?, width: Int, height: Int) {
        let window = parley_stdscr()
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < width, cursor.y < height {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
            setCursorVisible(true)
        } else {
            setCursorVisible(false)
        }
    }

    private func setCursorVisible(_ visible: Bool) {
        guard cursorVisible != visible else { return }
        curs_set(visible ? 1 : 0)
        cursorVisible = visible
    }
}
