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
/// One iteration: sleep until input, a wake byte or the frame deadline (no timeout when nothing
/// is pending, none at all while a backlog is being folded); read all input, reduce it and draw
/// it at once, or else draw if a frame is due and look at the input again; then fold the
/// engine's actions for at most one slice (`foldSlice`) and come back to look at the terminal.
/// So a key waits behind at most one frame or one slice before its own frame. Quits as soon as
/// an action leaves `wantsQuit` set, without reducing the rest.
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
    /// Called after every frame with the clock's time (after `afterFirstFrame` for the first).
    private let afterFrame: ((Duration) -> Void)?
    private var pacer: FramePacer
    /// The longest the loop folds engine actions before it looks at the terminal again.
    private let foldSlice: Duration
    /// Engine actions drained (and coalesced) but not reduced yet, from `backlogNext` on.
    private var backlog: [Action] = []
    private var backlogNext = 0
    /// The time of the last read of the terminal's input: a key read later came after it.
    private var lastLook: Duration = .zero
    private(set) var framesDrawn = 0
    /// Filled in only when a benchmark asks for it.
    private(set) var stats: FrameStats?

    init(state: State, program: LoopProgram<State, Action, Command>, backend: any TerminalBackend,
         waiter: any EventWaiter, mailbox: Mailbox<Action>, frameInterval: Duration = .milliseconds(16),
         foldSlice: Duration = .milliseconds(4),
         recordsStats: Bool = false, clock: @escaping () -> Duration, launch: @escaping (Command) -> Void,
         afterFirstFrame: (() -> Void)? = nil, afterFrame: ((Duration) -> Void)? = nil) {
        self.state = state
        self.program = program
        self.backend = backend
        self.waiter = waiter
        self.mailbox = mailbox
        self.clock = clock
        self.launch = launch
        self.afterFirstFrame = afterFirstFrame
        self.afterFrame = afterFrame
        self.pacer = FramePacer(interval: frameInterval)
        self.foldSlice = foldSlice
        self.stats = recordsStats ? FrameStats() : nil
    }

    func run() -> TerminalExit {
        let size = backend.size
        if apply(program.input(.resize(width: size.width, height: size.height))) { return .quit }
        let first = clock()
        pacer.drawNow(at: first)
        drawFrame(started: first)
        lastLook = clock()
        while true {
            let folding = backlogNext < backlog.count
            let waitStarted = clock()
            let wake = waiter.wait(timeout: folding ? .zero : pacer.timeout(at: waitStarted))
            if let signal = wake.terminationSignals.first { return .signal(signal) }
            if mailbox.isStopRequested { return .cancelled }
            let woke = clock()
            // A key can have come any time since the last read; when the loop slept, it is what
            // woke it (poll returns at once when input is already there).
            let slept = woke - waitStarted > .microseconds(200)
            switch showInput(at: woke, arrivedAfter: slept ? woke : lastLook) {
            case .quit: return .quit
            case .shown: break
            case .none:
                guard pacer.shouldDraw(at: woke) else { break }
                drawFrame(started: woke)
                // A key typed while that frame was drawn is shown now, not after a slice of folding.
                if showInput(at: clock(), arrivedAfter: lastLook) == .quit { return .quit }
            }
            if fold() { return .quit }
        }
    }

    private enum InputOutcome { case none, shown, quit }

    /// Reads the terminal's input; if there is any, reduces it and draws it at once.
    private func showInput(at now: Duration, arrivedAfter: Duration) -> InputOutcome {
        let input = backend.readInput()
        lastLook = now
        guard !input.isEmpty else { return .none }
        if stats != nil { stats?.noteInput(count: input.count, at: now, arrivedAfter: arrivedAfter) }
        for event in input {
            if apply(program.input(event)) { return .quit }
        }
        // Keys first: the frame that shows them is drawn now, before the engine's backlog is
        // folded and without waiting for the pacer. Four fast streams queue hundreds of events a
        // frame; folding them first, then waiting for the next paced frame, put up to a frame
        // interval plus the fold between a key and the screen. Only input draws early, so a
        // stream still costs at most one frame per interval.
        let started = clock()
        pacer.drawNow(at: started)
        drawFrame(started: started)
        return .shown
    }

    /// Reduces queued engine actions for at most one slice: the rest of the backlog, or what the
    /// mailbox holds now. A backlog of thousands of events (four fast streams after a slow frame)
    /// takes tens of milliseconds to reduce; a key typed meanwhile would wait unread for all of
    /// it, so the loop stops when the slice is spent and looks at the terminal before going on.
    /// True once the state wants to quit.
    private func fold() -> Bool {
        if backlogNext >= backlog.count {
            let drained = mailbox.drain()
            guard !drained.isEmpty else { return false }
            if stats != nil { stats?.noteEngineActions(count: drained.count) }
            backlog = program.coalesce(drained)
            backlogNext = 0
        }
        let started = clock()
        let deadline = started + foldSlice
        while backlogNext < backlog.count {
            let action = backlog[backlogNext]
            backlogNext += 1
            if apply(action) { return true }
            // The clock is read every few actions: most take microseconds.
            if backlogNext % 16 == 0, backlogNext < backlog.count, clock() >= deadline { break }
        }
        if backlogNext >= backlog.count {
            backlog.removeAll(keepingCapacity: true)
            backlogNext = 0
        }
        if stats != nil { stats?.noteFold(clock() - started) }
        return false
    }

    private func drawFrame(started: Duration) {
        guard stats != nil else {
            backend.draw(program.render(state))
            return frameDrawn()
        }
        let cpu = FrameStats.threadCPUTime()
        let canvas = program.render(state)
        let rendered = clock()
        backend.draw(canvas)
        stats?.noteFrame(started: started, rendered: rendered, ended: clock(), cpu: FrameStats.threadCPUTime() - cpu)
        frameDrawn()
    }

    private func frameDrawn() {
        framesDrawn += 1
        if let first = afterFirstFrame {
            afterFirstFrame = nil
            first()
        }
        afterFrame?(clock())
    }

    /// Reduces one action and launches its commands; true once the state wants to quit.
    private func apply(_ action: Action) -> Bool {
        for command in program.reduce(&state, action) { launch(command) }
        pacer.markDirty()
        return program.wantsQuit(state)
    }
}
