import Foundation
public import ParleyUI

/// The entry point the executable calls to run the interactive UI.
///
/// ```swift
/// let exit = try await TerminalRuntime.run(initial: state, effects: handler)
/// if case .signal = exit { Foundation.exit(130) }
/// ```
///
/// It takes over the terminal (ncursesw, raw mode, bracketed paste, mouse wheel), sends
/// `.input(.resize(width:height:))` with the terminal's size first, then feeds every key,
/// paste, wheel and resize as `.input(…)`, and every action an effect dispatches, through
/// `reduce`; it performs the returned commands with `effects.perform` in new tasks and draws
/// `render(state)` at most once per `frameInterval`, only when something changed. It returns
/// once `state.wantsQuit` is set, on SIGTERM/SIGINT/SIGHUP, or when the calling task is
/// cancelled, with the terminal restored and still-running effect tasks cancelled (but for
/// `.remember` writes, which are waited for, at most 2 s). All
/// ncurses calls happen on one dedicated thread.
///
/// `startup` commands are performed shortly after the first frame is drawn (`startupWorkDelay`).
///
/// Throws `TerminalError` when stdin/stdout is not a terminal or ncurses cannot start.
public enum TerminalRuntime {
    @discardableResult
    public static func run(initial: AppState, effects: any EffectHandler,
                           options: TerminalOptions = TerminalOptions(),
                           startup: [Command] = []) async throws -> TerminalExit {
        let program = LoopProgram<AppState, Action, Command>(
            reduce: { state, action in ParleyUI.reduce(&state, action) },
            render: { state in ParleyUI.render(state) },
            wantsQuit: { $0.wantsQuit },
            input: { .input($0) },
            coalesce: Action.coalescingEngineEvents,
            terminalWork: terminalWork,
            // A choice made just before quitting is still written for the next chat.
            finishesBeforeExit: { if case .remember = $0 { true } else { false } })
        return try await TerminalSession.run(initial: initial, program: program, options: options,
                                             startup: startup) {
            command, dispatch in
            await effects.perform(command, dispatch: dispatch)
        }
    }

    /// The commands that need the terminal itself: the editor takes it over, a copy writes OSC 52.
    @Sendable static func terminalWork(_ command: Command) -> TerminalWork<Action>? {
        switch command {
        case .openEditor(let draft):
            return .handOver { .editorFinished(ExternalEditor.edit(draft)) }
        case .copyToClipboard(let text, let what):
            let environment = ProcessInfo.processInfo.environment
            if let problem = Clipboard.problem(environment: environment, text: text) { return .report(.error(problem)) }
            return .writeControl(Clipboard.sequence(for: text),
                                 then: .notice("copied \(what) (\(text.count) characters) to the clipboard with OSC 52"))
        default:
            return nil
        }
    }
}
