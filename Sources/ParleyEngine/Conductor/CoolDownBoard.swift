import ParleyGateway

/// Models that failed with 429/5xx recently, shared by every request of one Conductor, so a
/// second request does not hit a model the first one just found rate-limited or down.
actor CoolDownBoard {
    struct Entry: Sendable {
        var until: ContinuousClock.Instant
        var reason: String
    }

    private var entries: [ModelRef: Entry] = [:]

    func coolDown(_ model: ModelRef, until: ContinuousClock.Instant, reason: String) {
        entries[model] = Entry(until: until, reason: reason)
    }

    /// A model that answered is healthy again, whatever it did before.
    func clear(_ model: ModelRef) {
        entries[model] = nil
    }

    /// Time left and the failure that started it, or nil when the model may be used.
    func status(of model: ModelRef, at now: ContinuousClock.Instant) -> (left: Duration, reason: String)? {
        guard let entry = entries[model] else { return nil }
        guard entry.until > now else {
            entries[model] = nil
            return nil
        }
        return (now.duration(to: entry.until), entry.reason)
    }
}

extension GatewayError {
    /// Failures that say "this model is overloaded or down right now": 429 and 5xx, before or
    /// inside the stream. Timeouts and network errors may be ours, so they do not condemn the model.
    var startsCoolDown: Bool {
        switch self {
        case .rateLimited, .server: return true
        case .streamError(let code, _):
            guard let status = code.flatMap(Int.init) else { return false }
            return status == 429 || status >= 500
        default: return false
        }
    }
}
