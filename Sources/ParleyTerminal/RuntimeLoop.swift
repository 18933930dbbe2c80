import ParleyUI

/// Why the loop returned.
public enum TerminalExit: Sendable, Hashable {
    /// The state asked to quit (`wantsQuit`).
    case quit
    /// SIGTERM, SIGINT or SIGHUP (or the terminal went away, reported as SIGHUP).
    case signal(Int32)
    /// The task awaiting `TerminalRuntime.run` was cancelled.
    case cancelled
}

/// The event loop proper, independent of ncurses: wait, read input, drain the mailbox, reduce
/// each action, launch the commands, draw when the pacer says so.
///
/// One iteration: draw if a frame is due; sleep until input, a wake byte or the frame
/// deadline (no timeout when nothing is pending); read all input, reduce it and draw it at
/// once; then drain the queued actions and reduce them (drawn when the next frame is due).
/// Quits as soon as an action leaves `wantsQuit` set, without reducing the rest of the batch.
final class RuntimeLoop<State, Action: Sendable, Command> {
    private(set) var state: State
    private let program: LoopProgram<State, Action, Command>
    private let backend: any TerminalBackend
    private let waiter: any EventWaiter
    private let mailbox: Mailbox<Action>
    private let clock: () -> Duration
    private let launch: (Command) -> Void
    /// Called once, when the first frame is on the screen.
    private var afterFirstFrame: (() -> Void)?
    private var pacer: FramePacer
    private(set) var framesDrawn = 0
    /// Filled in only when a benchmark asks for it.
    private(set) var stats: FrameStats?

    init(state: State, program: LoopProgram<State, Action, Command>, backend: any TerminalBackend,
         waiter: any EventWaiter, mailbox: Mailbox<Action>, frameInterval: Duration = .milliseconds(16),
         recordsStats: Bool = false, clock: @escaping () -> Duration, launch: @escaping (Command) -> Void,
         afterFirstFrame: (() -> Void)? = nil) {
        self.state = state
        self.program = program
        self.backend = backend
        self.waiter = waiter
        self.mailbox = mailbox
        self.clock = clock
        self.launch = launch
        self.afterFirstFrame = afterFirstFrame
        self.pacer = FramePacer(interval: frameInterval)
        self.stats = recordsStats ? FrameStats() : nil
    }

    func run() -> TerminalExit {
        let size = backend.size
        if apply([program.input(.resize(width: size.width, height: size.height))]) { return .quit }
        while true {
            let now = clock()
            if pacer.shouldDraw(at: now) { drawFrame(started: now) }
            let wake = waiter.wait(timeout: pacer.timeout(at: clock()))
            if let signal = wake.terminationSignals.first { return .signal(signal) }
            if mailbox.isStopRequested { return .cancelled }
            let input = backend.readInput()
            if !input.isEmpty {
                if stats != nil { stats?.noteInput(count: input.count, at: clock()) }
                if apply(input.map(program.input)) { return .quit }
                // Keys first: the frame that shows them is drawn now, before the engine's backlog
                // is folded and without waiting for the pacer. Four fast streams queue hundreds of
                // events a frame; folding them first, then waiting for the next paced frame, put
                // up to a frame interval plus the fold between a key and the screen. Only input
                // draws early, so a stream still costs at most one frame per interval.
                let started = clock()
                pacer.drawNow(at: started)
                drawFrame(started: started)
            }
            let actions = mailbox.drain()
            guard !actions.isEmpty else { continue }
            let folding = stats != nil ? clock() : .zero
            if apply(program.coalesce(actions)) { return .quit }
            if stats != nil { stats?.noteEngineActions(count: actions.count, folded: clock() - folding) }
        }
    }

    private func drawFrame(started: Duration) {
        backend.draw(program.render(state))
        framesDrawn += 1
        if stats != nil { stats?.noteFrame(started: started, ended: clock()) }
        if let first = afterFirstFrame {
            afterFirstFrame = nil
            first()
        }
    }

    /// Reduces `actions` in order; true once the state wants to quit.
    private func apply(_ actions: [Action]) -> Bool {
        for action in actions {
            for command in program.reduce(&state, action) { launch(command) }
            pacer.markDirty()
            if program.wantsQuit(state) { return true }
        }
        return false
    }
}
