/// Enforces one attempt's time limits while the request runs beside it: the first-token limit
/// until text arrives, then the idle limit between chunks (a stall), and the total limit all along.
///
/// The watchdog wakes only at the nearest deadline, never per chunk, so a fast stream costs one
/// cheap actor call per event and no timers.
actor AttemptWatchdog {
    private enum Phase { case waitingForFirstToken, streaming }

    private let timeouts: Timeouts
    private let started: ContinuousClock.Instant
    private var lastProgress: ContinuousClock.Instant
    private var phase = Phase.waitingForFirstToken

    init(timeouts: Timeouts, started: ContinuousClock.Instant = .now) {
        self.timeouts = timeouts
        self.started = started
        self.lastProgress = started
    }

    /// The first piece of text arrived: from now on the idle limit applies.
    func textArrived() {
        phase = .streaming
        lastProgress = .now
    }

    /// Some event arrived (text, usage, a finish): the stream is alive.
    func progressed() {
        lastProgress = .now
    }

    /// Sleeps until a limit passes and throws `GatewayError.timeout`; returns only by cancellation
    /// (as `CancellationError`).
    func run() async throws {
        while true {
            guard let (deadline, _) = nearestDeadline() else {
                try await Task.sleep(for: .seconds(86_400))
                continue
            }
            try await Task.sleep(until: deadline, clock: .continuous)
            if let (due, kind) = nearestDeadline(), due <= .now {
                throw GatewayError.timeout(kind)
            }
        }
    }

    private func nearestDeadline() -> (ContinuousClock.Instant, GatewayError.TimeoutKind)? {
        var candidates: [(ContinuousClock.Instant, GatewayError.TimeoutKind)] = []
        if let total = timeouts.total { candidates.append((started + total, .total)) }
        switch phase {
        case .waitingForFirstToken:
            if let first = timeouts.firstToken { candidates.append((started + first, .firstToken)) }
        case .streaming:
            if let idle = timeouts.idle { candidates.append((lastProgress + idle, .idle)) }
        }
        return candidates.min { $0.0 < $1.0 }
    }
}
