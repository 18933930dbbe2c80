public import Foundation
public import ParleyConfig
public import ParleyEngine
public import ParleyGateway
import ParleySim

/// Where a command's configuration and endpoint come from: the shared flags, parsed.
public struct ConnectionOptions: Sendable {
    public var config: String?
    public var baseURL: String?
    public var apiKeyEnv: String?

    public init(config: String? = nil, baseURL: String? = nil, apiKeyEnv: String? = nil) {
        self.config = config
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
    }
}

/// Everything a command needs to reach models, built once per process from the configuration
/// and the command line: providers, how model references resolve, the gateway client, the
/// Conductor and the Store. With no configuration it is the built-in demo gateway: the
/// simulator, started in this process on a loopback port — only when a demo model is used.
public final class Wiring: Sendable {
    public static let demoProviderName = DemoGateway.providerName
    public static let customProviderName = "custom"

    /// Which models a command may use, to decide whether the demo gateway is started.
    public typealias DemoUse = DemoGateway.Use

    /// The loaded configuration; `nil` when there is none (the demo).
    public let configuration: ParleyConfiguration?
    public let resolver: ModelResolver
    public let client: GatewayClient
    public let conductor: Conductor
    public let store: Store
    public let policy: ConductorPolicy
    /// What local servers (Ollama, llama.cpp) said of their models this session.
    public let localFacts: LocalFactsCache
    private let demoServer: DemoServer?
    /// Whether `performDeferredStartup` is still to be called (`make(startup: .deferred)`).
    public let startupDeferred: Bool

    public var providers: [String: Provider] { resolver.providers }
    public var unavailableProviders: [String: String] { resolver.unavailableProviders }
    public var defaultModel: ModelRef { resolver.defaultModel }
    public var catalogues: CatalogueCache { CatalogueCache(store: store, providers: providers, client: client) }

    /// The turn protocol with this configuration's budget.
    public var turn: ConversationTurn {
        let budget = configuration?.budget
        let guardrail = budget.map { BudgetGuard(dailyLimit: $0.dailyUSD, perConversationLimit: $0.conversationUSD) }
        return ConversationTurn(store: store, conductor: conductor, budget: guardrail)
    }

    /// When the start-up work that no first screen needs is done (the demo gateway's server
    /// started, the store's start-up writes): before `make` returns (every command but the
    /// chat), or when the caller asks (`performDeferredStartup`: the chat, once its first frame
    /// is drawn).
    public enum Startup: Sendable {
        case complete
        case deferred
    }

    private init(configuration: ParleyConfiguration?, resolver: ModelResolver, client: GatewayClient,
                 conductor: Conductor, store: Store, policy: ConductorPolicy, demoServer: DemoServer?,
                 startupDeferred: Bool) {
        self.configuration = configuration
        self.resolver = resolver
        self.client = client
        self.conductor = conductor
        self.store = store
        self.policy = policy
        self.demoServer = demoServer
        self.startupDeferred = startupDeferred
        self.localFacts = LocalFactsCache(providers: resolver.providers, client: client)
    }

    /// Builds the wiring. `adjustPolicy` lets a command apply its own flags (timeouts) on top of
    /// the configuration.
    public static func make(_ options: ConnectionOptions,
                     environment: [String: String] = ProcessInfo.processInfo.environment,
                     wholeAnswers: Bool = false, demo: DemoUse = .always, startup: Startup = .complete,
                     adjustPolicy: (inout ConductorPolicy) -> Void = { _ in }) async throws -> Wiring {
        let configuration: ParleyConfiguration?
        do {
            configuration = try ConfigLocator(environment: environment).load(flag: options.config)
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }

        var providers: [String: Provider] = [:]
        var unavailable: [String: String] = [:]
        for settings in configuration?.providers ?? [] {
            do {
                providers[settings.name] = try settings.resolveLazily(environment: environment)
            } catch {
                unavailable[settings.name] = String(describing: error)
            }
        }

        var defaultModel = configuration?.defaultModel ?? configuration?.favorites.first
        if let baseURL = options.baseURL {
            if let problem = EndpointURL.problem(in: baseURL) {
                throw CommandFailure.usage("--base-url \(TextSanitizer.makeVisible(baseURL)): \(problem)")
            }
            var key: Secret?
            if let variable = options.apiKeyEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw CommandFailure.usage("--api-key-env \(variable): that environment variable is not set")
                }
                key = Secret(value)
            }
            providers[customProviderName] = Provider(name: customProviderName, preset: .custom, baseURL: baseURL, apiKey: key)
            defaultModel = ModelRef(provider: customProviderName, model: "default")
        } else if options.apiKeyEnv != nil {
            throw CommandFailure.usage("--api-key-env needs --base-url")
        }
        let chosenDefault = defaultModel ?? ModelRef(provider: demoProviderName, model: "fast")

        // The demo gateway is there unless the configuration claims the name: it lets a user try
        // fallback and comparison without spending anything. It starts only when it may be used.
        var needsDemo = false
        if providers[demoProviderName] == nil && unavailable[demoProviderName] == nil {
            var withDemo = providers
            withDemo[demoProviderName] = Provider(name: demoProviderName, preset: .demo, baseURL: "http://127.0.0.1:1/v1")
            let probe = ModelResolver(providers: withDemo, unavailableProviders: unavailable,
                                      defaultModel: chosenDefault, chains: configuration?.chains ?? [:])
            needsDemo = DemoGateway.isNeeded(demo, probe: probe)
        }
        // The demo's socket is bound now (its address goes into the provider); its server
        // starts while the database opens, or, for the chat, after the first frame.
        let demoServer: DemoServer?
        do {
            demoServer = needsDemo ? try DemoServer() : nil
        } catch {
            throw CommandFailure.usage(String(describing: error))
        }
        if let demoServer {
            providers[demoProviderName] = Provider(name: demoProviderName, preset: .demo, baseURL: demoServer.baseURL)
        }
        async let startedDemo: Void? = startup == .complete ? demoServer?.start() : ()

        let storeURL = Store.defaultURL(environment: environment)
        let opened = Result { try Store(url: storeURL) }
        StartupTrace.mark("store opened")
        var demoFailure: (any Error)?
        do { try await startedDemo } catch { demoFailure = error }
        let store: Store
        do {
            store = try opened.get()
        } catch {
            await demoServer?.shutdown()
            throw CommandFailure(status: ExitStatus.storage, message: "cannot open \(storeURL.path): \(error)")
        }
        if let demoFailure {
            await demoServer?.shutdown()
            throw CommandFailure.usage(Self.demoProblem(demoFailure))
        }
        if startup == .complete { await Self.storeUpkeep(store, demo: demoServer != nil) }

        var policy = ConductorPolicy()
        if let configuration {
            policy.timeouts = configuration.timeouts
            policy.maxRetries = configuration.retry.maxRetries
            policy.maxRetryAfter = configuration.retry.maxRetryAfter
            policy.coolDown = configuration.retry.cooldown
        }
        adjustPolicy(&policy)

        let client = GatewayClient(connectTimeout: policy.timeouts.connect ?? .seconds(10))
        let transport: any ChatTransport = wholeAnswers ? WholeAnswerTransport(client: client) : client
        let conductor = Conductor(providers: providers, transport: transport, catalogue: store, history: store,
                                  policy: policy)
        let resolver = ModelResolver(providers: providers, unavailableProviders: unavailable,
                                     defaultModel: chosenDefault, chains: configuration?.chains ?? [:])
        return Wiring(configuration: configuration, resolver: resolver, client: client, conductor: conductor,
                      store: store, policy: policy, demoServer: demoServer,
                      startupDeferred: startup == .deferred)
    }

    /// The work `make(startup: .deferred)` left: the demo gateway's server started and the
    /// store's start-up writes. Call once, before any request or any read of the store's
    /// messages or catalogue. The chat does it after its first frame, where the server's set-up
    /// and the first write's (a few milliseconds of NIO's, GRDB's and the runtime's first use
    /// of their types) do not hold the frame up. Returns what went wrong, to be shown: the demo
    /// gateway that did not start.
    public func performDeferredStartup() async -> String? {
        async let startedDemo: Void? = demoServer?.start()
        await Self.storeUpkeep(store, demo: demoServer != nil)
        do {
            try await startedDemo
            return nil
        } catch {
            return Self.demoProblem(error)
        }
    }

    private static func demoProblem(_ error: any Error) -> String {
        "the demo gateway did not start: \(error)"
    }

    private static func storeUpkeep(_ store: Store, demo: Bool) async {
        // Answers a killed process left `streaming` are marked interrupted. Best effort: a
        // database that cannot be written fails later, where the failure is reported.
        _ = try? await store.recoverInterruptedMessages()
        if demo { await seedDemoCatalogue(store) }
    }

    /// The simulator's prices feed the `cheapest` route and the cost column like a real
    /// catalogue; written once a day, not on every start.
    private static func seedDemoCatalogue(_ store: Store) async {
        let models = SimCatalogue.models.map {
            ModelInfo(id: $0.id, name: $0.name, contextLength: $0.contextLength,
                      promptPricePerMillion: NSDecimalNumber(decimal: $0.promptPrice * 1_000_000).doubleValue,
                      completionPricePerMillion: NSDecimalNumber(decimal: $0.completionPrice * 1_000_000).doubleValue)
        }
        _ = try? await store.saveCatalogue(models, provider: demoProviderName, unlessFresherThan: CatalogueCache.maxAge)
    }

    public func resolve(_ text: String) -> ModelRef { resolver.resolve(text) }

    /// The provider of `model`, or a usage error that says why it cannot be used.
    public func provider(for model: ModelRef) throws -> Provider {
        do { return try resolver.provider(for: model) } catch { throw CommandFailure.usage(error.description) }
    }

    /// Resolves a comma-separated list or a named chain of the configuration.
    public func chain(_ text: String) throws -> [ModelRef] {
        do { return try resolver.chain(text) } catch { throw CommandFailure.usage(error.description) }
    }

    /// Runs a headless command's work with Ctrl-C handled, shuts down whatever happens, and
    /// turns a non-zero status into the command's exit status.
    public func runHeadless(_ work: () async throws -> Int32) async throws {
        let interrupt = InterruptHandler.install()
        defer { interrupt.cancel() }
        let status: Int32
        do {
            status = try await work()
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
        if status != ExitStatus.success { throw CommandFailure(status: status, message: "") }
    }

    public func shutdown() async {
        try? await client.shutdown()
        await demoServer?.shutdown()
    }
}
