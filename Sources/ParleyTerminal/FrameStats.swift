import Foundation

/// What the event loop did, for benchmarks (`parley --frame-stats FILE`): how many frames it drew
/// for how many actions, how long each frame took to render and draw, and how long a key waited
/// before a frame showed its effect. Recording is a few appends per frame; nothing is recorded
/// unless asked for.
struct FrameStats: Sendable, Hashable {
    private(set) var frames = 0
    private(set) var inputEvents = 0
    private(set) var engineActions = 0
    /// Render plus draw, per frame.
    private(set) var frameTimes: [Duration] = []
    /// From reading a key to the end of the first frame drawn after it.
    private(set) var keyLatencies: [Duration] = []
    /// Reducing one drain of the mailbox (all the engine events between two wake-ups): the time
    /// a key typed meanwhile waits, unread, before the loop looks at the terminal again.
    private(set) var foldTimes: [Duration] = []
    private var firstFrame: Duration?
    private var lastFrame: Duration?
    private var oldestUnshownKey: Duration?

    init() {}

    mutating func noteInput(count: Int, at now: Duration) {
        guard count > 0 else { return }
        inputEvents += count
        if oldestUnshownKey == nil { oldestUnshownKey = now }
    }

    /// `count` actions drained from the mailbox together, reduced in `folded`.
    mutating func noteEngineActions(count: Int, folded: Duration = .zero) {
        engineActions += count
        foldTimes.append(folded)
    }

    mutating func noteFrame(started: Duration, ended: Duration) {
        frames += 1
        frameTimes.append(ended - started)
        if firstFrame == nil { firstFrame = started }
        lastFrame = ended
        if let key = oldestUnshownKey {
            keyLatencies.append(ended - key)
            oldestUnshownKey = nil
        }
    }

    /// Frames per second between the first and the last frame.
    var framesPerSecond: Double? {
        guard let firstFrame, let lastFrame, frames > 1 else { return nil }
        let seconds = (lastFrame - firstFrame).seconds
        return seconds > 0 ? Double(frames - 1) / seconds : nil
    }

    /// The `q` quantile (0…1) of `values` by the nearest-rank method; nil when empty.
    static func quantile(_ q: Double, of values: [Duration]) -> Duration? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// The report as JSON, times in milliseconds.
    func json() -> Data {
        func summary(_ values: [Duration]) -> [String: Any] {
            var out: [String: Any] = ["count": values.count]
            for (name, q) in [("p50", 0.5), ("p99", 0.99), ("max", 1.0)] {
                if let value = Self.quantile(q, of: values) { out[name] = (value.seconds * 1000 * 1000).rounded() / 1000 }
            }
            return out
        }
        var report: [String: Any] = [
            "frames": frames,
            "input_events": inputEvents,
            "engine_actions": engineActions,
            "frame_ms": summary(frameTimes),
            "key_latency_ms": summary(keyLatencies),
            "engine_fold_ms": summary(foldTimes),
        ]
        if frames > 0 { report["engine_actions_per_frame"] = Double(engineActions) / Double(frames) }
        if let framesPerSecond { report["frames_per_second"] = framesPerSecond }
        return (try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])) ?? Data()
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
