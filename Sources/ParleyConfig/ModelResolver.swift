public import ParleyGateway

/// Turns what the user typed into model references and their providers: `provider:model`, a
/// bare id for the default provider, a comma-separated chain or a chain named in the
/// configuration.
public struct ModelResolver: Sendable {
    public let providers: [String: Provider]
    /// Providers the configuration names but that could not be set up, with the reason.
    public let unavailableProviders: [String: String]
    public let defaultModel: ModelRef
    public let chains: [String: [ModelRef]]

    public init(providers: [String: Provider], unavailableProviders: [String: String] = [:],
                defaultModel: ModelRef, chains: [String: [ModelRef]] = [:]) {
        self.providers = providers
        self.unavailableProviders = unavailableProviders
        self.defaultModel = defaultModel
        self.chains = chains
    }

    /// Why a reference cannot be used; the text is one line for the user.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// Resolves `text`. Model ids may hold colons (`llama3:8b`), so an unknown prefix stays part
    /// of the id — except where it can only have meant a provider: a bare word, on a default
    /// provider that is not a local or custom server (where ids with colons live).
    public func resolve(_ text: String) -> ModelRef {
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

    /// The provider of `model`, or the reason it cannot be used.
    public func provider(for model: ModelRef) throws(Problem) -> Provider {
        if let provider = providers[model.provider] { return provider }
        if let reason = unavailableProviders[model.provider] {
            throw Problem(description: "provider '\(model.provider)' is not usable: \(reason)")
        }
        let known = providers.keys.sorted().joined(separator: ", ")
        throw Problem(description: "unknown provider '\(model.provider)' in '\(model)' (known: \(known))")
    }

    /// The models of a named chain of the configuration, else of a comma-separated list (each
    /// checked to have a usable provider).
    public func chain(_ text: String) throws(Problem) -> [ModelRef] {
        if let named = chains[text] { return named }
        let models = ModelRef.splitChain(text).map(resolve)
        for model in models { _ = try provider(for: model) }
        return models
    }

    /// The models `text` names without checking their providers: for deciding what to start.
    public func mentioned(_ text: String) -> [ModelRef] {
        chains[text] ?? ModelRef.splitChain(text).map(resolve)
    }
}
