import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

/// Exact event sequences for each kind of fault, on a scripted transport and virtual time.
@Suite struct ConductorFallbackTests {
    let a = ModelRef.t("a"), b = ModelRef.t("b"), c = ModelRef.t("c", "p2")

    @Test func rateLimitedWithRetryAfterIsRetriedAfterTheServersWait() async throws {
        let transport = ScriptedTransport(["a": [[.fail(.rateLimited(retryAfter: .seconds(1), message: "slow down"))],
                                                 [.open, .text("Hel"), .text("lo")]]])
        let clock = VirtualClock()
        let conductor = makeConductor(transport, clock: clock)
        let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1",
            "failed p1:a #1 rate-limited",
            "retry p1:a #2 in 1.0",
            "start p1:a #2",
            "first p1:a",
            "text p1:a Hel",
            "text p1:a lo",
            "finished p1:a \"Hello\"",
        ])
        #expect(await clock.sleeps == [.seconds(1)])
    }

    @Test func serverErrorsAreRetriedTwiceWithBackoffThenFallBack() async throws {
        let transport = ScriptedTransport(["a": [[.fail(.server(status: 500, message: "boom", retryAfter: nil))]]])
        let clock = VirtualClock()
        let events = await collect(await makeConductor(transport, clock: clock).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events).filter { !$0.hasPrefix("retry") } == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1", "failed p1:a #1 server-error",
            "start p1:a #2", "failed p1:a #2 server-error",
            "start p1:a #3", "failed p1:a #3 server-error",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
        // Exponential backoff with up to 25 % jitter: 0.5 s then 1 s, each minus jitter.
        let sleeps = await clock.sleeps.map(\.seconds)
        #expect(sleeps.count == 2)
        #expect((0.375...0.5).contains(sleeps[0]))
        #expect((0.75...1.0).contains(sleeps[1]))
        #expect(await transport.log.models == ["a", "a", "a", "b"])
    }

    @Test func authenticationFailureSkipsTheRestOfThatProvider() async throws {
        let transport = ScriptedTransport(["a": [[.fail(.authentication(status: 401, message: "bad key"))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b, c])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b,p2:c",
            "start p1:a #1",
            "failed p1:a #1 auth",
            "skipped p1:b",
            "fallback p1:a -> p2:c",
            "start p2:c #1", "first p2:c", "text p2:c ok", "finished p2:c \"ok\"",
        ])
        guard case .skipped(_, let reason) = events[3].kind else { Issue.record("not skipped"); return }
        #expect(reason.contains("p1 refused") && reason.contains("401"))
        #expect(await transport.log.models == ["a", "c"])
    }

    @Test func stallAfterSomeTextKeepsThePartialTextAndFallsBackWithoutRetry() async throws {
        let transport = ScriptedTransport(["a": [[.open, .text("Hel"), .text("lo"), .fail(.timeout(.idle))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1", "first p1:a", "text p1:a Hel", "text p1:a lo",
            "failed p1:a #1 timeout-idle partial=Hello",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
    }

    @Test func errorChunkInsideA200StreamFallsBack() async throws {
        let transport = ScriptedTransport(["a": [[.open, .text("Par"), .fail(.streamError(code: "502", message: "upstream died"))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1", "first p1:a", "text p1:a Par",
            "failed p1:a #1 stream-error partial=Par",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
    }

    @Test func droppedConnectionAfterTheStreamOpenedFallsBackWithoutRetry() async throws {
        // Even with no text yet, a body that was being read is never sent again to the same model.
        let transport = ScriptedTransport(["a": [[.open, .fail(.network(message: "connection reset"))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1",
            "failed p1:a #1 network",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
    }

    @Test func networkErrorBeforeAnyResponseIsRetried() async throws {
        let transport = ScriptedTransport(["a": [[.fail(.network(message: "refused"))], [.open, .text("ok")]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a])))
        #expect(compact(events).filter { !$0.hasPrefix("retry") } == [
            "routed ordered p1:a",
            "start p1:a #1", "failed p1:a #1 network",
            "start p1:a #2", "first p1:a", "text p1:a ok", "finished p1:a \"ok\"",
        ])
    }

    @Test func silentModelTimesOutOnFirstTokenAndFallsBack() async throws {
        let transport = ScriptedTransport(["a": [[.open, .fail(.timeout(.firstToken))]]])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1",
            "failed p1:a #1 timeout-first-token",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
    }

    @Test func whenEveryModelFailsTheFailureListsEachAttempt() async throws {
        let transport = ScriptedTransport([
            "a": [[.fail(.modelNotFound(status: 404, message: "no such model"))]],
            "b": [[.fail(.rateLimited(retryAfter: .seconds(30), message: "busy"))]],
            "c": [[.fail(.paymentRequired(message: "no credit"))]],
        ])
        let events = await collect(await makeConductor(transport).send(question, plan: RoutePlan(chain: [a, b, c])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b,p2:c",
            "start p1:a #1", "failed p1:a #1 not-found",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "failed p1:b #1 rate-limited", "retry p1:b #2 in 30.0",
            "start p1:b #2", "failed p1:b #2 rate-limited", "retry p1:b #3 in 30.0",
            "start p1:b #3", "failed p1:b #3 rate-limited",
            "fallback p1:b -> p2:c",
            "start p2:c #1", "failed p2:c #1 payment",
            "all failed p1:a#1:not-found,p1:b#1:rate-limited,p1:b#2:rate-limited,p1:b#3:rate-limited,p2:c#1:payment",
        ])
    }

    @Test func aServerAskingForMoreThanAMinuteIsNotWaitedFor() async throws {
        let transport = ScriptedTransport(["a": [[.fail(.rateLimited(retryAfter: .seconds(120), message: "quota"))]]])
        let clock = VirtualClock()
        let events = await collect(await makeConductor(transport, clock: clock).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events) == [
            "routed ordered p1:a,p1:b",
            "start p1:a #1", "failed p1:a #1 rate-limited",
            "fallback p1:a -> p1:b",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
        guard case .fallingBack(_, _, let reason) = events[3].kind else { Issue.record("no fallback"); return }
        #expect(reason.contains("120 s"))
        #expect(await clock.sleeps.isEmpty)
    }

    @Test func anAbsurdRetryAfterSkipsTheModelWithoutTrapping() async throws {
        // What the gateway makes of `Retry-After: 1e300`: the clamped ceiling, not a trap.
        let asked = try #require(RetryAfter.parse(headers: [("Retry-After", "1e300")]))
        let transport = ScriptedTransport(["a": [[.fail(.rateLimited(retryAfter: asked, message: "quota"))]]])
        let clock = VirtualClock()
        let events = await collect(await makeConductor(transport, clock: clock).send(question, plan: RoutePlan(chain: [a, b])))
        #expect(compact(events).last == "finished p1:b \"ok\"")
        guard case .fallingBack(_, _, let reason) = events[3].kind else { Issue.record("no fallback"); return }
        #expect(reason.contains("more than 60 s"))
        #expect(await clock.sleeps.isEmpty)
    }

    @Test func aModelThatJustFailedCoolsDownForLaterRequests() async throws {
        let transport = ScriptedTransport([
            "a": [[.fail(.rateLimited(retryAfter: .seconds(600), message: "busy"))], [.open, .text("back")]],
        ])
        let clock = VirtualClock()
        let conductor = makeConductor(transport, clock: clock)
        let plan = RoutePlan(chain: [a, b])
        _ = await collect(await conductor.send(question, plan: plan))

        let second = await collect(await conductor.send(question, plan: plan))
        #expect(compact(second) == [
            "routed ordered p1:a,p1:b",
            "skipped p1:a",
            "start p1:b #1", "first p1:b", "text p1:b ok", "finished p1:b \"ok\"",
        ])
        guard case .skipped(_, let reason) = second[1].kind else { Issue.record("not skipped"); return }
        #expect(reason.contains("cooling down for 60 s") && reason.contains("429"))

        // The last model standing is tried even while it cools.
        let alone = await collect(await conductor.send(question, plan: RoutePlan(chain: [a])))
        #expect(compact(alone) == ["routed ordered p1:a", "start p1:a #1", "first p1:a", "text p1:a back",
                                   "finished p1:a \"back\""])

        // A success ended the cool-down; and after a failure, the cool-down runs out with time.
        await clock.advance(by: .seconds(61))
        let later = await collect(await conductor.send(question, plan: plan))
        #expect(compact(later).prefix(2) == ["routed ordered p1:a,p1:b", "start p1:a #1"])
    }

    @Test func coolDownExpiresAfterItsTime() async throws {
        let transport = ScriptedTransport([
            "a": [[.fail(.server(status: 503, message: "down", retryAfter: .seconds(90)))], [.open, .text("up")]],
        ])
        let clock = VirtualClock()
        let conductor = makeConductor(transport, clock: clock)
        let plan = RoutePlan(chain: [a, b])
        _ = await collect(await conductor.send(question, plan: plan))
        await clock.advance(by: .seconds(59))
        #expect(compact(await collect(await conductor.send(question, plan: plan)))[1] == "skipped p1:a")
        await clock.advance(by: .seconds(2))
        #expect(compact(await collect(await conductor.send(question, plan: plan)))[1] == "start p1:a #1")
    }

    @Test func usageFromTheServerWinsAndCostFallsBackToCataloguePrices() async throws {
        let transport = ScriptedTransport([
            "a": [[.open, .text("priced"), .usage(Usage(promptTokens: 1000, completionTokens: 2000))]],
            "b": [[.open, .text("billed"), .usage(Usage(promptTokens: 10, completionTokens: 20, cost: 0.5))]],
            "c": [[.open, .text("four"), .text(" words here ok")]],
        ])
        let catalogue = FixedCatalogue([a: ModelInfo(id: "a", promptPricePerMillion: 1, completionPricePerMillion: 2)])
        let conductor = makeConductor(transport, catalogue: catalogue)

        let priced = try #require(outcome(await collect(await conductor.send(question, plan: .single(a)))))
        #expect(priced.usage.completionTokens == 2000 && !priced.usageEstimated)
        #expect(abs((priced.cost ?? 0) - 0.005) < 1e-12)

        let billed = try #require(outcome(await collect(await conductor.send(question, plan: .single(b)))))
        #expect(billed.cost == 0.5)

        let estimated = try #require(outcome(await collect(await conductor.send(question, plan: .single(c)))))
        #expect(estimated.usageEstimated)
        #expect(estimated.usage.completionTokens == TokenEstimate.tokens(in: "four words here ok"))
        #expect(estimated.usage.promptTokens == TokenEstimate.promptTokens(question))
        #expect(estimated.cost == nil)
        #expect(estimated.timeToFirstToken != nil)
    }
}
