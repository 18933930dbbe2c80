import Foundation
import Testing
@testable import ParleyGateway

/// The request body each preset gets for each effort: the shape its docs give
/// (research/gateway-wire.md §9, research/cloud-platforms.md).
@Suite("Reasoning effort in the request body")
struct ReasoningEffortBodyTests {
    private func body(_ preset: Provider.Preset, _ effort: ReasoningEffort?, maxTokens: Int? = nil) throws -> [String: Any] {
        let client = GatewayClient()
        defer { Task { try? await client.shutdown() } }
        var request = ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: "hi")], effort: effort)
        request.maxTokens = maxTokens
        let provider = Provider(name: "p", preset: preset, baseURL: "http://127.0.0.1:9/v1")
        let data = try client.encodeBody(request, provider: provider, stream: true)
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    private static let controlKeys = ["reasoning", "reasoning_effort", "thinking", "chat_template_kwargs"]

    @Test(arguments: Provider.Preset.allCases)
    func noEffortSendsNoReasoningControl(_ preset: Provider.Preset) throws {
        let sent = try body(preset, nil)
        for key in Self.controlKeys { #expect(sent[key] == nil, "\(preset) sent \(key) unasked") }
    }

    @Test func openRouterUsesItsReasoningObject() throws {
        #expect(try body(.openrouter, .high)["reasoning"] as? [String: String] == ["effort": "high"])
        #expect(try body(.openrouter, .off)["reasoning"] as? [String: Bool] == ["enabled": false])
        #expect(try body(.openrouter, .low)["reasoning_effort"] == nil)
        #expect(try body(.zenmux, .medium)["reasoning"] as? [String: String] == ["effort": "medium"])
    }

    @Test func deepSeekSwitchesThinkingAndSetsItsStrength() throws {
        let on = try body(.deepseek, .high)
        #expect(on["thinking"] as? [String: String] == ["type": "enabled"])
        #expect(on["reasoning_effort"] as? String == "high")
        let off = try body(.deepseek, .off)
        #expect(off["thinking"] as? [String: String] == ["type": "disabled"])
        #expect(off["reasoning_effort"] == nil, "DeepSeek takes no effort with thinking disabled")
    }

    @Test func llamaCppTurnsThinkingOffThroughTheTemplate() throws {
        let off = try body(.llamacpp, .off)
        #expect(off["chat_template_kwargs"] as? [String: Bool] == ["enable_thinking": false])
        #expect(off["reasoning_effort"] as? String == "none")
        let low = try body(.llamacpp, .low)
        let kwargs = try #require(low["chat_template_kwargs"] as? [String: Any])
        #expect(kwargs["reasoning_effort"] as? String == "low")
        #expect(kwargs["enable_thinking"] as? Bool == true)
    }

    @Test(arguments: [Provider.Preset.openai, .ollama, .gemini, .vertex, .azure, .bedrock, .lmstudio, .litellm, .custom])
    func openAIStylePresetsSendReasoningEffort(_ preset: Provider.Preset) throws {
        #expect(try body(preset, .medium)["reasoning_effort"] as? String == "medium")
        #expect(try body(preset, .off)["reasoning_effort"] as? String == "none")
        #expect(try body(preset, .high)["reasoning"] == nil)
    }

    @Test func anthropicGetsAThinkingBudgetBelowMaxTokens() throws {
        let high = try body(.anthropic, .high)
        let thinking = try #require(high["thinking"] as? [String: Any])
        #expect(thinking["type"] as? String == "enabled")
        let budget = try #require(thinking["budget_tokens"] as? Int)
        #expect(budget >= 1024)
        #expect(try #require(high["max_tokens"] as? Int) > budget)
        #expect(high["reasoning_effort"] == nil, "Anthropic ignores reasoning_effort")
        // A limit already above the budget is kept.
        #expect(try body(.anthropic, .low, maxTokens: 50_000)["max_tokens"] as? Int == 50_000)
        // Thinking is off unless asked for.
        for key in Self.controlKeys { #expect(try body(.anthropic, .off)[key] == nil) }
    }

    @Test func effortWordsParse() {
        #expect(ReasoningEffort(argument: "HIGH") == .high)
        #expect(ReasoningEffort(argument: "none") == .off)
        #expect(ReasoningEffort(argument: " off ") == .off)
        #expect(ReasoningEffort(argument: "extreme") == nil)
        #expect(ReasoningEffort(argument: "") == nil)
    }

    @Test func aModelsOwnEffortWinsOverItsProviders() {
        var provider = Provider.preset(.openrouter)
        #expect(provider.effort(forModel: "a") == nil)
        provider.effort = .low
        provider.modelEfforts = ["b": .high]
        #expect(provider.effort(forModel: "a") == .low)
        #expect(provider.effort(forModel: "b") == .high)
    }
}
