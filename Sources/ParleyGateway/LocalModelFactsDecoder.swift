import Foundation

/// Reads what Ollama's and llama.cpp's own APIs say about a model's window. Every field is
/// hostile: numbers go through `WireNumber` (a window of -1, 1e300, 8192.5 or "lots" is no
/// window), text is looked at only in bounded pieces, and a missing field is simply unknown.
enum LocalModelFactsDecoder {
    /// Capabilities and `parameters` lines read at most: a real model has a handful.
    static let maximumListItems = 256
    /// Characters of one `parameters` line looked at (`num_ctx` and a number fit in far fewer).
    static let maximumLineLength = 256

    /// What Ollama's `POST /api/show` answers: `parameters` (the Modelfile's as text, one
    /// `name value` a line), `model_info` (`"<arch>.context_length"`, the trained length) and
    /// `capabilities` (`["completion", "vision"]`).
    struct OllamaShow: Sendable, Hashable {
        var numCtx: Int?
        var trainedLength: Int?
        var capabilities: [String]
    }

    static func ollamaShow(_ body: Data) -> OllamaShow? {
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        var show = OllamaShow(numCtx: nil, trainedLength: nil, capabilities: [])
        if case .string(let parameters)? = root["parameters"] { show.numCtx = numCtx(inParameters: parameters) }
        if case .object(let info)? = root["model_info"] { show.trainedLength = trainedLength(in: info) }
        if case .array(let items)? = root["capabilities"] {
            show.capabilities = items.prefix(maximumListItems).compactMap { item in
                guard let text = item.stringValue, text.utf8.count <= 64 else { return nil }
                return text.lowercased()
            }
        }
        return show
    }

    /// `num_ctx` from the Modelfile parameters' text (`num_ctx                        8192`).
    /// The last one wins, as Ollama applies them in order; a value that is not a plain count
    /// is ignored.
    static func numCtx(inParameters text: String) -> Int? {
        var found: Int?
        for line in text.split(whereSeparator: \.isNewline).prefix(maximumListItems) {
            let words = line.prefix(maximumLineLength).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 2, words[0] == "num_ctx" else { continue }
            // Ollama prints numbers bare; a quoted one is still the same number.
            var value = words[1]
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
            if let count = WireNumber.count(.string(String(value)), acceptingStrings: true), count > 0 { found = count }
        }
        return found
    }

    /// `<general.architecture>.context_length` from `model_info`; failing that, the one key that
    /// ends in `.context_length` (when there is exactly one).
    static func trainedLength(in info: [String: JSONValue]) -> Int? {
        if case .string(let architecture)? = info["general.architecture"], architecture.utf8.count <= 64,
           let length = WireNumber.count(info[architecture + ".context_length"]), length > 0 {
            return length
        }
        let candidates = info.filter { $0.key.hasSuffix(".context_length") }
        guard candidates.count == 1, let length = WireNumber.count(candidates.first?.value), length > 0 else { return nil }
        return length
    }

    /// The `context_length` Ollama's `GET /api/ps` reports for `model` when it is loaded, nil
    /// when it is not (or the server is too old to say). `llama3.2` and `llama3.2:latest` are
    /// one model.
    static func ollamaLoadedWindow(_ body: Data, model: String) -> Int? {
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: body),
              case .array(let models)? = root["models"] else { return nil }
        let wanted = ollamaName(model)
        for entry in models.prefix(maximumListItems) {
            guard case .object(let fields) = entry else { continue }
            let names = [fields["name"]?.stringValue, fields["model"]?.stringValue].compactMap { $0 }
            guard names.contains(where: { ollamaName($0) == wanted }) else { continue }
            if let window = WireNumber.count(fields["context_length"]), window > 0 { return window }
        }
        return nil
    }

    /// An Ollama model name with its tag made explicit: `llama3.2` → `llama3.2:latest`
    /// (the tag follows the last `/`, so a registry's `host:port/` is not one).
    static func ollamaName(_ name: String) -> String {
        let last = name.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(name)
        return last.contains(":") ? name : name + ":latest"
    }

    /// What llama.cpp's `GET /props` says: the window of a slot
    /// (`default_generation_settings.n_ctx`) and whether a vision projector is loaded
    /// (`modalities.vision`).
    static func llamaCppProps(_ body: Data) -> (window: Int?, vision: Bool?)? {
        guard case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        var window: Int?
        if case .object(let settings)? = root["default_generation_settings"] {
            window = WireNumber.count(settings["n_ctx"]).flatMap { $0 > 0 ? $0 : nil }
        }
        var vision: Bool?
        if case .object(let modalities)? = root["modalities"], case .bool(let flag)? = modalities["vision"] {
            vision = flag
        }
        return (window, vision)
    }

    /// Ollama's effective window: the loaded model's, else the Modelfile's `num_ctx`, else the
    /// default capped by the trained length. Nil when neither endpoint answered usefully (then
    /// the server may not be Ollama at all, and nothing is guessed).
    static func ollamaFacts(show: OllamaShow?, loadedWindow: Int?) -> LocalModelFacts? {
        guard show != nil || loadedWindow != nil else { return nil }
        let trained = show?.trainedLength
        let vision = show.flatMap { $0.capabilities.isEmpty ? nil : $0.capabilities.contains("vision") }
        if let loadedWindow {
            return LocalModelFacts(server: .ollama, contextWindow: loadedWindow, windowSource: .loaded,
                                   trainedLength: trained, acceptsImages: vision)
        }
        if let numCtx = show?.numCtx {
            return LocalModelFacts(server: .ollama, contextWindow: numCtx, windowSource: .modelfile,
                                   trainedLength: trained, acceptsImages: vision)
        }
        let window = min(LocalModelFacts.ollamaDefaultWindow, trained ?? LocalModelFacts.ollamaDefaultWindow)
        return LocalModelFacts(server: .ollama, contextWindow: window, windowSource: .serverDefault,
                               trainedLength: trained, acceptsImages: vision)
    }
}
