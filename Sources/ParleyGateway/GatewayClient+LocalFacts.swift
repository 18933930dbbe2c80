import Foundation

extension ResponseLimits {
    /// A local server's answer about one model (Ollama's `/api/show` carries the licence and
    /// the template, llama.cpp's `/props` the chat template): plenty for those, small enough to
    /// hold at once.
    public static let modelDetailsBytes = 4 << 20
}

extension GatewayClient {
    /// What the local server behind `provider` says of `model` as it runs it: Ollama's window
    /// (`/api/ps` when loaded, else `num_ctx` from `/api/show`, else its default capped by the
    /// trained length) and vision capability; llama.cpp's slot window and vision from `/props`.
    /// Nil for other presets and whenever the server does not answer usefully within `timeout`:
    /// the lookup only sharpens the context guard, it never stands in the way of a request.
    public func localModelFacts(model: String, provider: Provider,
                                timeout: Duration = .seconds(3)) async -> LocalModelFacts? {
        guard let root = EndpointURL.nativeRoot(of: provider.baseURL) else { return nil }
        switch provider.preset {
        case .ollama:
            let name = String(model.prefix(1024))
            async let loaded = try? nativeJSON(root + "/api/ps", body: nil, provider: provider, timeout: timeout,
                                               limit: ResponseLimits.modelDetailsBytes)
            let request = try? JSONEncoder().encode(["model": name])
            async let shown = try? nativeJSON(root + "/api/show", body: request ?? Data(), provider: provider,
                                              timeout: timeout, limit: ResponseLimits.modelDetailsBytes)
            let window = await loaded.flatMap { LocalModelFactsDecoder.ollamaLoadedWindow($0, model: name) }
            let show = await shown.flatMap(LocalModelFactsDecoder.ollamaShow)
            return LocalModelFactsDecoder.ollamaFacts(show: show, loadedWindow: window)
        case .llamacpp:
            guard let body = try? await nativeJSON(root + "/props", body: nil, provider: provider, timeout: timeout,
                                                   limit: ResponseLimits.modelDetailsBytes),
                  let props = LocalModelFactsDecoder.llamaCppProps(body),
                  props.window != nil || props.vision != nil else { return nil }
            return LocalModelFacts(server: .llamaCpp, contextWindow: props.window,
                                   windowSource: props.window == nil ? nil : .serverSetting, acceptsImages: props.vision)
        default:
            return nil
        }
    }
}
