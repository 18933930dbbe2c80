public import ParleyGateway

/// Where the Conductor reads measured speeds from (the Store implements it from the ledger).
public protocol PerformanceHistory: Sendable {
    func latencyStats(for model: ModelRef) async -> LatencyStats?
}
