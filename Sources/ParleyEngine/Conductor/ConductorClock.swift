/// Time as the Conductor's retry waits and cool-downs see it. Injected so tests can run
/// retries with long waits instantly; measured latencies always use the real `ContinuousClock`.
public protocol ConductorClock: Sendable {
    func now() async -> ContinuousClock.Instant
    /// Throws `CancellationError` when the waiting task is cancelled.
    func sleep(for duration: Duration) async throws
}

/// Real, monotonic time.
public struct SystemConductorClock: ConductorClock {
    public init() {}

    public func now() async -> ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration, clock: .continuous)
    }
}
