import Foundation
public import ParleyGateway

/// What a first run can find out on its own: which providers' usual key variables are set
/// (names only, never values) and which local servers answer on their usual ports.
///
/// `run` is async and probes concurrently with a short timeout, so the UI can start it, draw
/// its first frame, and show the result when it comes.
public struct FirstRunScan: Sendable, Equatable {
    public struct DetectedKey: Sendable, Equatable {
        public var preset: Provider.Preset
        public var variable: String
    }

    public struct LocalServer: Sendable, Equatable {
        public var preset: Provider.Preset
        public var baseURL: String
        /// The ids the server listed (llama.cpp lists its one loaded model).
        public var models: [String]
    }

    public var keys: [DetectedKey]
    public var localServers: [LocalServer]

    public init(keys: [DetectedKey] = [], localServers: [LocalServer] = []) {
        self.keys = keys
        self.localServers = localServers
    }

    /// Ollama 11434, llama.cpp 8080, LM Studio 1234.
    public static let usualLocalServers: [Provider] = [.preset(.ollama), .preset(.llamacpp), .preset(.lmstudio)]

    /// Checks the environment and probes `localServers` concurrently, each for at most `probeTimeout`.
    public static func run(environment: [String: String], localServers candidates: [Provider] = usualLocalServers,
                           probeTimeout: Duration = .milliseconds(300)) async -> FirstRunScan {
        let keys = detectKeys(environment: environment)
        // A port nothing listens on refuses a bare connect at once; only the others are asked
        // over HTTP. Usually none is running, and the HTTP client's set-up and three refused
        // requests were most of the CPU a first chat used after its first frame.
        let listening = candidates.enumerated().filter {
            TCPProbe.connect(to: $0.element.baseURL, timeout: probeTimeout) != .refused
        }
        guard !listening.isEmpty else { return FirstRunScan(keys: keys) }
        let client = GatewayClient(connectTimeout: probeTimeout)
        let found = await withTaskGroup(of: (Int, LocalServer?).self) { group in
            for (position, candidate) in listening {
                group.addTask {
                    let models = try? await client.listModels(provider: candidate, timeout: probeTimeout)
                    return (position, models.map { LocalServer(preset: candidate.preset, baseURL: candidate.baseURL, models: $0.map(\.id)) })
                }
            }
            var results: [(Int, LocalServer?)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.compactMap(\.1)
        }
        try? await client.shutdown()
        return FirstRunScan(keys: keys, localServers: found)
    }

    /// The presets whose conventional key variable is set and not empty.
    public static func detectKeys(environment: [String: String]) -> [DetectedKey] {
        Provider.Preset.allCases.compactMap { preset in
            guard let variable = preset.defaultKeyVariable, let value = environment[variable],
                  !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            return DetectedKey(preset: preset, variable: variable)
        }
    }

    /// One line per finding, for the UI's welcome screen.
    public var suggestions: [String] {
        var lines = keys.map {
            "\($0.variable) is set — add [providers.\($0.preset.rawValue)] with preset = \"\($0.preset.rawValue)\""
        }
        for server in localServers {
            let count = server.models.count == 1 ? "1 model" : "\(server.models.count) models"
            lines.append("\(server.preset.displayName) answers at \(server.baseURL) (\(count)) — add "
                         + "[providers.\(server.preset.rawValue)] with preset = \"\(server.preset.rawValue)\"")
        }
        if lines.isEmpty {
            lines.append("No API key variables or local servers found — run `parley setup`, or see docs/providers.md")
        }
        return lines
    }

    /// A config file made of the findings, ready to save; nil when nothing was found.
    public var suggestedConfig: String? {
        guard !keys.isEmpty || !localServers.isEmpty else { return nil }
        var lines: [String] = []
        if let model = suggestedDefaultModel { lines.append("default_model = \(TOMLWriter.quoted(model))") }
        for key in keys {
            lines += ["", "[providers.\(key.preset.rawValue)]", "preset = \"\(key.preset.rawValue)\"",
                      "api_key_env = \"\(key.variable)\""]
        }
        for server in localServers {
            lines += ["", "[providers.\(server.preset.rawValue)]", "preset = \"\(server.preset.rawValue)\""]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A local model if one is running (free and offline), else a cheap model on the first key found.
    public var suggestedDefaultModel: String? {
        if let server = localServers.first(where: { !$0.models.isEmpty }) {
            return "\(server.preset.rawValue):\(server.models[0])"
        }
        return keys.first.flatMap { key in key.preset.exampleModel.map { "\(key.preset.rawValue):\($0)" } }
    }
}

extension Provider.Preset {
    /// How the service calls itself, for messages.
    public var displayName: String {
        switch self {
        case .openrouter: return "OpenRouter"
        case .zenmux: return "ZenMux"
        case .litellm: return "LiteLLM"
        case .openai: return "OpenAI"
        case .deepseek: return "DeepSeek"
        case .ollama: return "Ollama"
        case .llamacpp: return "llama.cpp"
        case .lmstudio: return "LM Studio"
        case .custom: return "Custom"
        case .azure: return "Azure OpenAI"
        case .bedrock: return "AWS Bedrock"
        case .vertex: return "Google Vertex AI"
        case .gemini: return "Gemini"
        case .anthropic: return "Anthropic"
        case .demo: return "Demo"
        }
    }

    /// A modest model to start with, in the preset's own id syntax.
    var exampleModel: String? {
        switch self {
        case .openrouter: return "openai/gpt-4o-mini"
        case .zenmux: return "openai/gpt-4o-mini"
        case .openai: return "gpt-4o-mini"
        case .deepseek: return "deepseek-chat"
        case .ollama: return "llama3.2"
        case .gemini: return "gemini-2.5-flash"
        case .anthropic: return "claude-sonnet-4-5"
        case .bedrock: return "openai.gpt-oss-120b-1:0"
        case .vertex: return "google/gemini-2.5-flash"
        case .azure, .litellm, .llamacpp, .lmstudio, .custom, .demo: return nil
        }
    }
}
