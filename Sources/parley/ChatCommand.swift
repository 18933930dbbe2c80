import ArgumentParser
import Foundation
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
        let wiring = try await Wiring.make(providerOptions, environment: environment)
        let state: AppState
        do {
            state = try await initialState(wiring, environment: environment)
        } catch {
            // The HTTP client traps if it is released without being shut down.
            await wiring.shutdown()
            throw error
        }
        let location = ConfigLocator(environment: environment).locate(flag: providerOptions.config)
        let session = ChatSession(wiring: wiring, environment: environment,
                                  themes: ThemeLoader(configDirectory: location.directory), effort: state.effort)
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

    private func initialState(_ wiring: Wiring, environment: [String: String]) async throws -> AppState {
        let configuration = wiring.configuration
        let isDemo = configuration == nil && providerOptions.baseURL == nil
        let written = configuration?.writtenKeys ?? []
        var problems: [String] = []
        let remembered: RememberedChoices
        do {
            remembered = try await wiring.store.rememberedChoices()
        } catch {
            remembered = RememberedChoices()
            problems.append("cannot read the remembered model, route and theme: \(error)")
        }

        // Flags first, then what the config file writes, then what the last chat chose.
        let location = ConfigLocator(environment: environment).locate(flag: providerOptions.config)
        let themes = ThemeLoader(configDirectory: location.directory)
        var chosenTheme: Theme
        do {
            if let name = theme ?? (written.contains("theme") ? configuration?.theme : nil) {
                chosenTheme = try themes.load(named: name, configFile: configuration?.sourcePath)
            } else if let name = remembered.theme, let loaded = try? themes.load(named: name, configFile: configuration?.sourcePath) {
                chosenTheme = loaded
            } else {
                if let name = remembered.theme { problems.append("the remembered theme '\(name)' no longer loads; using the default") }
                chosenTheme = try themes.load(named: configuration?.theme ?? ParleyConfiguration.defaultTheme,
                                              configFile: configuration?.sourcePath)
            }
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { chosenTheme = .monochrome }

        var keymap = Keymap.defaults
        let keyProblems = keymap.apply(overrides: configuration?.keyBindings ?? [:])

        let demoFavourites = ["fast", "slow", "cheap", "premium", "overloaded"].map { ModelRef(provider: Wiring.demoProviderName, model: $0) }
        var favourites = configuration?.favorites ?? []
        if favourites.isEmpty { favourites = isDemo ? demoFavourites : [wiring.defaultModel] }

        // The demo starts on a model that is overloaded, with a fallback that works, so the very
        // first message shows Parley retrying and falling back in the log.
        var current = model.map(wiring.resolve) ?? (isDemo ? ModelRef(provider: Wiring.demoProviderName, model: "overloaded") : wiring.defaultModel)
        _ = try wiring.provider(for: current)
        var fallbacks: [ModelRef] = []
        if let fallback { fallbacks = try wiring.chain(fallback) }
        else if isDemo && model == nil { fallbacks = [ModelRef(provider: Wiring.demoProviderName, model: "fast")] }
        if !favourites.contains(current) { favourites.insert(current, at: 0) }
        if model == nil, !isDemo, let first = favourites.first { current = configuration?.defaultModel ?? first }
        if model == nil, fallback == nil, configuration?.defaultModel == nil, let first = remembered.chain.first {
            if let gone = remembered.chain.first(where: { wiring.providers[$0.provider] == nil }) {
                problems.append("the remembered model \(VisibleText.make(gone.description)) is not available now; starting on \(current)")
            } else {
                current = first
                fallbacks = Array(remembered.chain.dropFirst())
            }
        }

        var route = configuration?.route ?? .ordered
        if !written.contains("route"), let chosen = remembered.route {
            route = chosen
        }
        var state = AppState(model: current, favourites: favourites, theme: chosenTheme,
                             welcome: Welcome.text(isDemo: isDemo, keymap: keymap,
                                                   configPath: location.displayPath),
                             keymap: keymap,
                             fallbacks: fallbacks, route: route)
        state.showLog = isDemo
        state.chains = configuration?.chains ?? [:]
        problems += state.restoreShape(roles: configuration?.roles ?? [:], remembered: remembered)
        if !keyProblems.isEmpty { problems.insert("config [keys]: " + keyProblems.joined(separator: "; "), at: 0) }
        if !problems.isEmpty {
            state.notice = Notice(problems.joined(separator: "; "), isError: true)
        }
        return state
    }
}

/// The first screen's text.
enum Welcome {
    /// `configPath` is where this run looks for its configuration (`PARLEY_HOME`, `--config`, …).
    static func text(isDemo: Bool, keymap: Keymap, configPath: String) -> String {
        func keys(_ command: KeyCommand) -> String {
            keymap.keys(for: command).map(KeyBinding.describe).joined(separator: "/")
        }
        var lines = [
            "Welcome to Parley: one chat for every model behind your gateways.",
            "",
            "Enter sends · \(keys(.newline)) new line · \(keys(.nextModel)) next model · \(keys(.openPicker)) model picker",
            "\(keys(.toggleLog)) fallback log · \(keys(.cancel)) cancel · \(keys(.retry)) retry · \(keys(.help)) help · /help commands",
        ]
        if isDemo {
            lines += [
                "",
                "You are on the built-in demo gateway: simulated models, offline, free.",
                "demo:overloaded always answers 503: on it, the log below shows Parley retrying and",
                "falling back. Try /compare demo:fast demo:slow demo:premium, or the picker for more.",
                "",
                "To use real models, run `parley setup`, or write \(configPath)",
                "(see docs/getting-started.md) and set your key in an environment variable.",
            ]
        }
        return lines.joined(separator: "\n")
    }
}
