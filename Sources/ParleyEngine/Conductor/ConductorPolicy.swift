public import ParleyGateway

/// How hard the Conductor tries, how long it waits and how it explores. Defaults follow
/// openai-python's retry policy (research/gateway-wire.md §1.5, §8.4).
public struct ConductorPolicy: Sendable, Hashable {
    /// Extra attempts on the same model after a retryable failure (so at most 1 + this many).
    public var maxRetries: Int
    /// First backoff wait; doubles each retry up to `maxBackoff`, minus up to 25 % jitter.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// A server asking for a longer wait than this is not waited for: the chain moves on.
    public var maxRetryAfter: Duration
    /// How long a model that just failed with 429/5xx is passed over by later requests.
    public var coolDown: Duration
    /// Limits for each single attempt.
    public var timeouts: Timeouts
    /// Completion length the `cheapest` route prices a request with.
    public var expectedCompletionTokens: Int
    /// Probability that the `fastest` route puts a model with too few measurements first, so
    /// that its figures get measured and stay fresh.
    public var explorationRate: Double
    /// Below this many samples a model counts as unmeasured for the `fastest` route.
    public var minimumSamples: Int
    /// Seeds jitter and exploration; `nil` seeds from the system generator.
    public var randomSeed: UInt64?

    public init(maxRetries: Int = 2, initialBackoff: Duration = .milliseconds(500),
                maxBackoff: Duration = .seconds(8), maxRetryAfter: Duration = .seconds(60),
                coolDown: Duration = .seconds(60), timeouts: Timeouts = .standard,
                expectedCompletionTokens: Int = 500, explorationRate: Double = 0.1,
                minimumSamples: Int = 3, randomSeed: UInt64? = nil) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.maxRetryAfter = maxRetryAfter
        self.coolDown = coolDown
        self.timeouts = timeouts
        self.expectedCompletionTokens = expectedCompletionTokens
        self.explorationRate = explorationRate
        self.minimumSamples = minimumSamples
        self.randomSeed = randomSeed
    }

    public static let standard = ConductorPolicy()

    /// The wait before retry number `retry` (1-based) when the server named none:
    /// `min(initial × 2^(retry-1), max) × (1 − 0.25 × jitter)`, `jitter` in 0..<1.
    public func backoff(beforeRetry retry: Int, jitter: Double) -> Duration {
        let base = initialBackoff.seconds * Double(1 << min(max(retry - 1, 0), 30))
        let capped = min(base, maxBackoff.seconds)
        return .milliseconds(Int64((capped * (1 - 0.25 * jitter) * 1000).rounded()))
    }
}

/// SplitMix64: small, fast and reproducible, so tests can pin jitter and exploration.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
