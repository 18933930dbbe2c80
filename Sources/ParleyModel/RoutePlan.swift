
/// What to ask: an ordered fallback chain and how to pick the order.
public struct RoutePlan: Sendable, Hashable {
    public var chain: [ModelRef]
    public var route: Route
    /// The effort the user asked for this turn (`--effort`, `/effort`): it wins over the
    /// config's per-model and per-provider efforts for every model of the chain; `nil` leaves
    /// those (or nothing) in force.
    public var effort: ReasoningEffort?
    /// Temperature and token limit asked for this turn (flags, `/set`, a role): each set field
    /// wins over the config's per-model one.
    public var parameters: RequestParameters

    public init(chain: [ModelRef], route: Route = .ordered, effort: ReasoningEffort? = nil,
                parameters: RequestParameters = RequestParameters()) {
        self.chain = chain
        self.route = route
        self.effort = effort
        self.parameters = parameters
    }

    /// One model, no fallback.
    public static func single(_ model: ModelRef) -> RoutePlan { RoutePlan(chain: [model]) }
}

/// One lane of a comparison: the conversation it continues and the chain it walks. Lanes of
/// one comparison share the new user message but may carry different histories (each lane's
/// own earlier answers, in compare mode).
public struct ComparisonLane: Sendable, Hashable {
    public var messages: [ChatMessage]
    public var plan: RoutePlan

    public init(messages: [ChatMessage], plan: RoutePlan) {
        self.messages = messages
        self.plan = plan
    }
}

/// How a plan's chain is ordered before it is walked: the one route type of Parley (the config's
/// `route = …`, `--route`, `/route`, the remembered choice, the `routed` event and the ledger).
public enum Route: Sendable, Hashable, CustomStringConvertible, CaseIterable, RawRepresentable {
    /// As the user wrote it.
    case ordered
    /// Cheapest first by catalogue prices for the expected token counts; unknown prices last.
    case cheapest
    /// Fastest first by measured first-token latency and throughput; unmeasured models are
    /// put first now and then so their figures get measured.
    case fastest
    /// Let the gateway choose: one request naming every model of the first model's provider
    /// (OpenRouter's `models: [...]`), optionally sorted by the gateway (`provider.sort`).
    case gateway(sort: GatewaySort?)

    /// The four routes the config and `/route` list by name; the gateway's sorts are spelt
    /// `gateway-price` and so on (see `rawValue`).
    public static let allCases: [Route] = [.ordered, .cheapest, .fastest, .gateway(sort: nil)]

    /// The canonical word: `ordered`, `cheapest`, `fastest`, `gateway`, `gateway-price`, …
    /// (what `--route` takes, what is remembered).
    public var rawValue: String {
        switch self {
        case .ordered: return "ordered"
        case .cheapest: return "cheapest"
        case .fastest: return "fastest"
        case .gateway(let sort?): return "gateway-\(sort.rawValue)"
        case .gateway(nil): return "gateway"
        }
    }

    /// Only the canonical words (case-sensitive), as the config reads them.
    public init?(rawValue: String) {
        guard let route = Route(argument: rawValue), route.rawValue == rawValue else { return nil }
        self = route
    }

    /// How logs and the ledger show it: `gateway/price` for a sorted gateway route.
    public var description: String {
        switch self {
        case .gateway(let sort?): return "gateway/\(sort.rawValue)"
        default: return rawValue
        }
    }

    /// Parses `ordered`, `cheapest`, `fastest`, `gateway`, `gateway-price`, `gateway-throughput`,
    /// `gateway-latency` (what `--route` takes), their short forms, and the `gateway/price`
    /// form the ledger holds; case is ignored.
    public init?(argument: String) {
        switch argument.lowercased() {
        case "ordered", "order", "chain": self = .ordered
        case "cheapest", "cheap", "price": self = .cheapest
        case "fastest", "fast": self = .fastest
        case "gateway": self = .gateway(sort: nil)
        default:
            let parts = argument.lowercased().split(maxSplits: 1, whereSeparator: { $0 == "-" || $0 == "/" })
            guard parts.count == 2, parts[0] == "gateway", let sort = GatewaySort(rawValue: String(parts[1]))
            else { return nil }
            self = .gateway(sort: sort)
        }
    }
}

/// OpenRouter's `provider.sort` values.
public enum GatewaySort: String, Sendable, Hashable, CaseIterable {
    case price, throughput, latency
}
