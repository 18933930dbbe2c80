import Foundation

/// An OpenAI-compatible endpoint and how to talk to it.
public struct Provider: Sendable, Hashable {
    /// The kinds of endpoint Parley knows the quirks of.
    public enum Preset: String, Sendable, Hashable, CaseIterable, Codable {
        case openrouter, zenmux, litellm, openai, deepseek, ollama, llamacpp, lmstudio, custom
        /// Cloud platforms' OpenAI-compatible endpoints. Azure, Bedrock and Vertex derive their
        /// base URL from coordinates in the config (`resource`, `region`, `project`/`location`).
        case azure, bedrock, vertex, gemini, anthropic
        /// The built-in simulator that the no-configuration demo runs on.
        case demo
    }

    /// The name used in model references (`openrouter` in `openrouter:openai/gpt-4o`).
    public var name: String
    public var preset: Preset
    /// Ends in the version segment, e.g. `https://openrouter.ai/api/v1`; no trailing slash.
    public var baseURL: String
    public var apiKey: Secret?
    /// A key fetched when first needed (an `api_key_command`), used when `apiKey` is nil; the
    /// client fetches it again once when a request is answered 401.
    public var lazyKey: LazyKey?
    /// The models the configuration names (`models = [...]`): what the picker, completion and
    /// `parley models` offer where the server lists nothing (Bedrock runtime, Azure deployments).
    public var configuredModels: [String]
    public var extraHeaders: [String: String]
    /// Whether to send `stream_options.include_usage` on streamed requests.
    public var sendsIncludeUsage: Bool
    /// Whether to send `max_completion_tokens` (OpenAI proper) instead of `max_tokens`.
    public var usesMaxCompletionTokens: Bool
    /// The effort asked of this provider's models when neither the request nor `modelEfforts`
    /// says (config `effort = "…"` on the provider); `nil` sends nothing.
    public var effort: ReasoningEffort?
    /// Per-model efforts from the config (`[models."provider:model"]`), by model id.
    public var modelEfforts: [String: ReasoningEffort] = [:]
    /// Per-model temperature and token limit from the config (`[models."provider:model"]`).
    public var modelParameters: [String: RequestParameters] = [:]

    public init(name: String, preset: Preset, baseURL: String, apiKey: Secret? = nil,
                extraHeaders: [String: String] = [:], sendsIncludeUsage: Bool? = nil,
                usesMaxCompletionTokens: Bool? = nil, lazyKey: LazyKey? = nil, configuredModels: [String] = []) {
        self.name = name
        self.preset = preset
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.apiKey = apiKey
        self.lazyKey = lazyKey
        self.configuredModels = configuredModels
        self.extraHeaders = preset.defaultHeaders.merging(extraHeaders) { _, user in user }
        self.sendsIncludeUsage = sendsIncludeUsage ?? preset.sendsIncludeUsage
        self.usesMaxCompletionTokens = usesMaxCompletionTokens ?? (preset == .openai)
    }

    /// A provider from a preset with its usual base URL.
    public static func preset(_ preset: Preset, name: String? = nil, apiKey: Secret? = nil) -> Provider {
        Provider(name: name ?? preset.rawValue, preset: preset, baseURL: preset.defaultBaseURL ?? "",
                 apiKey: apiKey)
    }

    /// The configured effort for `model`: the model's own, else the provider's.
    public func effort(forModel model: String) -> ReasoningEffort? {
        modelEfforts[model] ?? effort
    }

    /// The configured temperature and token limit for `model` (empty when the config sets none).
    public func parameters(forModel model: String) -> RequestParameters {
        modelParameters[model] ?? RequestParameters()
    }

    /// True for servers on this machine, which need no key.
    public var isLocal: Bool {
        guard let host = URL(string: baseURL)?.host else { return false }
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

extension Provider.Preset {
    public var defaultBaseURL: String? {
        switch self {
        case .openrouter: return "https://openrouter.ai/api/v1"
        case .zenmux: return "https://zenmux.ai/api/v1"
        case .litellm: return "http://127.0.0.1:4000/v1"
        case .openai: return "https://api.openai.com/v1"
        case .deepseek: return "https://api.deepseek.com/v1"
        case .ollama: return "http://127.0.0.1:11434/v1"
        case .llamacpp: return "http://127.0.0.1:8080/v1"
        case .lmstudio: return "http://127.0.0.1:1234/v1"
        case .gemini: return "https://generativelanguage.googleapis.com/v1beta/openai"
        case .anthropic: return "https://api.anthropic.com/v1"
        // Derived from the provider's coordinates: see `PlatformEndpoint`.
        case .azure, .bedrock, .vertex, .custom, .demo: return nil
        }
    }

    /// The environment variable that conventionally holds this provider's key.
    public var defaultKeyVariable: String? {
        switch self {
        case .openrouter: return "OPENROUTER_API_KEY"
        case .zenmux: return "ZENMUX_API_KEY"
        case .litellm: return "LITELLM_API_KEY"
        case .openai: return "OPENAI_API_KEY"
        case .deepseek: return "DEEPSEEK_API_KEY"
        case .azure: return "AZURE_OPENAI_API_KEY"
        case .bedrock: return "AWS_BEARER_TOKEN_BEDROCK"
        case .gemini: return "GEMINI_API_KEY"
        case .anthropic: return "ANTHROPIC_API_KEY"
        // Vertex takes an OAuth token from `api_key_command` (`gcloud auth print-access-token`).
        case .vertex, .ollama, .llamacpp, .lmstudio, .custom, .demo: return nil
        }
    }

    /// OpenRouter always sends usage (and `include_usage` is deprecated there); llama-cpp-python
    /// ignores it. Everyone else needs it to report usage on a stream.
    var sendsIncludeUsage: Bool {
        switch self {
        case .openrouter: return false
        default: return true
        }
    }

    /// OpenRouter's app attribution headers.
    var defaultHeaders: [String: String] {
        switch self {
        case .openrouter:
            return ["HTTP-Referer": "https://github.com/parley-chat/parley", "X-OpenRouter-Title": "Parley"]
        default:
            return [:]
        }
    }
}
