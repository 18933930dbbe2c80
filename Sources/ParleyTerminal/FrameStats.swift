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
    /// The frames that showed a key, split: building the canvas (`render`), handing it to the
    /// terminal (`output`: the diff, ncurses and the write), and the CPU time the loop's thread
    /// spent on the frame. A slow key frame with little CPU time waited: for a core, or for the
    /// terminal to read what was written.
    private(set) var keyFrameRenderTimes: [Duration] = []
    private(set) var keyFrameOutputTimes: [Duration] = []
    private(set) var keyFrameCPUTimes: [Duration] = []
    /// From the earliest a key can have arrived to the end of the frame that showed it: the
    /// loop's previous look at the terminal, or the moment a sleep ended when the key woke it.
    /// What a key waited unread (behind a fold or a frame) is in this bound, not in
    /// `keyLatencies`, which start when the key is read.
    private(set) var keyWaitBounds: [Duration] = []
    /// Reducing one slice of the engine's actions (at most the loop's fold slice, plus the
    /// action in progress): the time a key typed meanwhile waits, unread, before the loop looks
    /// at the terminal again.
    private(set) var foldTimes: [Duration] = []
    private var firstFrame: Duration?
    private var lastFrame: Duration?
    private var oldestUnshownKey: Duration?
    private var oldestUnshownKeyArrival: Duration?

    init() {}

    /// `count` input events read at `now`; they arrived no earlier than `arrivedAfter`.
    mutating func noteInput(count: Int, at now: Duration, arrivedAfter: Duration? = nil) {
        guard count > 0 else { return }
        inputEvents += count
        if oldestUnshownKey == nil {
            oldestUnshownKey = now
            oldestUnshownKeyArrival = arrivedAfter
        }
    }

    /// `count` actions drained from the mailbox together.
    mutating func noteEngineActions(count: Int) {
        engineActions += count
    }

    /// One slice of engine actions reduced in `folded`.
    mutating func noteFold(_ folded: Duration) {
        foldTimes.append(folded)
    }

    /// A frame from `started` to `ended`, its canvas ready at `rendered`; `cpu` is the loop
    /// thread's CPU time spent on it.
    mutating func noteFrame(started: Duration, rendered: Duration? = nil, ended: Duration, cpu: Duration? = nil) {
        frames += 1
        frameTimes.append(ended - started)
        if firstFrame == nil { firstFrame = started }
        lastFrame = ended
        if let key = oldestUnshownKey {
            keyLatencies.append(ended - key)
            oldestUnshownKey = nil
            if let arrival = oldestUnshownKeyArrival { keyWaitBounds.append(ended - arrival) }
            oldestUnshownKeyArrival = nil
            if let rendered {
                keyFrameRenderTimes.append(rendered - started)
                keyFrameOutputTimes.append(ended - rendered)
            }
            if let cpu { keyFrameCPUTimes.append(cpu) }
        }
    }

    /// The calling thread's CPU time so far (`CLOCK_THREAD_CPUTIME_ID`).
    static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
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
            "key_wait_bound_ms": summary(keyWaitBounds),
            "key_frame_render_ms": summary(keyFrameRenderTimes),
            "key_frame_output_ms": summary(keyFrameOutputTimes),
            "key_frame_cpu_ms": summary(keyFrameCPUTimes),
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
