import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

/// Which effort each request carries: the turn's (flag, `/effort`) over the model's in the
/// config, over the provider's, else none; and earlier thinking is never sent back.
@Suite struct ConductorEffortTests {
    private func conductor(_ transport: ScriptedTransport) -> Conductor {
        var configured = Provider(name: "p1", preset: .openrouter, baseURL: "http://127.0.0.1:9/v1")
        configured.effort = .low
        configured.modelEfforts = ["tuned": .high]
        let plain = Provider(name: "p2", preset: .openai, baseURL: "http://127.0.0.1:9/v1")
        return Conductor(providers: ["p1": configured, "p2": plain], transport: transport,
                         policy: ConductorPolicy(randomSeed: 1), clock: VirtualClock())
    }

    /// The effort each model of the chain was asked with (retries included, all alike).
    private func efforts(for chain: [ModelRef], turn: ReasoningEffort?) async -> [String: ReasoningEffort?] {
        // Every model but the last fails, so each one of the chain is asked once.
        var scripts: [String: [[Step]]] = [:]
        for model in chain.dropLast() { scripts[model.model] = [[.fail(.server(status: 400, message: "no", retryAfter: nil))]] }
        let transport = ScriptedTransport(scripts)
        _ = await collect(await conductor(transport).send(question, plan: RoutePlan(chain: chain, effort: turn)))
        let models = await transport.log.models, efforts = await transport.log.efforts
        var byModel: [String: ReasoningEffort?] = [:]
        for (model, effort) in zip(models, efforts) { byModel[model] = effort }
        return byModel
    }

    @Test func configuredEffortsApplyModelFirstThenProvider() async {
        let chain = [ModelRef.t("tuned"), .t("plain"), .t("other", "p2")]
        let expected: [String: ReasoningEffort?] = ["tuned": .high, "plain": .low, "other": .none]
        #expect(await efforts(for: chain, turn: nil) == expected)
    }

    @Test func theTurnsEffortWinsForEveryModel() async {
        let chain = [ModelRef.t("tuned"), .t("plain"), .t("other", "p2")]
        let expected: [String: ReasoningEffort?] = ["tuned": .off, "plain": .off, "other": .off]
        #expect(await efforts(for: chain, turn: .off) == expected)
    }
}
