public import ParleyGateway
public import ParleyUI

/// `parley models`'s body: every provider's catalogue (or one's), to `output`.
public struct ModelsListing: Sendable {
    /// `models`'s flags, parsed.
    public struct Options: Sendable {
        /// Only this provider.
        public var provider: String?
        public var json = false

        public init(provider: String? = nil, json: Bool = false) {
            self.provider = provider
            self.json = json
        }
    }

    public var options: Options
    public var output: HeadlessOutput

    public init(_ options: Options, output: HeadlessOutput = HeadlessTurn.output) {
        self.options = options
        self.output = output
    }

    /// Lists the catalogues; returns the exit status (1 when a provider could not be listed).
    public func list(_ wiring: Wiring) async throws -> Int32 {
        let names = try selectedProviders(wiring)
        let results = await Self.catalogues(of: names.compactMap { wiring.providers[$0] }, client: wiring.client)

        var rows: [(provider: String, model: ModelInfo)] = []
        var configuredIDs: Set<String> = []
        var failures = 0
        for (name, result) in results {
            let provider = wiring.providers[name]
            let configured = provider?.configuredModels ?? []
            let preset = provider?.preset ?? .custom
            for id in configured { configuredIDs.insert("\(name):\(ModelID.forRequest(id, preset: preset))") }
            switch result {
            case .success(var models):
                // llama-server lists the trained length; the window it runs with is in `/props`.
                if preset == .llamacpp, let provider { models = await Self.withServerWindow(models, provider: provider, client: wiring.client) }
                // Configured entries first, in the configuration's order; then the listed ones.
                let live = models.sorted { $0.id < $1.id }
                rows += ConfiguredModels.merge(configured: configured, live: live, preset: preset).map { (name, $0) }
            case .failure(let error):
                if let instead = ConfiguredModels.instead(of: error, configured: configured, preset: preset) {
                    rows += instead.map { (name, $0) }
                    continue
                }
                failures += 1
                output.error("\(name): \(error.summary)")
            }
        }
        output.out(options.json ? ModelsReport.json(rows, configured: configuredIDs) + "\n" : ModelsReport.table(rows, configured: configuredIDs))
        return failures > 0 ? ExitStatus.modelFailed : ExitStatus.success
    }

    /// `models` with the window llama.cpp's server runs them with in place of the trained length.
    /// A llama-server serves one model and `/props` speaks of it; a list of several (a router in
    /// front of many) keeps the trained lengths, labelled so.
    static func withServerWindow(_ models: [ModelInfo], provider: Provider, client: GatewayClient) async -> [ModelInfo] {
        guard models.count == 1, var only = models.first,
              let window = await client.localModelFacts(model: only.id, provider: provider)?.contextWindow else { return models }
        only.contextLength = window
        only.contextLengthIsTrained = false
        return [only]
    }

    /// Asks every provider at once; one failing provider doesn't hide the others. Results come
    /// back in the order of `providers`.
    ///
    /// One child task per provider, awaited in order, each returning a `Result` (no tuple).
    ///
    /// Why not a task group of `(position, result)` tuples: Swift 6.3.1 miscompiles, at -O only,
    /// an async closure that returns `(captured, try await f())` from inside `do`/`catch`: the
    /// captured element comes back as garbage (another child's position, or a pointer). The
    /// release build therefore matched lists to the wrong providers or to none, and the old
    /// `results[name]!` trapped on every run. Binding the awaited value first
    /// (`let v = try await f(); return (captured, v)`) and returning a struct both compile
    /// correctly; a 30-line reproduction is in docs/architecture.md ("Toolchain pitfalls").
    public static func catalogues(of providers: [Provider], client: GatewayClient) async
        -> [(String, Result<[ModelInfo], GatewayError>)] {
        let tasks = providers.map { provider in
            Task { () -> Result<[ModelInfo], GatewayError> in
                do {
                    return .success(try await client.listModels(provider: provider, timeout: .seconds(15)))
                } catch {
                    return .failure((error as? GatewayError) ?? .network(message: "\(error)"))
                }
            }
        }
        var results: [(String, Result<[ModelInfo], GatewayError>)] = []
        for (provider, task) in zip(providers, tasks) {
            results.append((provider.name, await task.value))
        }
        return results
    }

    private func selectedProviders(_ wiring: Wiring) throws -> [String] {
        guard let provider = options.provider else { return wiring.providers.keys.sorted() }
        guard wiring.providers[provider] != nil else {
            throw CommandFailure.usage("unknown provider '\(provider)' (known: \(wiring.providers.keys.sorted().joined(separator: ", ")))")
        }
        return [provider]
    }
}
