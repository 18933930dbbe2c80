import ParleyModel
import Foundation
import ParleyUI

/// Sets the terminal up, runs the loop on a dedicated thread, and restores everything.
/// Generic over the program so it can be exercised with a toy one; `TerminalRuntime` binds it
/// to ParleyUI's `AppState`.
enum TerminalSession {
    /// How long after the first frame the startup commands wait: a few frames' time for the
    /// terminal to show it, unnoticeable in what they fill in (the catalogue, the day's usage).
    static let startupWorkDelay: Duration = .milliseconds(50)

    /// Runs `program` on a new thread (poll(2) blocks it, so it must not be a thread of the
    /// cooperative pool) and returns when the loop does. Cancelling the calling task stops the
    /// loop.
    static func run<State: Sendable, Action: Sendable, Command: Sendable>(
        initial: State,
        program: LoopProgram<State, Action, Command>,
        options: TerminalOptions,
        startup: [Command] = [],
        perform: @escaping @Sendable (Command, @escaping @Sendable (Action) -> Void) async -> Void
    ) async throws -> TerminalExit {
        let pipe = try WakePipe()
        let mailbox = Mailbox<Action>(wakeFD: pipe.writeEnd)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let thread = Thread {
                    // Foundation's `name` does not reach the kernel's thread name on Linux (the
                    // thread would keep its creator's, a pool thread's): set here, `top -H`, perf
                    // and the benchmarks can tell the terminal's thread from the engine's.
                    ThreadName.setCurrent("parley-terminal")
                    continuation.resume(with: Result {
                        try runOnCurrentThread(initial: initial, program: program, options: options,
                                               pipe: pipe, mailbox: mailbox, startup: startup, perform: perform)
                    })
                }
                thread.name = "parley-terminal"
                thread.stackSize = 8 << 20   // render may recurse through nested views
                thread.start()
            }
        } onCancel: {
            mailbox.requestStop()
        }
    }

    /// The whole session on the calling thread. Takes ownership of `pipe` (closed on return).
    static func runOnCurrentThread<State, Action: Sendable, Command: Sendable>(
        initial: State,
        program: LoopProgram<State, Action, Command>,
        options: TerminalOptions,
        pipe: WakePipe,
        mailbox: Mailbox<Action>,
        startup: [Command] = [],
        perform: @escaping @Sendable (Command, @escaping @Sendable (Action) -> Void) async -> Void
    ) throws -> TerminalExit {
        let tasks = EffectTasks()
        defer {
            mailbox.close()
            tasks.cancelAll()
            tasks.waitForUnfinished(limit: .seconds(2))
            pipe.close()
        }
        let screen = CursesScreen(options: .init(mouse: options.mouse, color: options.color))
        SignalHandlers.prepare()   // saves the terminal's modes before ncurses changes them
        try screen.start()
        StartupTrace.mark("terminal started")
        SignalHandlers.install(wakeFD: pipe.writeEnd)
        defer {
            screen.stop()
            SignalHandlers.uninstall()
        }
        let origin = ContinuousClock.now
        let dispatch: @Sendable (Action) -> Void = { mailbox.post($0) }
        let priorities = ThreadPriorities()
        let loop = RuntimeLoop(
            state: initial, program: program, backend: screen,
            waiter: PollWaiter(pipe: pipe), mailbox: mailbox,
            frameInterval: options.frameInterval, recordsStats: options.frameStatsPath != nil,
            clock: { ContinuousClock.now - origin },
            launch: { command in
                guard let work = program.terminalWork(command) else {
                    tasks.start(mustFinish: program.finishesBeforeExit(command)) { await perform(command, dispatch) }
                    return
                }
                switch work {
                case .handOver(let run): mailbox.post(screen.handOver(run))
                case .writeControl(let bytes, let then):
                    screen.writeControl(bytes)
                    mailbox.post(then)
                case .report(let action): mailbox.post(action)
                }
            },
            afterFirstFrame: {
                StartupTrace.mark("first frame drawn")
                // Startup work (the catalogue, history, today's usage, and what the wiring left
                // for after the first frame) starts a little after the first frame is drawn:
                // started before it, its threads took the two cores the first frame was being
                // drawn on (its first HTTP connection alone is several milliseconds of the
                // runtime's type lookups); started at once, they took them from the terminal
                // drawing that frame (tmux showed it 4–7 ms later than with this delay).
                for command in startup {
                    tasks.start(mustFinish: program.finishesBeforeExit(command)) {
                        guard (try? await Task.sleep(for: startupWorkDelay)) != nil else { return }
                        await perform(command, dispatch)
                    }
                }
            },
            // At most once a second: the engine's threads are started as work comes.
            afterFrame: { priorities.settle(at: $0) })
        let exit = loop.run()
        if let path = options.frameStatsPath, let stats = loop.stats {
            try? stats.json().write(to: URL(fileURLWithPath: path))
        }
        return exit
    }
}
