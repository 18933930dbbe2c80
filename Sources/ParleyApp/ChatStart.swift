public import Foundation
import ParleyConfig
import ParleyEngine
import ParleyGateway
import ParleyTerminal
public import ParleyUI

/// How `parley chat` starts: its flags, parsed, turned into the first state and the session
/// that performs the chat's commands.
public struct ChatStart: Sendable {
    public var model: String?
    public var fallback: String?
    public var theme: String?
    public var connection: ConnectionOptions

    public init(model: String? = nil, fallback: String? = nil, theme: String? = nil,
                connection: ConnectionOptions = ConnectionOptions()) {
        self.model = model
        self.fallback = fallback
        self.theme = theme
        self.connection = connection
    }

    /// Runs the chat in this terminal until it quits; a signal ends it with the interrupted status.
    /// `frameStatsPath`: where to write frame statistics as JSON at exit (bench/compare-render.sh).
    public func run(frameStatsPath: String?,
                    environment: [String: String] = ProcessInfo.processInfo.environment) async throws {
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure.usage("the chat needs a terminal; for scripts use `parley ask`")
        }
        // What the first frame does not need waits for it (the session does it first).
        let wiring = try await Wiring.make(connection, environment: environment, startup: .deferred)
        let state: AppState
        StartupTrace.mark("wiring ready")
        do {
            state = try await initialState(wiring, environment: environment)
        } catch {
            // The HTTP client traps if it is released without being shut down.
            await wiring.shutdown()
            throw error
        }
        StartupTrace.mark("first state ready")
        // The local servers' windows are asked for at once, before the first message is typed.
        var first = state
        let facts = first.localFactsRequests()
        let session = session(wiring, environment: environment, state: state)
        let exit: TerminalExit
        do {
            exit = try await TerminalRuntime.run(initial: first, effects: session,
                                                 options: TerminalOptions(frameStatsPath: frameStatsPath),
                                                 startup: first.startupCommands + [.loadHistory] + first.shapeStartupCommands + facts)
        } catch {
            await wiring.shutdown()
            throw CommandFailure.usage("cannot start the terminal: \(error)")
        }
        await wiring.shutdown()
        if case .signal = exit { throw CommandFailure(status: ExitStatus.interrupted, message: "") }
    }

    /// The effect handler for a chat that starts at `state`, with `/theme` looking where the
    /// configuration is.
    public func session(_ wiring: Wiring, environment: [String: String], state: AppState) -> ChatSession {
        let location = ConfigLocator(environment: environment).locate(flag: connection.config)
        return ChatSession(wiring: wiring, environment: environment,
                           themes: ThemeLoader(configDirectory: location.directory), effort: state.effort)
    }

    /// The chat's first state: flags first, then what the config file writes, then what the
    /// last chat chose; problems on the way become the first notice.
    public func initialState(_ wiring: Wiring, environment: [String: String]) async throws -> AppState {
        let configuration = wiring.configuration
        let isDemo = configuration == nil && connection.baseURL == nil
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
        let location = ConfigLocator(environment: environment).locate(flag: connection.config)
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
        state.localFactsProviders = Set(wiring.providers.filter { [.ollama, .llamacpp].contains($0.value.preset) }.keys)
        problems += state.restoreShape(roles: configuration?.roles ?? [:], remembered: remembered)
        if !keyProblems.isEmpty { problems.insert("config [keys]: " + keyProblems.joined(separator: "; "), at: 0) }
        if !problems.isEmpty {
            state.notice = Notice(problems.joined(separator: "; "), isError: true)
        }
        return state
    }
}
