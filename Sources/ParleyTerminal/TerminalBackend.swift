import ParleyUI

/// What the runtime loop needs from a terminal: the seam between the loop's logic (coalescing,
/// dispatch) and ncurses. `CursesScreen` is the real one; tests use a fake.
///
/// All calls come from the loop's one thread.
protocol TerminalBackend: AnyObject {
    /// Columns and rows right now.
    var size: (width: Int, height: Int) { get }
    /// Everything the user typed since the last call, decoded; never blocks.
    func readInput() -> [InputEvent]
    /// Puts `canvas` on the screen, sending only what changed since the last frame.
    func draw(_ canvas: Canvas)
}

/// What woke the loop.
struct Wake: Sendable, Hashable {
    /// Termination signals received (SIGTERM, SIGINT, SIGHUP), in order.
    var terminationSignals: [Int32] = []
}

/// Blocks the loop's thread until there is something to do. The real one is `PollWaiter`
/// (poll(2) on the terminal and the wake pipe); tests use a fake driven by a fake clock.
protocol EventWaiter: AnyObject {
    /// Sleeps until the terminal has input, the wake pipe is poked or `timeout` passes
    /// (`nil`: no timeout, sleep as long as it takes).
    func wait(timeout: Duration?) -> Wake
}
