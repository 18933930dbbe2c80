import ParleyGateway
import Testing
import ParleyConfig

/// The in-process demo gateway starts only when a command may use a demo model.
@Suite struct DemoGatewayTests {
    private func probe(default model: ModelRef, chains: [String: [ModelRef]] = [:]) -> ModelResolver {
        ModelResolver(providers: [
            "demo": Provider(name: "demo", preset: .demo, baseURL: "http://127.0.0.1:1/v1"),
            "openrouter": Provider(name: "openrouter", preset: .openrouter, baseURL: "https://openrouter.ai/api/v1"),
        ], defaultModel: model, chains: chains)
    }

    private let gpt = ModelRef(provider: "openrouter", model: "openai/gpt-4o-mini")

    @Test func notStartedWhenOnlyOtherProvidersAreUsed() {
        #expect(!DemoGateway.isNeeded(.ifUsed(["openrouter:openai/gpt-4o", "openai/gpt-4o-mini"]), probe: probe(default: gpt)))
    }

    @Test func startedWhenAModelAChainOrTheDefaultIsADemoModel() {
        #expect(DemoGateway.isNeeded(.ifUsed(["openrouter:x,demo:fast"]), probe: probe(default: gpt)))
        let chains = ["cheap": [gpt, ModelRef(provider: "demo", model: "echo")]]
        #expect(DemoGateway.isNeeded(.ifUsed(["cheap"]), probe: probe(default: gpt, chains: chains)))
        #expect(DemoGateway.isNeeded(.ifUsed([]), probe: probe(default: ModelRef(provider: "demo", model: "fast"))))
    }

    @Test func alwaysForCommandsThatOfferEveryModel() {
        #expect(DemoGateway.isNeeded(.always, probe: probe(default: gpt)))
    }
}
