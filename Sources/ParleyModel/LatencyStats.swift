/// What Parley has measured of a model's speed, for the `fastest` route and hedging.
public struct LatencyStats: Sendable, Hashable {
    public var samples: Int
    public var medianTimeToFirstToken: Duration?
    public var p95TimeToFirstToken: Duration?
    public var tokensPerSecond: Double?

    public init(samples: Int, medianTimeToFirstToken: Duration?, p95TimeToFirstToken: Duration?,
                tokensPerSecond: Double?) {
        self.samples = samples
        self.medianTimeToFirstToken = medianTimeToFirstToken
        self.p95TimeToFirstToken = p95TimeToFirstToken
        self.tokensPerSecond = tokensPerSecond
    }
}
