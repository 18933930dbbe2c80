import ArgumentParser
import ParleyApp

/// `parley` / `parley chat`: the full-screen chat.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Open the full-screen chat (the default when no subcommand is given).",
        discussion: """
            Enter sends, Ctrl-J or Alt-Enter adds a line, Ctrl-N / Ctrl-P switch models, Ctrl-O opens the \
            model picker, Ctrl-L the fallback log, F1 or ? the help. See docs/keys.md.
            """
    ).parsedAlone()

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
        try await ChatStart(model: model, fallback: fallback, theme: theme, connection: providerOptions.connection)
            .run(frameStatsPath: frameStatsPath)
    }

    /// What `run` does when no option is given: `parley` alone starts here, without the parser.
    static func runWithDefaults() async throws {
        try await ChatStart(connection: ConnectionOptions()).run(frameStatsPath: nil)
    }
}
