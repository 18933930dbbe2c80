/// `models = [...]` in a provider's configuration, beside what its `/models` lists: Azure lists
/// base models where requests name deployments, and Bedrock's runtime endpoint and Vertex list
/// nothing, so the configured ids are what the picker, completion and `parley models` offer.
public enum ConfiguredModels {
    /// The configured models first (with the live entry's details when it lists the same id),
    /// then the live ones not configured; no id twice.
    public static func merge(configured: [String], live: [ModelInfo], preset: Provider.Preset) -> [ModelInfo] {
        let ids = configured.map { ModelID.forRequest($0, preset: preset) }
        let liveByID = Dictionary(live.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen = Set<String>()
        var merged: [ModelInfo] = []
        for id in ids where seen.insert(id).inserted {
            merged.append(liveByID[id] ?? ModelInfo(id: id))
        }
        for model in live where seen.insert(model.id).inserted { merged.append(model) }
        return merged
    }

    /// What to list when `GET /models` failed: the configured models when the endpoint simply
    /// has none (404, 405, 501), nil otherwise (a wrong key is worth reporting even then).
    public static func instead(of error: GatewayError, configured: [String], preset: Provider.Preset) -> [ModelInfo]? {
        guard !configured.isEmpty else { return nil }
        switch error.status {
        case 404?, 405?, 501?: return merge(configured: configured, live: [], preset: preset)
        default: return nil
        }
    }
}

/// Model ids as requests take them.
public enum ModelID {
    /// Gemini lists `models/gemini-2.5-flash` and takes `gemini-2.5-flash`: a user who copies the
    /// listed form (or configures it) still sends the form requests take.
    public static func forRequest(_ id: String, preset: Provider.Preset) -> String {
        preset == .gemini ? CatalogueDecoder.withoutResourcePrefix(id) : id
    }

    /// `request` with its model id in the form `provider` takes.
    static func adjusted(_ request: ChatRequest, for provider: Provider) -> ChatRequest {
        var request = request
        request.model = forRequest(request.model, preset: provider.preset)
        return request
    }
}
