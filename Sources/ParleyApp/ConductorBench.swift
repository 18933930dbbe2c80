import Foundation
import ParleyEngine
import ParleyGateway
import ParleySim

/// `parley bench`: the Conductor's own overhead on the in-process simulator. Not a test: the
/// figures depend on the machine, so they are printed, never asserted.
public enum ConductorBench {
    public static func measure(runs: Int) async throws {
        let server = try await SimServer.start(host: "127.0.0.1", port: 0)
        let client = GatewayClient()
        let provider = Provider(name: "demo", preset: .demo, baseURL: server.baseURL)
        // A second name for the same server: a 401 condemns the whole provider it came from.
        let spare = Provider(name: "spare", preset: .demo, baseURL: server.baseURL)
        let conductor = Conductor(providers: ["demo": provider, "spare": spare], transport: client,
                                  policy: ConductorPolicy(randomSeed: 1))
        let messages = [ChatMessage(role: .user, content: "Tell me about fallback chains.")]
        func demo(_ id: String) -> ModelRef { ModelRef(provider: "demo", model: id) }

        // 1. A fallback hop: an instant 401 then an instant answer, against each of them alone.
        let failingAlone = await Self.median(runs) { await Self.time(conductor, messages, [.single(demo("unauthorized"))]) }
        let echo = ModelRef(provider: "spare", model: "echo")
        let answerAlone = await Self.median(runs) { await Self.time(conductor, messages, [.single(echo)]) }
        let withHop = await Self.median(runs) {
            await Self.time(conductor, messages, [RoutePlan(chain: [demo("unauthorized"), echo])])
        }
        let hop = withHop - failingAlone - answerAlone
        print(String(format: "fallback hop: %.2f ms extra (chain %.2f ms = failing alone %.2f ms + answer alone %.2f ms + hop)",
                     hop * 1000, withHop * 1000, failingAlone * 1000, answerAlone * 1000))

        // 2. Four lanes at once against the slowest of them alone.
        let laneModels = ["fast", "cheap", "premium", "stream@tps=50,ttft=0.3,chunks=40"].map(demo)
        let laneRuns = max(3, runs / 6)
        var slowest = 0.0
        for model in laneModels {
            let alone = await Self.median(laneRuns) { await Self.time(conductor, messages, [.single(model)]) }
            print(String(format: "  %@ alone: %.1f ms", model.description, alone * 1000))
            slowest = max(slowest, alone)
        }
        let together = await Self.median(laneRuns) { await Self.time(conductor, messages, laneModels.map(RoutePlan.single)) }
        print(String(format: "four-lane comparison: %.1f ms wall vs slowest lane alone %.1f ms (ratio %.3f, +%.1f ms)",
                     together * 1000, slowest * 1000, together / slowest, (together - slowest) * 1000))

        try await client.shutdown()
        try await server.shutdown()
    }

    /// Seconds from sending to the last event of a request (or comparison, with several plans).
    static func time(_ conductor: Conductor, _ messages: [ChatMessage], _ lanes: [RoutePlan]) async -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        let stream = lanes.count == 1
            ? await conductor.send(messages, plan: lanes[0])
            : await conductor.compare(messages, lanes: lanes)
        for await _ in stream {}
        return start.duration(to: clock.now).seconds
    }

    static func median(_ runs: Int, _ measure: () async -> Double) async -> Double {
        var samples: [Double] = []
        for _ in 0..<max(runs, 1) { samples.append(await measure()) }
        samples.sort()
        return samples[samples.count / 2]
    }
}
