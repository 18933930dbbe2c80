public import ParleyGateway

/// Everything the config file says, resolved to typed values with defaults filled in.
///
/// A value of this type has passed validation: presets and routes are known, every model
/// reference names a configured provider, no key is written in the file. API keys are not part
/// of it; `providers(environment:)` reads them when a caller needs `Provider`s.
public struct ParleyConfiguration: Sendable, Equatable {
    /// Providers in the order the file lists them.
    public var providers: [ProviderSettings]
    /// The model a new conversation starts with.
    public var defaultModel: ModelRef?
    /// Models in hotkey order (the first is on the first favourite key).
    public var favorites: [ModelRef]
    /// Named fallback chains: try each model in turn until one answers.
    public var chains: [String: [ModelRef]]
    public var route: RouteStrategy
    public var timeouts: Timeouts
    public var retry: RetrySettings
    public var budget: BudgetSettings
    /// A theme name, resolved by `ThemeLoader`.
    public var theme: String
    /// Command name → key strings, as written under `[keys]` (checked against the UI's command
    /// names and key syntax); feed to `Keymap.apply(overrides:)`.
    public var keyBindings: [String: [String]]
    /// The file this came from; nil for the built-in defaults.
    public var sourcePath: String?
    /// The top-level keys the file writes (`route`, `theme`, …): a choice the chat remembered
    /// gives way to what the user wrote, not to a default filled in here.
    public var writtenKeys: Set<String> = []
    /// `[roles.NAME]`: named system prompts with their model and parameters, by name.
    public var roles: [String: PromptRole] = [:]

    public init(providers: [ProviderSettings] = [], defaultModel: ModelRef? = nil, favorites: [ModelRef] = [],
                chains: [String: [ModelRef]] = [:], route: RouteStrategy = .ordered,
                timeouts: Timeouts = .standard, retry: RetrySettings = RetrySettings(),
                budget: BudgetSettings = BudgetSettings(), theme: String = ParleyConfiguration.defaultTheme,
                keyBindings: [String: [String]] = [:], sourcePath: String? = nil) {
        self.providers = providers
        self.defaultModel = defaultModel
        self.favorites = favorites
        self.chains = chains
        self.route = route
        self.timeouts = timeouts
        self.retry = retry
        self.budget = budget
        self.theme = theme
        self.keyBindings = keyBindings
        self.sourcePath = sourcePath
    }

    public static let defaultTheme = "dark"

    /// Provider settings by name.
    public func provider(named name: String) -> ProviderSettings? {
        providers.first { $0.name == name }
    }

    /// Chain names in a stable order, for listing.
    public var chainNames: [String] { chains.keys.sorted() }
}

/// One `[providers.NAME]` table.
public struct ProviderSettings: Sendable, Hashable {
    /// The name used in model references (`openrouter` in `openrouter:openai/gpt-4o`).
    public var name: String
    public var preset: Provider.Preset
    /// The base URL in effect: `base_url` from the file, else the preset's.
    public var baseURL: String
    /// Whether `base_url` was written in the file (as opposed to coming from the preset).
    public var baseURLIsExplicit: Bool
    public var keySource: KeySource
    /// Extra HTTP headers sent with every request to this provider.
    public var headers: [String: String]
    /// The only models offered from this provider, when the file restricts them.
    public var allowedModels: [String]?
    /// Cloud platform coordinates (`resource`, `region`, `project`, …) the base URL was derived from.
    public var coordinates: [String: String]
    /// `effort = "…"`: the reasoning effort asked of this provider's models; `nil` sends none.
    public var effort: ReasoningEffort?
    /// Efforts of single models (`[models."NAME:model"] effort = "…"`), by model id; they win
    /// over `effort`.
    public var modelEfforts: [String: ReasoningEffort] = [:]
    /// Temperature and token limit of single models (`[models."NAME:model"]`), by model id.
    public var modelParameters: [String: RequestParameters] = [:]

    public init(name: String, preset: Provider.Preset, baseURL: String, baseURLIsExplicit: Bool = true,
                keySource: KeySource = .none, headers: [String: String] = [:], allowedModels: [String]? = nil,
                coordinates: [String: String] = [:]) {
        self.coordinates = coordinates
        self.name = name
        self.preset = preset
        self.baseURL = baseURL
        self.baseURLIsExplicit = baseURLIsExplicit
        self.keySource = keySource
        self.headers = headers
        self.allowedModels = allowedModels
    }

    /// Servers on this machine need no key unless the file names one.
    public var isLocal: Bool {
        Provider(name: name, preset: preset, baseURL: baseURL).isLocal
    }
}

/// Where a provider's API key comes from. Never the key itself.
public enum KeySource: Sendable, Hashable {
    /// No key is sent (local servers).
    case none
    /// The value of this environment variable. `isPresetDefault` when the file did not name it
    /// and the preset's conventional variable (`OPENROUTER_API_KEY`) is used.
    case environment(variable: String, isPresetDefault: Bool)
    /// The trimmed standard output of this shell command (`pass show openrouter`).
    case command(String)
}

/// The config's `route = …`: the one `Route` of ParleyModel.
public typealias RouteStrategy = Route

/// `[retry]`
public struct RetrySettings: Sendable, Hashable {
    /// Retries of the same model before falling back to the next one.
    public var maxRetries: Int
    /// Longest `Retry-After` worth waiting for; a model asking for more is skipped.
    public var maxRetryAfter: Duration
    /// How long a model that just failed is passed over.
    public var cooldown: Duration

    public init(maxRetries: Int = 2, maxRetryAfter: Duration = .seconds(60), cooldown: Duration = .seconds(60)) {
        self.maxRetries = maxRetries
        self.maxRetryAfter = maxRetryAfter
        self.cooldown = cooldown
    }
}

/// `[budget]`; nil means no limit.
public struct BudgetSettings: Sendable, Hashable {
    public var dailyUSD: Double?
    public var conversationUSD: Double?

    public init(dailyUSD: Double? = nil, conversationUSD: Double? = nil) {
        self.dailyUSD = dailyUSD
        self.conversationUSD = conversationUSD
    }
}
