import Foundation
import Testing
import ParleyGateway
import ParleySim
@testable import ParleyEngine

/// The Conductor against the real simulator over HTTP, through the real GatewayClient: the same
/// fault sequences as the scripted tests, with short server delays and generous time limits.
@Suite(.serialized) struct ConductorSimulatorTests {
    /// Starts a simulator, runs `body` with a Conductor on it, shuts everything down.
    func withSimulator(_ body: (Conductor, SimServer) async throws -> Void) async throws {
        let server = try await SimServer.start(host: "127.0.0.1", port: 0)
        let client = GatewayClient()
        let providers = [
            "demo": Provider(name: "demo", preset: .demo, baseURL: server.baseURL),
            // A second provider on the same server, to see provider-wide skips stop at the provider.
            "spare": Provider(name: "spare", preset: .custom, baseURL: server.baseURL),
        ]
        // Short waits so retries take milliseconds; limits that a healthy simulator never hits,
        // even with the whole suite running on two cores (at 1 s / 500 ms, and once at 3 s / 2 s
        // while end-to-end tests still blocked pool threads, a loaded run saw a healthy stream
        // time out). The silent and stalled models pay these limits once each.
        let policy = ConductorPolicy(
            initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(40),
            timeouts: Timeouts(connect: .seconds(10), firstToken: .seconds(8), idle: .seconds(4),
                               total: .seconds(60)),
            randomSeed: 3)
        let conductor = Conductor(providers: providers, transport: client, policy: policy)
        do {
            try await body(conductor, server)
        } catch {
            try? await client.shutdown()
            try? await server.shutdown()
            throw error
        }
        try await client.shutdown()
        try await server.shutdown()
    }

    func demo(_ model: String) -> ModelRef { ModelRef(provider: "demo", model: model) }

    /// The compact sequence without the text deltas (their count depends on the prose).
    func steps(_ events: [EngineEvent]) -> [String] {
        compact(events).filter { !$0.hasPrefix("text ") }
    }

    func answer(_ events: [EngineEvent]) -> String {
        outcome(events)?.text ?? ""
    }

    @Test func flakyModelIsRetriedUntilItAnswers() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: .single(demo("flaky@fails=2"))))
            #expect(steps(events) == [
                "routed ordered demo:flaky@fails=2",
                "start demo:flaky@fails=2 #1", "failed demo:flaky@fails=2 #1 server-error", "retry demo:flaky@fails=2 #2 in 0.1",
                "start demo:flaky@fails=2 #2", "failed demo:flaky@fails=2 #2 server-error", "retry demo:flaky@fails=2 #3 in 0.1",
                "start demo:flaky@fails=2 #3", "first demo:flaky@fails=2",
                "finished demo:flaky@fails=2 \"\(answer(events))\"",
            ])
            #expect(!answer(events).isEmpty)
        }
    }

    @Test func rateLimitedIsRetriedWithTheServersWaitThenFallsBack() async throws {
        try await withSimulator { conductor, server in
            let limited = demo("rate-limited@retry=0.05")
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [limited, demo("echo")])))
            #expect(steps(events) == [
                "routed ordered demo:rate-limited@retry=0.05,demo:echo",
                "start demo:rate-limited@retry=0.05 #1", "failed demo:rate-limited@retry=0.05 #1 rate-limited",
                "retry demo:rate-limited@retry=0.05 #2 in 0.05",
                "start demo:rate-limited@retry=0.05 #2", "failed demo:rate-limited@retry=0.05 #2 rate-limited",
                "retry demo:rate-limited@retry=0.05 #3 in 0.05",
                "start demo:rate-limited@retry=0.05 #3", "failed demo:rate-limited@retry=0.05 #3 rate-limited",
                "fallback demo:rate-limited@retry=0.05 -> demo:echo",
                "start demo:echo #1", "first demo:echo", "finished demo:echo \"\(answer(events))\"",
            ])
            #expect(answer(events).contains("sky"))
            #expect(await server.stats()["rate-limited@retry=0.05"].requests == 3)
        }
    }

    @Test func serverErrorIsRetriedThenFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("broken"), demo("fast")])))
            #expect(steps(events).filter { !$0.hasPrefix("retry") } == [
                "routed ordered demo:broken,demo:fast",
                "start demo:broken #1", "failed demo:broken #1 server-error",
                "start demo:broken #2", "failed demo:broken #2 server-error",
                "start demo:broken #3", "failed demo:broken #3 server-error",
                "fallback demo:broken -> demo:fast",
                "start demo:fast #1", "first demo:fast", "finished demo:fast \"\(answer(events))\"",
            ])
            #expect(!answer(events).isEmpty)
        }
    }

    @Test func unauthorizedSkipsTheProvidersOtherModels() async throws {
        try await withSimulator { conductor, server in
            let chain = [demo("unauthorized"), demo("fast"), ModelRef(provider: "spare", model: "echo")]
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: chain)))
            #expect(steps(events) == [
                "routed ordered demo:unauthorized,demo:fast,spare:echo",
                "start demo:unauthorized #1", "failed demo:unauthorized #1 auth",
                "skipped demo:fast",
                "fallback demo:unauthorized -> spare:echo",
                "start spare:echo #1", "first spare:echo", "finished spare:echo \"\(answer(events))\"",
            ])
            #expect(await server.stats()["fast"].requests == 0)
        }
    }

    @Test func stallAfterThreeChunksKeepsPartialTextAndFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("stall@after=3"), demo("echo")])))
            let failure = try #require(events.compactMap { event -> String? in
                if case .attemptFailed(_, _, let error, let partial) = event.kind { return "\(error.kind)|\(partial)" }
                return nil
            }.first)
            let partial = String(failure.split(separator: "|", maxSplits: 1).last ?? "")
            #expect(failure.hasPrefix("timeout-idle|"))
            #expect(!partial.isEmpty)
            #expect(steps(events) == [
                "routed ordered demo:stall@after=3,demo:echo",
                "start demo:stall@after=3 #1", "first demo:stall@after=3",
                "failed demo:stall@after=3 #1 timeout-idle partial=\(partial)",
                "fallback demo:stall@after=3 -> demo:echo",
                "start demo:echo #1", "first demo:echo", "finished demo:echo \"\(answer(events))\"",
            ])
            #expect(events.filter { if case .textDelta(let m, _) = $0.kind { m.model.hasPrefix("stall") } else { false } }.count == 3)
        }
    }

    @Test func errorChunkInsideTheStreamFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("error-chunk"), demo("echo")])))
            let lines = steps(events)
            #expect(lines.count == 8)
            #expect(lines.prefix(3) == ["routed ordered demo:error-chunk,demo:echo", "start demo:error-chunk #1",
                                        "first demo:error-chunk"])
            #expect(lines[3].hasPrefix("failed demo:error-chunk #1 stream-error partial="))
            #expect(lines.suffix(4) == ["fallback demo:error-chunk -> demo:echo", "start demo:echo #1", "first demo:echo",
                                        "finished demo:echo \"\(answer(events))\""])
        }
    }

    @Test func droppedConnectionFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("drop@after=2"), demo("echo")])))
            let lines = steps(events)
            #expect(lines.count == 8)
            #expect(lines[3].hasPrefix("failed demo:drop@after=2 #1 network partial="))
            #expect(lines.suffix(4) == ["fallback demo:drop@after=2 -> demo:echo", "start demo:echo #1", "first demo:echo",
                                        "finished demo:echo \"\(answer(events))\""])
        }
    }

    @Test func silentModelTimesOutAndFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("silent"), demo("echo")])))
            #expect(steps(events) == [
                "routed ordered demo:silent,demo:echo",
                "start demo:silent #1", "failed demo:silent #1 timeout-first-token",
                "fallback demo:silent -> demo:echo",
                "start demo:echo #1", "first demo:echo", "finished demo:echo \"\(answer(events))\"",
            ])
        }
    }

    @Test func everyModelFailingListsEachAttempt() async throws {
        try await withSimulator { conductor, _ in
            let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [demo("forbidden"), ModelRef(provider: "spare", model: "error@status=404")])))
            #expect(steps(events) == [
                "routed ordered demo:forbidden,spare:error@status=404",
                "start demo:forbidden #1", "failed demo:forbidden #1 auth",
                "fallback demo:forbidden -> spare:error@status=404",
                "start spare:error@status=404 #1", "failed spare:error@status=404 #1 not-found",
                "all failed demo:forbidden#1:auth,spare:error@status=404#1:not-found",
            ])
        }
    }

    @Test func usageFromTheServerOrEstimatedWhenItSendsNone() async throws {
        try await withSimulator { conductor, _ in
            let reported = try #require(outcome(await collect(await conductor.send(question, plan: .single(demo("openrouter"))))))
            #expect(!reported.usageEstimated && reported.cost != nil && reported.usage.completionTokens > 0)
            let estimated = try #require(outcome(await collect(await conductor.send(question, plan: .single(demo("no-usage"))))))
            #expect(estimated.usageEstimated && estimated.usage.completionTokens > 0)
        }
    }

    @Test func threeLaneComparisonWithAFailingLaneThatFallsBack() async throws {
        try await withSimulator { conductor, _ in
            let lanes = [RoutePlan.single(demo("fast")), RoutePlan(chain: [demo("drop@after=2"), demo("cheap")]),
                         RoutePlan.single(demo("echo"))]
            let events = await collect(await conductor.compare(question, lanes: lanes))
            func lane(_ n: Int) -> [String] { steps(events.filter { $0.lane == n }) }
            #expect(lane(0).last?.hasPrefix("finished demo:fast") == true)
            #expect(lane(2).last?.hasPrefix("finished demo:echo") == true)
            let middle = lane(1)
            #expect(middle.count == 8)
            #expect(middle[3].hasPrefix("failed demo:drop@after=2 #1 network partial="))
            #expect(middle[4] == "fallback demo:drop@after=2 -> demo:cheap")
            #expect(middle.last?.hasPrefix("finished demo:cheap") == true)
        }
    }

    @Test func cancellingMidStreamStopsTheServersResponse() async throws {
        try await withSimulator { conductor, server in
            let request = UUID()
            var lines: [String] = []
            for await event in await conductor.send(question, plan: .single(demo("slow")), request: request) {
                lines.append(contentsOf: steps([event]))
                if case .textDelta = event.kind { await conductor.cancel(request: request) }
            }
            #expect(lines == ["routed ordered demo:slow", "start demo:slow #1", "first demo:slow", "cancelled"])
            try await eventually { await server.stats().activeResponses == 0 }
            #expect(await server.stats()["slow"].completed == 0)
        }
    }
}
