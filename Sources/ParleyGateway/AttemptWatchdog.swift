/// Enforces one attempt's time limits while the request runs beside it: the first-token limit
/// until the first text or thinking arrives (a reasoning model may think for minutes before it
/// answers, and its thinking is the stream having started), then the idle limit between chunks (a stall), and the total limit all along.
///
/// The watchdog sleeps until the nearest deadline and wakes early only when the phase changes
/// (the first token moves the deadline from first-token to idle), never per chunk: a fast stream
/// costs one cheap actor call per event and no timers.
actor AttemptWatchdog {
    private enum Phase { case waitingForFirstToken, streaming }

    private let timeouts: Timeouts
    private let started: ContinuousClock.Instant
    private var lastProgress: ContinuousClock.Instant
    private var phase = Phase.waitingForFirstToken
    private var phaseChanged: AsyncStream<Void>.Continuation?

    init(timeouts: Timeouts, started: ContinuousClock.Instant = .now) {
        self.timeouts = timeouts
        self.started = started
        self.lastProgress = started
    }

    /// The first piece of text or thinking arrived: from now on the idle limit applies.
    func streamStarted(at now: ContinuousClock.Instant = .now) {
        lastProgress = now
        guard phase == .waitingForFirstToken else { return }
        phase = .streaming
        phaseChanged?.yield()
    }

    /// Some event arrived (text, usage, a finish): the stream is alive.
    func progressed(at now: ContinuousClock.Instant = .now) {
        lastProgress = now
    }

    /// Sleeps until a limit passes and throws `GatewayError.timeout`; otherwise ends only by
    /// cancellation (as `CancellationError`).
    func run() async throws {
        while true {
            let deadline = nearestDeadline()?.0 ?? .now + .seconds(86_400)
            let (wake, continuation) = AsyncStream<Void>.makeStream()
            phaseChanged = continuation
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
                group.addTask { for await _ in wake { break } }
                await group.next()
                group.cancelAll()
            }
            phaseChanged = nil
            try Task.checkCancellation()
            if let (due, kind) = nearestDeadline(), due <= .now {
                throw GatewayError.timeout(kind)
            }
        }
    }

    /// The limit that will pass first, and when: what `run()` sleeps until.
    func nearestDeadline() -> (ContinuousClock.Instant, GatewayError.TimeoutKind)? {
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
