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
}
