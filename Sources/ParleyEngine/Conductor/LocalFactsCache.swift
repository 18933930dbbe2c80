public import ParleyGateway

/// What local servers said of their models, asked once a model a session: Ollama's real window
/// (which its `/v1` cuts conversations to silently) and llama.cpp's `n_ctx`. A lookup that fails
/// is remembered as "nothing said", so a server that is down costs one timeout, not one a message.
public actor LocalFactsCache {
    private let providers: [String: Provider]
    private let client: GatewayClient
    /// nil values: asked, and the server said nothing useful.
    private var known: [ModelRef: LocalModelFacts?] = [:]
    private var pending: [ModelRef: Task<LocalModelFacts?, Never>] = [:]
    /// Models asked again after a turn loaded them (each once).
    private var refreshed: Set<ModelRef> = []
    private let timeout: Duration

    public init(providers: [String: Provider], client: GatewayClient, timeout: Duration = .seconds(3)) {
        self.providers = providers
        self.client = client
        self.timeout = timeout
    }

    /// Whether `model`'s provider is a local server that can be asked (Ollama, llama.cpp).
    public nonisolated func canAsk(about model: ModelRef) -> Bool {
        guard let preset = providers[model.provider]?.preset else { return false }
        return preset == .ollama || preset == .llamacpp
    }

    /// The facts of `model`, asked of its server the first time; nil for other providers and
    /// when the server did not say.
    public func facts(for model: ModelRef) async -> LocalModelFacts? {
        if let answer = known[model] { return answer }
        if let task = pending[model] { return await task.value }
        guard canAsk(about: model), let provider = providers[model.provider] else { return nil }
        let client = client, timeout = timeout
        let task = Task { await client.localModelFacts(model: model.model, provider: provider, timeout: timeout) }
        pending[model] = task
        let answer = await task.value
        pending[model] = nil
        known[model] = .some(answer)
        return answer
    }

    /// After a turn on `model`: Ollama loads a model on its first request, and only a loaded
    /// model's window (`/api/ps`) is certain, so a window that was a Modelfile's or the default
    /// is asked once more. Returns the new facts when they differ from the old.
    public func refreshAfterTurn(_ model: ModelRef) async -> LocalModelFacts? {
        guard let entry = known[model], let old = entry, old.server == .ollama, old.windowSource != .loaded,
              refreshed.insert(model).inserted, let provider = providers[model.provider] else { return nil }
        guard let new = await client.localModelFacts(model: model.model, provider: provider, timeout: timeout),
              new != old else { return nil }
        known[model] = .some(new)
        return new
    }
}
