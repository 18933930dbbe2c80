import Foundation
import ParleyEngine
import ParleyGateway

/// A fresh database file in its own temporary directory.
struct TempStore {
    let directory: URL
    let store: Store

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-store-tests-\(UUID().uuidString)", isDirectory: true)
        store = try Store(url: directory.appendingPathComponent("parley.db"))
    }

    var url: URL { store.url }
}

/// A clock the test moves by hand, for the checkpoint cadence.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = ContinuousClock.now  // guarded by `lock`

    var now: @Sendable () -> ContinuousClock.Instant {
        { [self] in lock.withLock { current } }
    }

    func advance(_ duration: Duration) {
        lock.withLock { current += duration }
    }
}

/// Builds the events of one request with times that advance by themselves.
struct EventScript {
    let request = RequestID()
    var time = Date(timeIntervalSince1970: 1_750_000_000)

    mutating func event(_ kind: EngineEvent.Kind, lane: Int = 0, after seconds: Double = 0.1) -> EngineEvent {
        time = time.addingTimeInterval(seconds)
        return EngineEvent(request: request, lane: lane, time: time, kind: kind)
    }
}

extension ModelRef {
    static let fast = ModelRef(provider: "demo", model: "fast")
    static let flaky = ModelRef(provider: "demo", model: "flaky")
    static let sonnet = ModelRef(provider: "openrouter", model: "anthropic/claude-sonnet-4.6")
}
