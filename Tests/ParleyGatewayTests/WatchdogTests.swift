import Testing
@testable import ParleyGateway

/// The watchdog's deadlines, read at chosen instants (no sleeping, no wall clock).
@Suite("Attempt watchdog")
struct WatchdogTests {
    let start = ContinuousClock.now

    @Test func firstThinkingEndsTheFirstTokenLimit() async {
        let watchdog = AttemptWatchdog(timeouts: Timeouts(connect: nil, firstToken: .seconds(2), idle: .seconds(30),
                                                          total: .seconds(600)), started: start)
        let before = await watchdog.nearestDeadline()
        #expect(before?.0 == start + .seconds(2))
        #expect(before?.1 == .firstToken)

        // A reasoning model's first thinking token, 1 s in: from now the idle limit applies.
        await watchdog.streamStarted(at: start + .seconds(1))
        let thinking = await watchdog.nearestDeadline()
        #expect(thinking?.0 == start + .seconds(31))
        #expect(thinking?.1 == .idle)
    }

    /// Thinking for four minutes, a token every few seconds, never trips a limit but the total.
    @Test func aLongThoughtKeepsTheStreamAlive() async {
        let watchdog = AttemptWatchdog(timeouts: Timeouts(connect: nil, firstToken: .seconds(60), idle: .seconds(30),
                                                          total: .seconds(600)), started: start)
        await watchdog.streamStarted(at: start + .seconds(5))
        for second in stride(from: 10, through: 240, by: 10) {
            await watchdog.progressed(at: start + .seconds(second))
            let deadline = await watchdog.nearestDeadline()
            #expect(deadline?.0 == start + .seconds(second + 30))
            #expect(deadline?.1 == .idle)
        }
    }

    @Test func silenceWhileThinkingIsAStall() async {
        let watchdog = AttemptWatchdog(timeouts: Timeouts(connect: nil, firstToken: .seconds(60), idle: .seconds(30),
                                                          total: nil), started: start)
        await watchdog.streamStarted(at: start + .seconds(3))
        let deadline = await watchdog.nearestDeadline()
        #expect(deadline?.1 == .idle)
        #expect(deadline?.0 == start + .seconds(33))
    }
}
