import ArgumentParser
import Foundation
import ParleyConfig
import ParleyEngine
import ParleyGateway
import ParleySim

/// Options every command that talks to a provider shares.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $PARLEY_CONFIG, else $PARLEY_HOME/config.toml, else $XDG_CONFIG_HOME/parley/config.toml).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Talk to this OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1); bare model ids then go to it.", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Environment variable that holds the API key for --base-url.", valueName: "var"))
    var apiKeyEnv: String?
}

/// Everything a command needs to reach models, built once per process from the configuration
/// and the command line: providers, how model references resolve, the gateway client, the
/// Conductor and the Store. With no configuration it is the built-in demo gateway: the
/// simulator, started in this process on a loopback port.
final class Wiring: Sendable {
    static let demoProviderName = "demo"
    static let customProviderName = "custom"

    /// The loaded configuration; `nil` when there is none (the demo).
    let configuration: ParleyConfiguration?
    let providers: [String: Provider]
    /// Providers the configuration names but that could not be set up (a key variable not set,
    /// a failing key command), with the reason: only an error when one of their models is used.
    let unavailableProviders: [String: String]
    let defaultModel: ModelRef
    let client: GatewayClient
    let conductor: Conductor
    let store: Store
    let policy: ConductorPolicy
    private let demoServer: SimServer?

    private init(configuration: ParleyConfiguration?, providers: [String: Provider],
                 unavailableProviders: [String: String], defaultModel: ModelRef, client: GatewayClient,
                 conductor: Conductor, store: Store, policy: ConductorPolicy, demoServer: SimServer?) {
        self.configuration = configuration
        self.providers = providers
        self.unavailableProviders = unavailableProviders
        self.defaultModel = defaultModel
        self.client = client
        self.conductor = conductor
        self.store = store
        self.policy = policy
        self.demoServer = demoServer
    }

    /// Builds the wiring. `adjustPolicy` lets a command apply its own flags (timeouts) on top of
    /// the configuration.
    static func make(_ options: ProviderOptions,
                     environment: [String: String] = ProcessInfo.processInfo.environment,
                     wholeAnswers: Bool = false,
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

        // The demo gateway is always there unless the configuration claims the name: it lets a
        // user try fallback and comparison without spending anything.
        var demo: SimServer?
        if providers[demoProviderName] == nil && unavailable[demoProviderName] == nil {
            let server = try await SimServer.start(host: "127.0.0.1", port: 0)
            providers[demoProviderName] = Provider(name: demoProviderName, preset: .demo, baseURL: server.baseURL)
            demo = server
        }

        let store: Store
        let storeURL = Store.defaultURL(environment: environment)
        do {
            store = try Store(url: storeURL)
        } catch {
            throw CommandFailure(status: ExitStatus.modelFailed, message: "cannot open \(storeURL.path): \(error)")
        }
        // Answers a killed process left `streaming` are marked interrupted. Best effort: on a
        // read-only or locked database the read-only commands must still work.
        _ = try? await store.recoverInterruptedMessages()
        let demoCatalogueIsFresh = (try? await store.catalogue(provider: demoProviderName))
            .map { !$0.isStale(maxAge: Self.catalogueMaxAge) } ?? false
        if demo != nil && !demoCatalogueIsFresh {
            // The simulator's prices feed the `cheapest` route and the cost column like a real
            // catalogue; written once a day, not on every start.
            let models = SimCatalogue.models.map {
                ModelInfo(id: $0.id, name: $0.name, contextLength: $0.contextLength,
                          promptPricePerMillion: NSDecimalNumber(decimal: $0.promptPrice * 1_000_000).doubleValue,
                          completionPricePerMillion: NSDecimalNumber(decimal: $0.completionPrice * 1_000_000).doubleValue)
            }
            try? await store.saveCatalogue(models, provider: demoProviderName)
        }

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
        return Wiring(configuration: configuration, providers: providers, unavailableProviders: unavailable,
                      defaultModel: defaultModel ?? ModelRef(provider: demoProviderName, model: "fast"),
                      client: client, conductor: conductor, store: store, policy: policy, demoServer: demo)
    }

    /// Resolves what the user typed: `provider:model`, or a bare id for the default provider.
    /// Model ids may hold colons (`llama3:8b`), so an unknown prefix stays part of the id — except
    /// where it can only have meant a provider: a bare word, on a default provider that is not
    /// a local or custom server (where ids with colons live).
    func resolve(_ text: String) -> ModelRef {
        var known = Set(providers.keys)
        known.formUnion(unavailableProviders.keys)
        var reference = ModelRef.parse(text, knownProviders: known, defaultProvider: defaultModel.provider)
        // Gemini's listed form `models/…` is shown and recorded as requests take it.
        if let preset = providers[reference.provider]?.preset {
            reference = ModelRef(provider: reference.provider, model: ModelID.forRequest(reference.model, preset: preset))
        }
        let defaultPreset = providers[defaultModel.provider]?.preset
        let idsMayHoldColons = [.ollama, .llamacpp, .lmstudio, .custom, .litellm, .bedrock].contains(defaultPreset)
        if reference.provider == defaultModel.provider, !idsMayHoldColons, let colon = text.firstIndex(of: ":") {
            let prefix = text[..<colon]
            if !prefix.isEmpty, prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
               !known.contains(String(prefix)) {
                return ModelRef(provider: String(prefix), model: String(text[text.index(after: colon)...]))
            }
        }
        return reference
    }

    /// The provider of `model`, or a usage error that says why it cannot be used.
    func provider(for model: ModelRef) throws -> Provider {
        if let provider = providers[model.provider] { return provider }
        if let reason = unavailableProviders[model.provider] {
            throw CommandFailure.usage("provider '\(model.provider)' is not usable: \(reason)")
        }
        let known = providers.keys.sorted().joined(separator: ", ")
        throw CommandFailure.usage("unknown provider '\(model.provider)' in '\(model)' (known: \(known))")
    }

    /// Resolves a comma-separated list or a named chain of the configuration.
    func chain(_ text: String) throws -> [ModelRef] {
        if let named = configuration?.chains[text] { return named }
        let models = ModelRef.splitChain(text).map(resolve)
        for model in models { _ = try provider(for: model) }
        return models
    }

    /// How long a provider's cached `/models` list is used before it is fetched again.
    static let catalogueMaxAge: TimeInterval = 86_400

    /// A provider's catalogue: from the store while fresh, else fetched and cached. `nil` when the
    /// provider is unknown or did not answer within `timeout` (prices are best effort).
    func catalogue(of name: String, timeout: Duration) async -> [ModelInfo]? {
        let configured = providers[name]?.configuredModels ?? []
        let preset = providers[name]?.preset ?? .custom
        if let cached = try? await store.catalogue(provider: name), !cached.isStale(maxAge: Self.catalogueMaxAge) {
            return ConfiguredModels.merge(configured: configured, live: cached.models, preset: preset)
        }
        guard let provider = providers[name] else { return nil }
        do {
            let models = try await client.listModels(provider: provider, timeout: timeout)
            try? await store.saveCatalogue(models, provider: name)
            return ConfiguredModels.merge(configured: configured, live: models, preset: preset)
        } catch {
            // Bedrock's runtime endpoint and Vertex list nothing: the configuration's list stands.
            return configured.isEmpty ? nil : ConfiguredModels.merge(configured: configured, live: [], preset: preset)
        }
    }

    /// Runs a headless command's work with Ctrl-C handled, shuts down whatever happens, and
    /// turns a non-zero status into the command's exit status.
    func runHeadless(_ work: () async throws -> Int32) async throws {
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

    func shutdown() async {
        try? await client.shutdown()
        try? await demoServer?.shutdown()
    }
}
