import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

@Suite struct ConductorCancellationTests {
    @Test func cancellingARequestMidStreamYieldsCancelledAndClosesTheConnection() async throws {
        let transport = ScriptedTransport(["a": [[.open, .text("Once upon"), .hang]]])
        let conductor = makeConductor(transport)
        let request = UUID()
        var kinds: [String] = []
        for await event in await conductor.send(question, plan: RoutePlan(chain: [.t("a"), .t("b")]), request: request) {
            kinds.append(compact([event])[0])
            if case .textDelta = event.kind { await conductor.cancel(request: request) }
        }
        #expect(kinds == ["routed ordered p1:a,p1:b", "start p1:a #1", "first p1:a", "text p1:a Once upon", "cancelled"])
        #expect(await transport.log.models == ["a"])  // no fallback after a cancel
        try await eventually { await transport.log.closedEarly == 1 }
        try await eventually { await conductor.requestsInFlight.isEmpty }
    }

    @Test func aConsumerThatStopsListeningStopsTheNetworkWork() async throws {
        let transport = ScriptedTransport(["a": [[.open, .text("Once upon"), .hang]]])
        let conductor = makeConductor(transport)
        let consumer = Task {
            // Leaving the loop drops the only iterator and stream, which terminates the stream.
            for await event in await conductor.send(question, plan: .single(.t("a"))) {
                if case .textDelta = event.kind { break }
            }
        }
        await consumer.value
        try await eventually { await transport.log.closedEarly == 1 }
        try await eventually { await conductor.requestsInFlight.isEmpty }
    }

    @Test func cancellingTheConsumingTaskStopsTheNetworkWork() async throws {
        let transport = ScriptedTransport(["a": [[.open, .text("Once upon"), .hang]]])
        let conductor = makeConductor(transport)
        let stream = await conductor.send(question, plan: .single(.t("a")))
        let started = AsyncStream<Void>.makeStream()
        let consumer = Task {
            for await event in stream { if case .textDelta = event.kind { started.continuation.yield() } }
        }
        for await _ in started.stream { break }
        consumer.cancel()
        await consumer.value
        try await eventually { await transport.log.closedEarly == 1 }
        try await eventually { await conductor.requestsInFlight.isEmpty }
    }

    @Test func cancellingDuringARetryWaitStopsAtOnce() async throws {
        // A real clock and a long server-requested wait: cancellation must cut the sleep short.
        let transport = ScriptedTransport(["a": [[.fail(.rateLimited(retryAfter: .seconds(50), message: "busy"))]]])
        let conductor = Conductor(providers: testProviders, transport: transport, policy: ConductorPolicy(randomSeed: 1))
        let request = UUID()
        var kinds: [String] = []
        for await event in await conductor.send(question, plan: .single(.t("a")), request: request) {
            kinds.append(compact([event])[0])
            if case .retryScheduled = event.kind { await conductor.cancel(request: request) }
        }
        #expect(kinds == ["routed ordered p1:a", "start p1:a #1", "failed p1:a #1 rate-limited",
                          "retry p1:a #2 in 50.0", "cancelled"])
    }
}

/// Waits for a condition that other tasks will make true, without a fixed sleep: polls with
/// yields, failing only after a generous deadline.
func eventually(_ condition: () async -> Bool, deadline: Duration = .seconds(10)) async throws {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while !(await condition()) {
        guard clock.now < end else {
            Issue.record("condition not met within \(deadline)")
            return
        }
        try await Task.sleep(for: .milliseconds(5))
    }
}
