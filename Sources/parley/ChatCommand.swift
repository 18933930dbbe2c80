import ArgumentParser
import Foundation
import ParleyApp
import ParleyConfig
import ParleyEngine
import ParleyGateway
import ParleyTerminal
import ParleyUI

/// `parley` / `parley chat`: the full-screen chat.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Open the full-screen chat (the default when no subcommand is given).",
        discussion: """
            Enter sends, Ctrl-J or Alt-Enter adds a line, Ctrl-N / Ctrl-P switch models, Ctrl-O opens the \
            model picker, Ctrl-L the fallback log, F1 or ? the help. See docs/keys.md.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Model to start with, provider:model.", valueName: "model"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Models to fall back to, comma-separated, or a chain name from the configuration.", valueName: "models"))
    var fallback: String?

    @Option(name: .long, help: ArgumentHelp("Colour theme: dark, light, high-contrast, nord, monochrome, or a theme file.", valueName: "name"))
    var theme: String?

    @OptionGroup var providerOptions: ProviderOptions

    /// For bench/compare-render.sh: frames, frame times and key latency, as JSON, at exit.
    @Option(name: .customLong("frame-stats"), help: .hidden)
    var frameStatsPath: String?

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure.usage("the chat needs a terminal; for scripts use `parley ask`")
        }
        let environment = ProcessInfo.processInfo.environment
        let start = ChatStart(model: model, fallback: fallback, theme: theme, connection: providerOptions.connection)
        let wiring = try await Wiring.make(providerOptions.connection, environment: environment)
        let state: AppState
        do {
            state = try await start.initialState(wiring, environment: environment)
        } catch {
            // The HTTP client traps if it is released without being shut down.
            await wiring.shutdown()
            throw error
        }
        let session = start.session(wiring, environment: environment, state: state)
        let exit: TerminalExit
        do {
            exit = try await TerminalRuntime.run(initial: state, effects: session,
                                                 options: TerminalOptions(frameStatsPath: frameStatsPath),
                                                 startup: state.startupCommands + [.loadHistory] + state.shapeStartupCommands)
        } catch {
            await wiring.shutdown()
            throw CommandFailure.usage("cannot start the terminal: \(error)")
        }
        await wiring.shutdown()
        if case .signal = exit { throw CommandFailure(status: ExitStatus.interrupted, message: "") }
    }
}
