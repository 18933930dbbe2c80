import Foundation
import ParleySim
import Synchronization
import Testing
@testable import ParleyGateway

/// The client against the real simulator over loopback.
@Suite("Gateway client against the simulator")
struct GatewayClientTests {
    private func withSim(_ body: (GatewayClient, Provider, SimServer) async throws -> Void) async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let provider = Provider(name: "demo", preset: .demo, baseURL: sim.baseURL)
        do {
            try await body(client, provider, sim)
        } catch {
            try await client.shutdown()
            try await sim.shutdown()
            throw error
        }
        try await client.shutdown()
        try await sim.shutdown()
    }

    private func request(_ model: String, _ prompt: String = "Hello there") -> ChatRequest {
        ChatRequest(model: model, messages: [ChatMessage(role: .user, content: prompt)])
    }

    /// Collects a whole stream: the text, the events, and the error that ended it.
    private func collect(_ stream: AsyncThrowingStream<ChatStreamEvent, any Error>) async
        -> (text: String, events: [ChatStreamEvent], error: GatewayError?)
    {
        var text = ""
        var events: [ChatStreamEvent] = []
        do {
            for try await event in stream {
                events.append(event)
                if case .text(let t) = event { text += t }
            }
            return (text, events, nil)
        } catch {
            return (text, events, error as? GatewayError)
        }
    }

    @Test func streamsTextUsageAndFinish() async throws {
        try await withSim { client, provider, _ in
            let result = await collect(client.streamChat(request("fast"), provider: provider))
            #expect(result.error == nil)
            #expect(!result.text.isEmpty)
            #expect(result.events.first == .opened)
            #expect(result.events.contains { if case .usage(let u) = $0 { return u.completionTokens > 0 } else { return false } })
            #expect(result.events.contains { if case .finished = $0 { return true } else { return false } })
        }
    }

    @Test func streamedAndCompleteAnswersAgree() async throws {
        try await withSim { client, provider, _ in
            let streamed = await collect(client.streamChat(request("fast", "same"), provider: provider))
            let whole = try await client.complete(request("fast", "same"), provider: provider)
            #expect(streamed.text == whole.text)
            #expect(whole.usage != nil)
        }
    }

    @Test func cancellingTheConsumerClosesTheConnection() async throws {
        try await withSim { client, provider, sim in
            // Minutes of answer at ten chunks a second: it cannot end before the cancel, however
            // slowly a loaded machine runs the polling below (plain `slow`, forty chunks, once
            // ended unseen while the test process's threads were busy elsewhere).
            let model = "slow@chunks=2000"
            let stream = client.streamChat(request(model), provider: provider)
            let ended = Mutex<String?>(nil)
            let consumer = Task {
                var received = 0
                do {
                    for try await event in stream {
                        if case .text = event { received += 1 }
                    }
                    ended.withLock { $0 = "the stream ended after \(received) text events" }
                } catch {
                    ended.withLock { $0 = "the stream failed after \(received) text events: \(error)" }
                }
                return received
            }
            // Stops early when the stream ends before it was seen streaming, saying how.
            let streaming = try await eventually {
                let stats = await sim.stats()
                return stats.activeResponses == 1 && stats[model].streamedTokens > 0 || ended.withLock { $0 } != nil
            }
            let stats = await sim.stats()
            #expect(streaming && ended.withLock { $0 } == nil,
                    "\(ended.withLock { $0 } ?? "not seen streaming"); active \(stats.activeResponses), the model's tokens \(stats[model].streamedTokens)")
            consumer.cancel()
            _ = await consumer.result
            // The simulator sees the connection close and stops writing.
            let closed = try await eventually { await sim.stats().activeResponses == 0 }
            #expect(closed)
        }
    }

    @Test func silentServerTimesOutBeforeTheFirstToken() async throws {
        try await withSim { client, provider, _ in
            let timeouts = Timeouts(connect: .seconds(5), firstToken: .milliseconds(300), idle: .seconds(30), total: .seconds(60))
            let result = await collect(client.streamChat(request("silent"), provider: provider, timeouts: timeouts))
            #expect(result.error == .timeout(.firstToken))
        }
    }

    @Test func stallAfterTextIsAnIdleTimeoutWithThePartialTextDelivered() async throws {
        try await withSim { client, provider, _ in
            let timeouts = Timeouts(connect: .seconds(5), firstToken: .seconds(30), idle: .milliseconds(400), total: .seconds(60))
            let result = await collect(client.streamChat(request("stall"), provider: provider, timeouts: timeouts))
            #expect(result.error == .timeout(.idle))
            #expect(!result.text.isEmpty)
        }
    }

    @Test func failureKindsAreClassified() async throws {
        try await withSim { client, provider, _ in
            let timeouts = Timeouts(connect: .seconds(5), firstToken: .seconds(10), idle: .seconds(10), total: .seconds(30))
            func error(_ model: String) async -> GatewayError? {
                await collect(client.streamChat(request(model), provider: provider, timeouts: timeouts)).error
            }
            guard case .rateLimited(let wait, _)? = await error("rate-limited") else { Issue.record("rate-limited"); return }
            #expect(wait != nil)
            #expect(await error("broken")?.status == 500)
            guard case .streamError? = await error("error-chunk") else { Issue.record("error-chunk"); return }
            let dropped = await error("drop")
            guard case .network? = dropped else { Issue.record("drop: \(String(describing: dropped))"); return }
            guard case .malformedStream? = await error("garbage") else { Issue.record("garbage"); return }
            guard case .modelNotFound? = await error("no-such-model") else { Issue.record("unknown model"); return }
        }
    }

    @Test func escapeSequencesArriveAsTextForTheCallerToNeutralise() async throws {
        try await withSim { client, provider, _ in
            let result = await collect(client.streamChat(request("escapes"), provider: provider))
            #expect(result.text.contains("\u{1B}"))
            #expect(!TextSanitizer.makeVisible(result.text).contains("\u{1B}"))
        }
    }

    @Test func catalogueHasPricesPerMillion() async throws {
        try await withSim { client, provider, _ in
            let models = try await client.listModels(provider: provider)
            let cheap = try #require(models.first { $0.id == "cheap" })
            let premium = try #require(models.first { $0.id == "premium" })
            #expect((cheap.promptPricePerMillion ?? 0) > 0)
            #expect((cheap.promptPricePerMillion ?? 0) < (premium.promptPricePerMillion ?? 0))
            #expect(cheap.contextLength != nil)
        }
    }

    @Test func connectionRefusedIsANetworkError() async throws {
        let client = GatewayClient()
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let provider = Provider(name: "nowhere", preset: .custom, baseURL: "http://127.0.0.1:9/v1")
        let result = await collect(client.streamChat(request("x"), provider: provider))
        guard case .network(let message)? = result.error else { Issue.record("got \(String(describing: result.error))"); return }
        #expect(message.contains("127.0.0.1:9"))
        try await client.shutdown()
    }

    @Test func includeUsageOnlyWhenStreamingAndOnlyToProvidersThatTakeIt() throws {
        let client = GatewayClient()
        defer { Task { try? await client.shutdown() } }
        func body(_ provider: Provider, stream: Bool) throws -> [String: Any] {
            let data = try client.encodeBody(request("m"), provider: provider, stream: stream)
            return try JSONSerialization.jsonObject(with: data) as! [String: Any]
        }
        let zenmux = Provider.preset(.zenmux)
        #expect(try body(zenmux, stream: true)["stream_options"] != nil)
        #expect(try body(zenmux, stream: false)["stream_options"] == nil)
        #expect(try body(.preset(.openrouter), stream: true)["stream_options"] == nil)
        var limited = request("m")
        limited.maxTokens = 10
        let openai = try JSONSerialization.jsonObject(with: client.encodeBody(limited, provider: .preset(.openai), stream: false)) as! [String: Any]
        #expect(openai["max_completion_tokens"] as? Int == 10)
        let local = try JSONSerialization.jsonObject(with: client.encodeBody(limited, provider: .preset(.llamacpp), stream: false)) as! [String: Any]
        #expect(local["max_tokens"] as? Int == 10)
    }

    @Test func modelReferencesSplitAtTheFirstColonOfAKnownProvider() {
        let known: Set = ["openrouter", "ollama"]
        #expect(ModelRef.parse("openrouter:anthropic/claude-sonnet-4.6", knownProviders: known, defaultProvider: "x")
            == ModelRef(provider: "openrouter", model: "anthropic/claude-sonnet-4.6"))
        #expect(ModelRef.parse("ollama:llama3:8b", knownProviders: known, defaultProvider: "x")
            == ModelRef(provider: "ollama", model: "llama3:8b"))
        #expect(ModelRef.parse("llama3:8b", knownProviders: known, defaultProvider: "x")
            == ModelRef(provider: "x", model: "llama3:8b"))
    }

    @Test func secretsNeverPrint() {
        let key = Secret("sk-or-v1-supersecret")
        #expect("\(key)" == "<redacted>")
        #expect(String(reflecting: key) == "<redacted>")
        var dumped = ""
        dump(Provider.preset(.openrouter, apiKey: key), to: &dumped)
        #expect(!dumped.contains("supersecret"))
    }
}

/// Polls until `condition` holds, for up to 30 s; never a fixed sleep.
func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
    let end = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
