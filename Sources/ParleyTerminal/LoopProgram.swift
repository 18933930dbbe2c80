import ParleyUI

/// The pure functions the runtime loop drives, as values. `TerminalRuntime` fills them with
/// ParleyUI's `reduce` and `render`; tests fill them with a toy program, so the loop's logic
/// is tested without the real app state.
struct LoopProgram<State, Action, Command>: Sendable {
    var reduce: @Sendable (inout State, Action) -> [Command]
    var render: @Sendable (State) -> Canvas
    var wantsQuit: @Sendable (State) -> Bool
    /// Wraps terminal input as an action (`Action.input`).
    var input: @Sendable (InputEvent) -> Action
    /// Rewrites the actions drained from the mailbox before they are reduced (the app joins runs
    /// of engine events); keeps them as they are by default.
    var coalesce: @Sendable ([Action]) -> [Action] = { $0 }
    /// The commands the loop performs itself, on its own thread, because they need the terminal
    /// (`nil`: an ordinary effect, performed in a task).
    var terminalWork: @Sendable (Command) -> TerminalWork<Action>? = { _ in nil }
    /// The effects that must complete even when the session ends while they run (a choice being
    /// written to the store just before Ctrl-Q): not cancelled at exit, but waited for, briefly.
    var finishesBeforeExit: @Sendable (Command) -> Bool = { _ in false }
}

/// Work on the terminal itself, done by the loop between two frames.
enum TerminalWork<Action> {
    /// Gives the terminal to another program (ncurses suspended, the screen restored and
    /// redrawn after), and reports how it went as an action.
    case handOver(@Sendable () -> Action)
    /// Writes a control sequence Parley built straight to the terminal, then reports `then`.
    case writeControl([UInt8], then: Action)
    /// Nothing to write after all (the check said no); just reports `then`.
    case report(Action)
}
