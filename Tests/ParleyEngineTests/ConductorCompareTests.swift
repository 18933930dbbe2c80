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
}
