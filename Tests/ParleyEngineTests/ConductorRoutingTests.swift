import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

@Suite struct ConductorRoutingTests {
    let cheap = ModelRef.t("cheap"), premium = ModelRef.t("premium"), mystery = ModelRef.t("mystery"),
        mid = ModelRef.t("mid", "p2")

    var catalogue: FixedCatalogue {
        FixedCatalogue([
            cheap: ModelInfo(id: "cheap", promptPricePerMillion: 0.15, completionPricePerMillion: 0.60),
            premium: ModelInfo(id: "premium", promptPricePerMillion: 3, completionPricePerMillion: 15),
            mid: ModelInfo(id: "mid", promptPricePerMillion: 1, completionPricePerMillion: 2),
        ])
    }

    @Test func cheapestOrdersByPriceForExpectedTokensWithUnknownPricesLast() async throws {
        let conductor = makeConductor(ScriptedTransport([:]), catalogue: catalogue)
        let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [mystery, premium, cheap, mid],
                                                                                  route: .cheapest)))
        #expect(compact(events).first == "routed cheapest p1:cheap,p2:mid,p1:premium,p1:mystery")
        #expect(compact(events).dropFirst().first == "start p1:cheap #1")
        guard case .routed(_, _, let reason) = events[0].kind else { Issue.record("no route"); return }
        #expect(reason.contains("no price: p1:mystery"))
    }

    @Test func cheapestWeighsCompletionPricesByTheExpectedLength() {
        // Cheap prompt but dear completion loses when the answer is expected to be long.
        let lopsided = [ModelRef.t("x"): ModelInfo(id: "x", promptPricePerMillion: 0.1, completionPricePerMillion: 10),
                        ModelRef.t("y"): ModelInfo(id: "y", promptPricePerMillion: 2, completionPricePerMillion: 2)]
        let short = Router.cheapest([.t("x"), .t("y")], prices: lopsided, promptTokens: 5000, completionTokens: 10)
        let long = Router.cheapest([.t("x"), .t("y")], prices: lopsided, promptTokens: 5000, completionTokens: 5000)
        #expect(short.order == [.t("x"), .t("y")])
        #expect(long.order == [.t("y"), .t("x")])
    }

    func stats(ttft: Double, rate: Double, samples: Int = 10) -> LatencyStats {
        LatencyStats(samples: samples, medianTimeToFirstToken: .milliseconds(Int64(ttft * 1000)),
                     p95TimeToFirstToken: nil, tokensPerSecond: rate)
    }

    @Test func fastestOrdersByMeasuredSpeedWithUnmeasuredModelsLast() async throws {
        let history = FixedHistory(stats: [
            cheap: stats(ttft: 0.2, rate: 20),   // 0.2 + 500/20 = 25.2 s
            premium: stats(ttft: 1.5, rate: 100), // 1.5 + 5 = 6.5 s
            mid: stats(ttft: 0.1, rate: 100, samples: 1), // too few samples to trust
        ])
        let conductor = makeConductor(ScriptedTransport([:]), history: history,
                                      policy: ConductorPolicy(explorationRate: 0, randomSeed: 1))
        let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [mid, cheap, mystery, premium],
                                                                                  route: .fastest)))
        #expect(compact(events).first == "routed fastest p1:premium,p1:cheap,p2:mid,p1:mystery")
    }

    @Test func fastestSometimesTriesAnUnmeasuredModelFirstDeterministicallyUnderASeed() async throws {
        let history = FixedHistory(stats: [cheap: stats(ttft: 0.2, rate: 50), premium: stats(ttft: 1, rate: 50)])
        func firstModels(seed: UInt64) async -> [String] {
            let conductor = makeConductor(ScriptedTransport([:]), history: history,
                                          policy: ConductorPolicy(explorationRate: 0.3, randomSeed: seed))
            var firsts: [String] = []
            for _ in 0..<40 {
                let events = await collect(await conductor.send(question, plan: RoutePlan(chain: [premium, mystery, cheap],
                                                                                          route: .fastest)))
                guard case .routed(_, let order, _) = events[0].kind else { return [] }
                firsts.append(order[0].model)
            }
            return firsts
        }
        let run = await firstModels(seed: 7)
        #expect(run == (await firstModels(seed: 7)))
        let explored = run.filter { $0 == "mystery" }.count
        #expect(explored > 0 && explored < 40)
        #expect(Set(run) == ["cheap", "mystery"])
    }

    @Test func gatewayRouteSendsOneRequestNamingTheModelsAndTheSort() async throws {
        let transport = ScriptedTransport(["openai/gpt-4o": [[.open, .servedBy("anthropic/claude"), .text("hi")]]])
        let conductor = makeConductor(transport)
        let chain = [ModelRef.t("openai/gpt-4o", "or"), ModelRef.t("anthropic/claude", "or"), ModelRef.t("c", "p2")]
        let events = await collect(await conductor.send(question, plan: RoutePlan(chain: chain, route: .gateway(sort: .price))))
        #expect(compact(events) == [
            "routed gateway/price or:openai/gpt-4o,p2:c",
            "start or:openai/gpt-4o #1",
            "first or:anthropic/claude", "text or:anthropic/claude hi",
            "finished or:anthropic/claude \"hi\"",
        ])
        let sent = try #require(await transport.log.requests.first)
        #expect(sent.extraBody["models"] == .array([.string("openai/gpt-4o"), .string("anthropic/claude")]))
        #expect(sent.extraBody["provider"] == .object(["sort": .string("price")]))
    }

    @Test func gatewayRouteOnAProviderThatCannotRouteWalksTheChain() async throws {
        let events = await collect(await makeConductor(ScriptedTransport([:]))
            .send(question, plan: RoutePlan(chain: [.t("a"), .t("b")], route: .gateway(sort: nil))))
        #expect(compact(events).prefix(2) == ["routed gateway p1:a,p1:b", "start p1:a #1"])
    }

    @Test func routeArgumentsParse() {
        #expect(Route(argument: "cheapest") == .cheapest)
        #expect(Route(argument: "fastest") == .fastest)
        #expect(Route(argument: "gateway-throughput") == .gateway(sort: .throughput))
        #expect(Route(argument: "gateway") == .gateway(sort: nil))
        #expect(Route(argument: "gateway-speed") == nil)
    }
}
