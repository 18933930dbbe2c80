import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

// Test doubles for the Conductor: a transport that plays scripted attempts, a clock whose
// sleeps take no real time, and a compact text form of events so sequences read like a log.

/// One step of a scripted attempt.
enum Step: Sendable {
    case open
    case text(String)
    case reasoning(String)
    case usage(Usage)
    case servedBy(String)
    case fail(GatewayError)
    /// Never ends by itself: waits until the consumer goes away (a silent or stalled server
    /// whose timeout the test leaves to cancellation).
    case hang
    /// Waits until the test opens the gate.
    case gate(Gate)
}

/// A one-way door a scripted attempt waits at, so a test controls when it goes on.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

/// The requests a scripted transport saw, and which connections were closed early.
actor TransportLog {
    private(set) var requests: [(model: String, extraBody: [String: JSONValue])] = []
    private(set) var closedEarly = 0
    /// The effort each request asked for, in order.
    private(set) var efforts: [ReasoningEffort?] = []
    /// The temperature and token limit each request asked for, in order.
    private(set) var parameters: [RequestParameters] = []
    /// The conversation each model was last sent.
    private(set) var conversations: [String: [ChatMessage]] = [:]
    private var scripts: [String: [[Step]]]
    private let fallback: [Step]

    init(scripts: [String: [[Step]]], fallback: [Step]) {
        self.scripts = scripts
        self.fallback = fallback
    }

    func take(_ request: ChatRequest) -> [Step] {
        requests.append((request.model, request.extraBody))
        efforts.append(request.effort)
        parameters.append(RequestParameters(temperature: request.temperature, maxTokens: request.maxTokens))
        conversations[request.model] = request.messages
        guard var queue = scripts[request.model], !queue.isEmpty else { return fallback }
        let next = queue.removeFirst()
        // The last script of a model repeats, so "always fails" needs one entry.
        scripts[request.model] = queue.isEmpty ? [next] : queue
        return next
    }

    func noteClosedEarly() { closedEarly += 1 }

    var models: [String] { requests.map(\.model) }
}

/// Plays, per model id, one script per attempt in order (the last one repeating).
struct ScriptedTransport: ChatTransport {
    let log: TransportLog

    init(_ scripts: [String: [[Step]]], fallback: [Step] = [.open, .text("ok")]) {
        log = TransportLog(scripts: scripts, fallback: fallback)
    }

    func streamChat(_ request: ChatRequest, provider: Provider,
                    timeouts: Timeouts) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let log = self.log
        return AsyncThrowingStream { continuation in
            let task = Task {
                let steps = await log.take(request)
                for step in steps {
                    switch step {
                    case .open: continuation.yield(.opened)
                    case .text(let t): continuation.yield(.text(t))
                    case .reasoning(let r): continuation.yield(.reasoning(r))
                    case .usage(let u): continuation.yield(.usage(u))
                    case .servedBy(let m): continuation.yield(.servedBy(m))
                    case .fail(let error): return continuation.finish(throwing: error)
                    case .hang:
                        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                        return
                    case .gate(let gate):
                        await gate.wait()
                    }
                    await Task.yield()
                }
                continuation.yield(.finished(reason: "stop"))
                continuation.finish()
            }
            continuation.onTermination = { termination in
                if case .cancelled = termination {
                    task.cancel()
                    Task { await log.noteClosedEarly() }
                }
            }
        }
    }
}

/// Virtual time: `sleep` returns at once and moves the clock on; tests can move it too.
actor VirtualClock: ConductorClock {
    private let origin = ContinuousClock.now
    private var offset: Duration = .zero
    private(set) var sleeps: [Duration] = []

    func now() async -> ContinuousClock.Instant { origin + offset }

    func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        sleeps.append(duration)
        offset += duration
    }

    func advance(by duration: Duration) { offset += duration }
}

/// Latency figures fixed by the test.
struct FixedHistory: PerformanceHistory {
    var stats: [ModelRef: LatencyStats]
    func latencyStats(for model: ModelRef) async -> LatencyStats? { stats[model] }
}

extension ModelRef {
    static func t(_ model: String, _ provider: String = "p1") -> ModelRef { ModelRef(provider: provider, model: model) }
}

let testProviders: [String: Provider] = [
    "p1": Provider(name: "p1", preset: .custom, baseURL: "http://127.0.0.1:9/v1"),
    "p2": Provider(name: "p2", preset: .custom, baseURL: "http://127.0.0.1:9/v1"),
    "or": Provider(name: "or", preset: .openrouter, baseURL: "http://127.0.0.1:9/v1"),
]

let question = [ChatMessage(role: .user, content: "Why is the sky blue?")]

/// Collects every event of a stream (it always ends: each lane has a terminal event).
func collect(_ stream: AsyncStream<EngineEvent>) async -> [EngineEvent] {
    var events: [EngineEvent] = []
    for await event in stream { events.append(event) }
    return events
}

/// Events as short log lines: `start p1:a #1`, `failed p1:a #1 rate-limited`, `finished p1:b "ok"`.
func compact(_ events: [EngineEvent], lanes: Bool = false) -> [String] {
    events.map { event in
        let prefix = lanes ? "\(event.lane) " : ""
        switch event.kind {
        case .routed(let route, let order, _): return prefix + "routed \(route) \(order.map(\.description).joined(separator: ","))"
        case .skipped(let m, _): return prefix + "skipped \(m)"
        case .attemptStarted(let m, let n): return prefix + "start \(m) #\(n)"
        case .firstToken(let m, _): return prefix + "first \(m)"
        case .textDelta(let m, let t): return prefix + "text \(m) \(t)"
        case .thinking(let m, _): return prefix + "thinking \(m)"
        case .reasoningDelta(let m, let t): return prefix + "reasoning \(m) \(t)"
        case .attemptFailed(let m, let n, let e, let partial):
            return prefix + "failed \(m) #\(n) \(e.kind)" + (partial.isEmpty ? "" : " partial=\(partial)")
        case .retryScheduled(let m, let n, let w): return prefix + "retry \(m) #\(n) in \(w.seconds)"
        case .fallingBack(let from, let to, _): return prefix + "fallback \(from) -> \(to)"
        case .finished(let o): return prefix + "finished \(o.model) \"\(o.text)\""
        case .failed(let attempts):
            return prefix + "all failed " + attempts.map { "\($0.model)#\($0.attempt):\($0.error.kind)" }.joined(separator: ",")
        case .cancelled: return prefix + "cancelled"
        }
    }
}

func outcome(_ events: [EngineEvent]) -> EngineEvent.Outcome? {
    for event in events { if case .finished(let o) = event.kind { return o } }
    return nil
}

func makeConductor(_ transport: ScriptedTransport, clock: VirtualClock = VirtualClock(),
                   catalogue: FixedCatalogue = FixedCatalogue(), history: FixedHistory? = nil,
                   policy: ConductorPolicy = ConductorPolicy(randomSeed: 42)) -> Conductor {
    Conductor(providers: testProviders, transport: transport, catalogue: catalogue, history: history,
              policy: policy, clock: clock)
}

@Suite struct ConductorHarnessTests {
    @Test func scriptedTransportPlaysScriptsInOrderAndRepeatsTheLast() async throws {
        let transport = ScriptedTransport(["m": [[.fail(.network(message: "x"))], [.text("a")]]])
        let provider = testProviders["p1"]!
        var got: [String] = []
        for _ in 0..<3 {
            do {
                for try await event in transport.streamChat(ChatRequest(model: "m", messages: question),
                                                            provider: provider, timeouts: .standard) {
                    if case .text(let t) = event { got.append(t) }
                }
            } catch { got.append("error") }
        }
        #expect(got == ["error", "a", "a"])
    }
}
