public import Foundation

/// What the simulator served, per model name as the client sent it (`fast`, `stream@tps=50`).
public struct SimStats: Sendable, Equatable {
    public var models: [String: SimModelStats] = [:]
    /// Responses still being written (or hanging) right now.
    public var activeResponses = 0
    /// Requests to the local servers' own API (`/api/show`, `/api/ps`, `/props`), by path.
    public var nativeRequests: [String: Int] = [:]

    public subscript(model: String) -> SimModelStats {
        models[model] ?? SimModelStats()
    }

    public var totalRequests: Int { models.values.reduce(0) { $0 + $1.requests } }
}

public struct SimModelStats: Sendable, Equatable {
    /// Chat requests naming this model, whatever came of them.
    public var requests = 0
    /// Responses that delivered a whole answer.
    public var completed = 0
    /// Sum of the prompt tokens reported in usage by completed responses (also for models that
    /// do not send usage: what they would have reported).
    public var promptTokens = 0
    /// Sum of the completion tokens of completed responses.
    public var completionTokens = 0
    /// Sum of the cost of completed responses, from the model's prices, in USD.
    public var cost: Decimal = 0
    /// Content chunks written to the wire, including those of failed or abandoned streams.
    public var streamedTokens = 0
    /// What the latest chat request naming this model asked for (reasoning switches,
    /// temperature, token limits, system prompt), bounded; `nil` before the first.
    public var lastRequest: SimRequestRecord?
    /// Ollama `/api/show` requests naming this model.
    public var showRequests = 0

    public init() {}
}

/// The server's mutable state, shared by every connection: statistics and the flaky models'
/// attempt counters.
final class SimLedger: Sendable {
    private struct State {
        var stats = SimStats()
        var attempts: [UInt64: Int] = [:]
        var serial = 0
        /// Chat requests each bearer token was used for (the expiring-token platforms).
        var tokenUses: [String: Int] = [:]
    }

    /// Counts one use of `token`; false once it has been used `limit` times already (expired).
    func useToken(_ token: String, limit: Int) -> Bool {
        state.withLock { state in
            let used = state.tokenUses[token, default: 0]
            guard used < limit else { return false }
            state.tokenUses[token] = used + 1
            return true
        }
    }

    private let state = Locked(State())

    /// Counts a new request and returns its serial number and how many times the same
    /// conversation has been sent to the same model name (this time included).
    func requestArrived(model: String, conversation: [String],
                        record: SimRequestRecord? = nil) -> (serial: Int, attempt: Int) {
        state.withLock { state in
            state.serial += 1
            state.stats.models[model, default: SimModelStats()].requests += 1
            if let record { state.stats.models[model]?.lastRequest = record }
            let key = stableHash([model] + conversation)
            state.attempts[key, default: 0] += 1
            return (state.serial, state.attempts[key]!)
        }
    }

    func requestArrived() -> Int {
        state.withLock { state in
            state.serial += 1
            return state.serial
        }
    }

    /// Counts a request to a local server's own API; `model` is the one `/api/show` names.
    func nativeRequestArrived(_ route: String, model: String?) {
        state.withLock { state in
            state.serial += 1
            state.stats.nativeRequests[route, default: 0] += 1
            if let model { state.stats.models[String(model.prefix(256)), default: SimModelStats()].showRequests += 1 }
        }
    }

    func responseStarted() {
        state.withLock { $0.stats.activeResponses += 1 }
    }

    func responseEnded() {
        state.withLock { $0.stats.activeResponses -= 1 }
    }

    func streamed(tokens: Int, model: String) {
        state.withLock { $0.stats.models[model, default: SimModelStats()].streamedTokens += tokens }
    }

    func completed(model: String, usage: Usage) {
        state.withLock { state in
            var entry = state.stats.models[model, default: SimModelStats()]
            entry.completed += 1
            entry.promptTokens += usage.promptTokens
            entry.completionTokens += usage.completionTokens
            entry.cost += usage.cost
            state.stats.models[model] = entry
        }
    }

    var snapshot: SimStats { state.withLock { $0.stats } }
}

/// A value guarded by a lock.
///
/// `@unchecked Sendable` because the compiler cannot see that every access to `value` goes
/// through `lock`. (`Synchronization.Mutex` would say this by itself, but it needs macOS 15 and
/// the package still supports macOS 14.)
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
