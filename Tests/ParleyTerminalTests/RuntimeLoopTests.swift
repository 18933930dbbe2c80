import Testing
import ParleyUI
@testable import ParleyTerminal

// A toy program: counts tokens, quits on "q", asks for a stream on "s".
private struct Toy: Sendable {
    var size = (width: 0, height: 0)
    var tokens = 0
    var keys: [Key] = []
    var quit = false
    /// How many times tokens were reduced (once per token, or once per joined run).
    var tokenReductions = 0
}

private enum ToyAction: Sendable { case input(InputEvent), token, tokens(Int) }
private enum ToyCommand: Sendable, Equatable { case stream, echo(Key) }

private let toyProgram = LoopProgram<Toy, ToyAction, ToyCommand>(
    reduce: { state, action in
        switch action {
        case .input(.resize(let width, let height)):
            state.size = (width, height)
        case .input(.key(.character("q"))):
            state.quit = true
        case .input(.key(.character("s"))):
            return [.stream]
        case .input(.key(let key)):
            state.keys.append(key)
            return [.echo(key)]
        case .input:
            break
        case .token:
            state.tokens += 1
            state.tokenReductions += 1
        case .tokens(let n):
            state.tokens += n
            state.tokenReductions += 1
        }
        return []
    },
    render: { state in
        // The last digit of the tokens counted, then of the keys typed.
        var canvas = Canvas(width: 2, height: 1)
        canvas[0, 0] = Cell(character: Character(String(state.tokens % 10)))
        canvas[1, 0] = Cell(character: Character(String(state.keys.count % 10)))
        return canvas
    },
    wantsQuit: { $0.quit },
    input: { .input($0) })

/// The fake terminal: scripted input, recorded frames.
private final class FakeBackend: TerminalBackend {
    var size: (width: Int, height: Int) = (80, 24)
    var pendingInput: [InputEvent] = []
    var frames: [(time: Duration, canvas: Canvas)] = []
    /// How long drawing a frame takes on the fake clock.
    var drawCost: Duration = .zero
    let clock: FakeClock

    init(clock: FakeClock) { self.clock = clock }

    /// Delivers what the script holds up to now (the waiter sets it): a key typed while the
    /// loop was busy is there when the loop reads, whether or not it waited first.
    var beforeRead: (() -> Void)?

    func readInput() -> [InputEvent] {
        beforeRead?()
        defer { pendingInput = [] }
        return pendingInput
    }

    func draw(_ canvas: Canvas) {
        frames.append((clock.now, canvas))
        clock.now += drawCost
    }
}

// `@unchecked Sendable`: the tests run the loop on one thread; the slow program's reduce reads it.
private final class FakeClock: @unchecked Sendable { var now: Duration = .zero }

/// A scripted timeline instead of poll(2): each wait jumps the clock to the next scripted
/// event, or to the deadline if that comes first, and records the timeout it was given.
private final class FakeWaiter: EventWaiter {
    enum Event { case key(Key), token, signal(Int32) }

    var script: [(time: Duration, event: Event)]
    var timeouts: [Duration?] = []
    let clock: FakeClock
    let backend: FakeBackend
    let mailbox: Mailbox<ToyAction>

    init(script: [(Duration, Event)], clock: FakeClock, backend: FakeBackend, mailbox: Mailbox<ToyAction>) {
        self.script = script.map { (time: $0.0, event: $0.1) }
        self.clock = clock
        self.backend = backend
        self.mailbox = mailbox
    }

    func wait(timeout: Duration?) -> Wake {
        timeouts.append(timeout)
        let deadline = timeout.map { clock.now + $0 }
        guard let next = script.first else {
            if let deadline { clock.now = deadline; return Wake() }
            // Idle with nothing left to happen: end the test the way a user would.
            backend.pendingInput.append(.key(.character("q")))
            return Wake()
        }
        if let deadline, deadline < next.time {
            clock.now = deadline
            return Wake()
        }
        clock.now = max(clock.now, next.time)
        var wake = Wake()
        // Everything scheduled for this instant arrives together.
        while let event = script.first, event.time <= clock.now {
            script.removeFirst()
            switch event.event {
            case .key(let key): backend.pendingInput.append(.key(key))
            case .token: mailbox.post(.token)
            case .signal(let signal): wake.terminationSignals.append(signal)
            }
        }
        return wake
    }

    /// The keys and tokens due by now, without waiting (signals wait for the next `wait`).
    func deliverDue() {
        while let event = script.first, event.time <= clock.now {
            switch event.event {
            case .key(let key): backend.pendingInput.append(.key(key))
            case .token: mailbox.post(.token)
            case .signal: return
            }
            script.removeFirst()
        }
    }
}

private struct Harness {
    let clock: FakeClock
    let backend: FakeBackend
    let waiter: FakeWaiter
    let pipe: WakePipe
    let loop: RuntimeLoop<Toy, ToyAction, ToyCommand>
    let launched: Launched

    final class Launched {
        var commands: [ToyCommand] = []
        /// How many frames were drawn each time the first-frame hook ran.
        var firstFrameHook: [Int] = []
    }

    init(script: [(Duration, FakeWaiter.Event)],
         program: LoopProgram<Toy, ToyAction, ToyCommand> = toyProgram, clock: FakeClock = FakeClock()) throws {
        self.clock = clock
        pipe = try WakePipe()
        let mailbox = Mailbox<ToyAction>(wakeFD: pipe.writeEnd)
        backend = FakeBackend(clock: clock)
        waiter = FakeWaiter(script: script, clock: clock, backend: backend, mailbox: mailbox)
        backend.beforeRead = { [waiter] in waiter.deliverDue() }
        let launched = Launched()
        self.launched = launched
        let clock = self.clock
        let drawn = backend
        loop = RuntimeLoop(state: Toy(), program: program, backend: backend, waiter: waiter,
                           mailbox: mailbox, clock: { clock.now },
                           launch: { launched.commands.append($0) },
                           afterFirstFrame: { launched.firstFrameHook.append(drawn.frames.count) })
    }
}

/// The toy program with every token taking `cost` of `clock`'s time to reduce.
private func slowTokens(_ cost: Duration, on clock: FakeClock) -> LoopProgram<Toy, ToyAction, ToyCommand> {
    var slow = toyProgram
    let reduce = slow.reduce
    slow.reduce = { state, action in
        if case .token = action { clock.now += cost }
        return reduce(&state, action)
    }
    return slow
}

@Suite("RuntimeLoop")
struct RuntimeLoopTests {
    private func ms(_ n: Int) -> Duration { .milliseconds(n) }

    @Test("starts with the terminal size, draws once, then sleeps without a timeout")
    func start() throws {
        let harness = try Harness(script: [])
        defer { harness.pipe.close() }
        #expect(harness.loop.run() == .quit)
        #expect(harness.loop.state.size == (80, 24))
        #expect(harness.backend.frames.count == 1)
        #expect(harness.waiter.timeouts.first == .some(nil))
    }

    @Test("the startup hook runs once, when the first frame is on the screen")
    func afterFirstFrame() throws {
        let script: [(Duration, FakeWaiter.Event)] = (1...50).map { (Duration.milliseconds($0), .token) }
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.backend.frames.count > 1)
        #expect(harness.launched.firstFrameHook == [1])
    }

    @Test("a token every millisecond for 200 ms: ~60 fps, the last token shown, then idle")
    func coalescesStreaming() throws {
        let script: [(Duration, FakeWaiter.Event)] = (1...200).map { (Duration.milliseconds($0), .token) }
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        #expect(harness.loop.run() == .quit)
        let frames = harness.backend.frames
        #expect(harness.loop.state.tokens == 200)
        // 1 initial frame + at most one per 16 ms over 200 ms (+1 for the trailing frame).
        #expect(frames.count >= 12 && frames.count <= 15)
        for (earlier, later) in zip(frames, frames.dropFirst()) {
            #expect(later.time - earlier.time >= ms(16))
        }
        // The final frame shows the final state, at most 16 ms after the last token.
        #expect(frames.last?.canvas[0, 0].character == "0")
        #expect(frames.last.map { $0.time <= ms(216) } == true)
        // And once it was drawn, the loop slept with no timeout.
        #expect(harness.waiter.timeouts.last == .some(nil))
    }

    @Test("keys stay responsive while tokens stream")
    func inputWhileStreaming() throws {
        var script: [(Duration, FakeWaiter.Event)] = (1...100).map { (Duration.milliseconds($0), .token) }
        script.append((ms(50), .key(.ctrl("a"))))
        script.sort { $0.0 < $1.0 }
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.loop.state.keys == [.ctrl("a")])
        #expect(harness.launched.commands == [.echo(.ctrl("a"))])
        // The key was reduced and drawn within one frame interval.
        #expect(harness.backend.frames.contains { $0.time >= ms(50) && $0.time <= ms(66) })
    }

    @Test("a key is drawn at once, before the engine events that arrived with it are folded")
    func keysFirst() throws {
        // 503 tokens and a key arrive at 10 ms, 10 ms after a frame: the key is shown at 10 ms
        // on its own, the tokens in the paced frame an interval later, all of them.
        var script: [(Duration, FakeWaiter.Event)] = Array(repeating: (ms(10), .token), count: 503)
        script.append((ms(10), .key(.ctrl("a"))))
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        let frames = harness.backend.frames.map { (time: $0.time, tokens: $0.canvas[0, 0].character, keys: $0.canvas[1, 0].character) }
        #expect(frames.count == 3)
        #expect(frames.dropFirst().first.map { $0.time == ms(10) && $0.keys == "1" && $0.tokens == "0" } == true)
        #expect(frames.last.map { $0.time == ms(26) && $0.keys == "1" && $0.tokens == "3" } == true)
        #expect(harness.loop.state.tokens == 503 && harness.loop.state.tokenReductions == 503)
        #expect(harness.launched.commands == [.echo(.ctrl("a"))])
    }

    @Test("a stream with keys among its tokens keeps every token, in order, and draws every key")
    func keysAmongTokens() throws {
        // A token every millisecond, a key every 7: tokens still reach at most one paced frame
        // per interval after a key's frame, and nothing is lost.
        var script: [(Duration, FakeWaiter.Event)] = (1...103).map { (Duration.milliseconds($0), .token) }
        let keyTimes = stride(from: 3, through: 98, by: 7).map { ms($0) }
        script += keyTimes.map { ($0, .key(.ctrl("a"))) }
        script.sort { $0.0 < $1.0 }
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.loop.state.tokens == 103)
        #expect(harness.loop.state.keys.count == keyTimes.count)
        let frames = harness.backend.frames.map(\.time)
        #expect(keyTimes.allSatisfy { Set(frames).contains($0) })
        for (earlier, later) in zip(frames, frames.dropFirst()) where !keyTimes.contains(later) {
            #expect(later - earlier >= ms(16))
        }
        #expect(harness.backend.frames.last?.canvas[0, 0].character == "3")
    }

    @Test("a slow backlog is folded in slices: a key typed during it is drawn before the backlog ends")
    func keyDuringSlowFold() throws {
        // 600 tokens arrive at 10 ms and each takes 0.1 ms to reduce: 60 ms of folding. A key
        // typed at 13 ms is read when the first 4 ms slice ends and drawn then, not at 70 ms;
        // every token is still reduced, in order, and the last frame shows them all.
        let clock = FakeClock()
        let slow = slowTokens(.microseconds(100), on: clock)
        var script: [(Duration, FakeWaiter.Event)] = Array(repeating: (ms(10), .token), count: 600)
        script.append((ms(13), .key(.ctrl("a"))))
        let harness = try Harness(script: script, program: slow, clock: clock)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.loop.state.tokens == 600 && harness.loop.state.tokenReductions == 600)
        let keyFrame = harness.backend.frames.first { $0.canvas[1, 0].character == "1" }
        #expect(keyFrame.map { $0.time >= ms(13) && $0.time <= ms(15) } == true)
        #expect(keyFrame.map { $0.canvas[0, 0].character != "0" } == true)
        #expect(harness.backend.frames.last.map { $0.time >= ms(70) && $0.canvas[0, 0].character == "0" } == true)
    }

    @Test("a key typed while a paced frame is drawn is shown right after it, before more folding")
    func keyDuringPacedFrame() throws {
        // Four tokens every millisecond, each 0.2 ms to reduce (a backlog that grows); frames
        // take 6 ms. A key typed at 18 ms, while the paced frame due about then is drawn, gets its
        // frame as that one ends, not after a 4 ms slice of folding.
        let clock = FakeClock()
        let slow = slowTokens(.microseconds(200), on: clock)
        var script: [(Duration, FakeWaiter.Event)] = (1...60).flatMap { Array(repeating: (Duration.milliseconds($0), .token), count: 4) }
        script.append((ms(18), .key(.ctrl("a"))))
        script.sort { $0.0 < $1.0 }
        let harness = try Harness(script: script, program: slow, clock: clock)
        harness.backend.drawCost = ms(6)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        let frames = harness.backend.frames
        let index = try #require(frames.firstIndex { $0.canvas[1, 0].character == "1" })
        let paced = frames[index - 1].time
        // The key was typed while the frame before its own was drawn, and shown as that ended.
        #expect(paced <= ms(18) && paced + ms(6) > ms(18))
        #expect(frames[index].time == paced + ms(6))
        #expect(harness.loop.state.tokens == 240)
    }

    @Test("a fast backlog is folded whole before the loop sleeps again")
    func fastFoldIsWhole() throws {
        let script: [(Duration, FakeWaiter.Event)] = Array(repeating: (ms(10), .token), count: 5000)
        let harness = try Harness(script: script)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.loop.state.tokens == 5000)
        // The start's frame, then one frame with every token.
        #expect(harness.backend.frames.count == 2)
        #expect(harness.backend.frames.last?.canvas[0, 0].character == "0")
    }

    @Test("actions drained together pass through the program's coalesce before they are reduced")
    func coalescesDrainedActions() throws {
        var joining = toyProgram
        joining.coalesce = { actions in
            let tokens = actions.filter { if case .token = $0 { true } else { false } }.count
            return actions.filter { if case .token = $0 { false } else { true } } + (tokens > 0 ? [.tokens(tokens)] : [])
        }
        let script: [(Duration, FakeWaiter.Event)] = Array(repeating: (ms(5), .token), count: 10)
            + Array(repeating: (ms(40), .token), count: 3)
        let harness = try Harness(script: script, program: joining)
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.loop.state.tokens == 13)
        #expect(harness.loop.state.tokenReductions == 2)
        let plain = try Harness(script: script)
        defer { plain.pipe.close() }
        _ = plain.loop.run()
        #expect(plain.loop.state.tokenReductions == 13)
    }

    @Test("commands returned by reduce are launched in order")
    func launchesCommands() throws {
        let harness = try Harness(script: [(ms(1), .key(.character("s"))), (ms(1), .key(.ctrl("x")))])
        defer { harness.pipe.close() }
        _ = harness.loop.run()
        #expect(harness.launched.commands == [.stream, .echo(.ctrl("x"))])
    }

    @Test("quitting stops at once: later actions of the same batch are not reduced")
    func quitStops() throws {
        let harness = try Harness(script: [(ms(1), .key(.character("q"))), (ms(1), .key(.ctrl("b")))])
        defer { harness.pipe.close() }
        #expect(harness.loop.run() == .quit)
        #expect(harness.loop.state.keys.isEmpty)
    }

    @Test("a termination signal ends the loop")
    func signal() throws {
        let harness = try Harness(script: [(ms(1), .token), (ms(2), .signal(15))])
        defer { harness.pipe.close() }
        #expect(harness.loop.run() == .signal(15))
    }
}

@Suite("FrameStats")
struct FrameStatsTests {
    @Test("quantiles by nearest rank")
    func quantiles() {
        let values = (1...100).map { Duration.milliseconds($0) }
        #expect(FrameStats.quantile(0.5, of: values) == .milliseconds(50))
        #expect(FrameStats.quantile(0.99, of: values) == .milliseconds(99))
        #expect(FrameStats.quantile(1, of: values) == .milliseconds(100))
        #expect(FrameStats.quantile(0.5, of: []) == nil)
        #expect(FrameStats.quantile(0.99, of: [.milliseconds(7)]) == .milliseconds(7))
    }

    @Test("a key's latency runs from its reading to the end of the next frame; keys in between share it")
    func keyLatency() {
        var stats = FrameStats()
        stats.noteFrame(started: .milliseconds(0), ended: .milliseconds(2))
        stats.noteInput(count: 1, at: .milliseconds(5))
        stats.noteInput(count: 2, at: .milliseconds(9))
        stats.noteEngineActions(count: 40)
        stats.noteFrame(started: .milliseconds(16), ended: .milliseconds(20))
        stats.noteFrame(started: .milliseconds(32), ended: .milliseconds(33))
        #expect(stats.keyLatencies == [.milliseconds(15)])
        #expect(stats.frameTimes == [.milliseconds(2), .milliseconds(4), .milliseconds(1)])
        #expect(stats.inputEvents == 3 && stats.engineActions == 40 && stats.frames == 3)
        #expect(stats.framesPerSecond.map { abs($0 - 2 / 0.033) < 0.01 } == true)
        let json = String(decoding: stats.json(), as: UTF8.self)
        #expect(json.contains("\"frames\" : 3"))
        #expect(json.contains("\"p50\" : 15"))
    }

    @Test("a key's frame is split into render, output and CPU; its wait is bounded from the loop's last look")
    func keyFrameBreakdown() {
        var stats = FrameStats()
        stats.noteInput(count: 1, at: .milliseconds(5), arrivedAfter: .milliseconds(3))
        stats.noteFrame(started: .milliseconds(6), rendered: .milliseconds(9), ended: .milliseconds(10),
                        cpu: .milliseconds(2))
        stats.noteFrame(started: .milliseconds(26), rendered: .milliseconds(27), ended: .milliseconds(28))
        #expect(stats.keyLatencies == [.milliseconds(5)])
        #expect(stats.keyWaitBounds == [.milliseconds(7)])
        #expect(stats.keyFrameRenderTimes == [.milliseconds(3)])
        #expect(stats.keyFrameOutputTimes == [.milliseconds(1)])
        #expect(stats.keyFrameCPUTimes == [.milliseconds(2)])
        let json = String(decoding: stats.json(), as: UTF8.self)
        #expect(json.contains("\"key_wait_bound_ms\""))
    }
}

@Suite("RuntimeLoop statistics")
struct RuntimeLoopStatsTests {
    @Test("records frames, engine actions and how long a key waited to be drawn")
    func recordsWhatTheLoopDid() throws {
        let clock = FakeClockForStats()
        let pipe = try WakePipe()
        defer { pipe.close() }
        let mailbox = Mailbox<ToyAction>(wakeFD: pipe.writeEnd)
        let backend = FakeBackend(clock: clock.inner)
        backend.drawCost = .milliseconds(2)
        let waiter = FakeWaiter(script: [(.milliseconds(5), .token), (.milliseconds(6), .token),
                                         (.milliseconds(8), .key(.character("a")))],
                                clock: clock.inner, backend: backend, mailbox: mailbox)
        let loop = RuntimeLoop(state: Toy(), program: toyProgram, backend: backend, waiter: waiter,
                               mailbox: mailbox, recordsStats: true, clock: { clock.inner.now }, launch: { _ in })
        #expect(loop.run() == .quit)
        let stats = try #require(loop.stats)
        #expect(stats.engineActions == 2)
        #expect(stats.frames == loop.framesDrawn)
        // Frames take 2 ms. Drawn at 0; tokens at 5 and 6 are folded while the frame due at 16
        // waits; the key read at 8 is drawn at once (with them), so it waits only for its frame.
        #expect(stats.keyLatencies.first == .milliseconds(2))
        // The loop was asleep when the key came: it arrived when the loop woke.
        #expect(stats.keyWaitBounds.first == .milliseconds(2))
        #expect(stats.foldTimes.count == 2)
    }
}

private struct FakeClockForStats { let inner = FakeClock() }
