import Foundation
import ParleySim
import Testing
@testable import ParleyGateway

/// The client against the simulator's thinking models, one per reasoning dialect.
@Suite("Thinking models against the simulator")
struct ReasoningSimulatorTests {
    private func withSim(_ body: (GatewayClient, Provider) async throws -> Void) async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let provider = Provider(name: "demo", preset: .demo, baseURL: sim.baseURL)
        do { try await body(client, provider) } catch {
            try await client.shutdown()
            try await sim.shutdown()
            throw error
        }
        try await client.shutdown()
        try await sim.shutdown()
    }

    private func request(_ model: String, turns: Int = 1) -> ChatRequest {
        var messages: [ChatMessage] = []
        for i in 1..<turns {
            messages += [ChatMessage(role: .user, content: "question \(i)"), ChatMessage(role: .assistant, content: "answer \(i)")]
        }
        return ChatRequest(model: model, messages: messages + [ChatMessage(role: .user, content: "Why is the sky blue?")])
    }

    struct Collected {
        var reasoning = "", text = "", usage: Usage?
        /// Index in the events of the first reasoning and the first text.
        var firstReasoning: Int?, firstText: Int?
    }

    private func collect(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async throws -> Collected {
        var c = Collected()
        var index = 0
        for try await event in stream {
            switch event {
            case .reasoning(let r):
                c.reasoning += r
                if c.firstReasoning == nil { c.firstReasoning = index }
            case .text(let t):
                c.text += t
                if c.firstText == nil { c.firstText = index }
            case .usage(let u): c.usage = u
            default: break
            }
            index += 1
        }
        return c
    }

    @Test(arguments: ["deepseek", "openrouter", "ollama", "tags"])
    func everyDialectThinksApartFromTheAnswer(_ dialect: String) async throws {
        try await withSim { client, provider in
            let model = "thinker@reasoning=\(dialect),think=0.3"
            let streamed = try await collect(client.streamChat(request(model, turns: 2), provider: provider))
            #expect(streamed.reasoning.hasPrefix("Let me think"))
            #expect(!streamed.text.isEmpty)
            #expect(!streamed.text.contains("<think>") && !streamed.text.contains("</think>"))
            #expect(!streamed.text.hasPrefix("\n"))
            #expect((streamed.firstReasoning ?? .max) < (streamed.firstText ?? .max))
            let usage = try #require(streamed.usage)
            #expect(usage.reasoningTokens == 3)
            #expect(usage.cachedTokens.map { $0 > 0 } == true)

            let whole = try await client.complete(request(model, turns: 2), provider: provider)
            #expect(whole.reasoning == streamed.reasoning)
            #expect(whole.text == streamed.text)
        }
    }

    /// A model thinking for longer than the first-token limit is not cut off: the first
    /// thinking token starts the stream.
    @Test func thinkingLongerThanTheFirstTokenLimitIsNotATimeout() async throws {
        try await withSim { client, provider in
            let timeouts = Timeouts(connect: .seconds(5), firstToken: .milliseconds(1500), idle: .seconds(30),
                                    total: .seconds(60))
            let result = try await collect(client.streamChat(request("thinker@think=4"), provider: provider,
                                                             timeouts: timeouts))
            #expect(!result.text.isEmpty)
            #expect(!result.reasoning.isEmpty)
        }
    }
}
