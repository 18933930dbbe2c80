import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

@Suite struct ConductorCompareTests {
    @Test func threeLanesStreamAtOnceAndAFailingLaneFallsBackOnItsOwn() async throws {
        let transport = ScriptedTransport([
            "a": [[.open, .text("A")]],
            "broken": [[.fail(.authentication(status: 403, message: "forbidden"))]],
            "c": [[.open, .text("C1"), .text("C2")]],
        ])
        let conductor = makeConductor(transport)
        let lanes = [RoutePlan.single(.t("a")), RoutePlan(chain: [.t("broken"), .t("rescue", "p2")]), .single(.t("c"))]
        let events = await collect(await conductor.compare(question, lanes: lanes))
        func lane(_ n: Int) -> [String] { compact(events.filter { $0.lane == n }) }
        #expect(lane(0) == ["routed ordered p1:a", "start p1:a #1", "first p1:a", "text p1:a A", "finished p1:a \"A\""])
        #expect(lane(1) == [
            "routed ordered p1:broken,p2:rescue",
            "start p1:broken #1", "failed p1:broken #1 auth",
            "fallback p1:broken -> p2:rescue",
            "start p2:rescue #1", "first p2:rescue", "text p2:rescue ok", "finished p2:rescue \"ok\"",
        ])
        #expect(lane(2) == ["routed ordered p1:c", "start p1:c #1", "first p1:c", "text p1:c C1", "text p1:c C2",
                            "finished p1:c \"C1C2\""])
        #expect(Set(events.map(\.request)).count == 1)
    }

    @Test func lanesRunConcurrently() async throws {
        // Lane 0 hangs until cancelled; lane 1 can only finish if lanes do not wait for each other.
        let transport = ScriptedTransport(["slow": [[.open, .text("…"), .hang]], "quick": [[.open, .text("done")]]])
        let conductor = makeConductor(transport)
        let request = UUID()
        let stream = await conductor.compare(question, lanes: [.single(.t("slow")), .single(.t("quick"))], request: request)
        var seen: [String] = []
        for await event in stream {
            seen.append(compact([event], lanes: true)[0])
            if case .finished = event.kind { await conductor.cancel(request: request) }
        }
        #expect(seen.contains("1 finished p1:quick \"done\""))
        #expect(seen.last == "0 cancelled")
    }

    @Test func eachLaneIsSentItsOwnThread() async throws {
        let transport = ScriptedTransport([:])
        let conductor = makeConductor(transport)
        func thread(_ earlier: String) -> [ChatMessage] {
            [ChatMessage(role: .user, content: "Hi"), ChatMessage(role: .assistant, content: earlier),
             ChatMessage(role: .user, content: "And then?")]
        }
        let lanes = [ComparisonLane(messages: thread("a said this"), plan: .single(.t("a"))),
                     ComparisonLane(messages: thread("b said that"), plan: .single(.t("b")))]
        let events = await collect(await conductor.compare(lanes))
        #expect(events.filter { if case .finished = $0.kind { true } else { false } }.count == 2)
        #expect(await transport.log.conversations["a"] == thread("a said this"))
        #expect(await transport.log.conversations["b"] == thread("b said that"))
    }

    @Test func cancellingOneLaneLeavesTheOthersRunning() async throws {
        // Lane 0 hangs until cancelled; lane 1 cannot finish before the test opens its gate,
        // which it does only after cancelling lane 0: lane 1 must go on to its answer.
        let gate = Gate()
        let transport = ScriptedTransport([
            "stuck": [[.open, .text("…"), .hang]],
            "later": [[.open, .text("fi"), .gate(gate), .text("ne")]],
        ])
        let conductor = makeConductor(transport)
        let request = UUID()
        let stream = await conductor.compare(question, lanes: [.single(.t("stuck")), .single(.t("later"))], request: request)
        var seen: [String] = []
        for await event in stream {
            let line = compact([event], lanes: true)[0]
            seen.append(line)
            if line == "0 text p1:stuck …" {
                await conductor.cancel(request: request, lane: 0)
                await gate.open()
            }
        }
        #expect(seen.filter { $0.hasPrefix("0 ") }.last == "0 cancelled")
        #expect(seen.filter { $0.hasPrefix("1 ") }.last == "1 finished p1:later \"fine\"")
        #expect(!seen.contains("1 cancelled"))
        #expect(await conductor.requestsInFlight.isEmpty)
    }

    @Test func cancellingALaneOfAFinishedOrUnknownRequestDoesNothing() async throws {
        let conductor = makeConductor(ScriptedTransport([:]))
        let request = UUID()
        let events = await collect(await conductor.compare(question, lanes: [.single(.t("a")), .single(.t("b"))], request: request))
        await conductor.cancel(request: request, lane: 1)
        await conductor.cancel(request: UUID(), lane: 0)
        #expect(compact(events).filter { $0 == "cancelled" }.isEmpty)
    }
}
