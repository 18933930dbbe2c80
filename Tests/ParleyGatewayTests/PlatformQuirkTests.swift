import Foundation
import ParleySim
import Testing
@testable import ParleyGateway

/// The cloud platforms' quirks as the wire documents them (research/cloud-platforms.md), read by
/// the classifier and the chunk decoder from literal bodies.
@Suite("Cloud platform quirks on the wire")
struct PlatformQuirkTests {
    private func classify(_ status: Int, _ body: String, headers: [(String, String)] = [],
                          model: String? = nil, host: String? = nil) -> GatewayError {
        ErrorClassifier.classify(status: status, headers: headers, body: Data(body.utf8), sanitizer: TextSanitizer(),
                                 context: .init(model: model, host: host))
    }

    @Test func geminiArrayBodiesGiveTheirMessageAndRetryDelay() {
        let body = """
            [{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",
              "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure"},
                         {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"3s"}]}}]
            """
        let error = classify(429, body)
        #expect(error == .rateLimited(retryAfter: .seconds(3), message: "You exceeded your current quota."))
        let bad = classify(400, #"[{"error":{"code":400,"message":"Invalid JSON payload","status":"INVALID_ARGUMENT"}}]"#)
        #expect(bad.message == "Invalid JSON payload")
    }

    @Test func aRetryDelayGoesThroughTheSameClampAsRetryAfter() {
        let huge = #"{"error":{"code":429,"message":"m","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1e300s"}]}}"#
        #expect(classify(429, huge).retryAfter == RetryAfter.ceiling)
        let fraction = #"{"error":{"code":503,"message":"m","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"0.5s"}]}}"#
        #expect(classify(503, fraction).retryAfter == .milliseconds(500))
        let nonsense = #"{"error":{"details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"-3s"}]}}"#
        #expect(classify(429, nonsense).retryAfter == nil)
        // The header wins where both are given.
        #expect(classify(429, fraction, headers: [("retry-after", "2")]).retryAfter == .seconds(2))
    }

    @Test func azureDeploymentNotFoundNamesTheDeploymentAndTheResource() {
        let body = #"{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}}"#
        let error = classify(404, body, model: "gpt-4o-prod", host: "my-resource.openai.azure.com")
        #expect(error.message.hasPrefix("no deployment named gpt-4o-prod in resource my-resource"), "\(error.message)")
        #expect(classify(404, body, model: "d", host: "proxy.example").message.hasPrefix("no deployment named d at proxy.example"))
        #expect(classify(404, #"{"error":{"code":"model_not_found","message":"nope"}}"#, model: "d").message == "nope")
    }

    @Test func bedrockForbiddenMessageIsAnAuthError() {
        let error = classify(403, #"{"message":"The security token included in the request is invalid."}"#)
        #expect(error == .authentication(status: 403, message: "The security token included in the request is invalid."))
        #expect(error.condemnsProvider)
    }

    @Test func anthropicOverloadIsRetryableLikeA503() {
        let error = classify(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(error.isRetryable)
        #expect(error.summary == "529 server error: Overloaded")
    }

    @Test func azureContentFilterChunksCarryNothingButDoNotFail() throws {
        let first = #"{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}"#
        #expect(try ChunkDecoder.decode(SSEEvent(data: first), sanitizer: TextSanitizer()) == .events([]))
        let trailing = #"{"choices":[{"content_filter_offsets":{"check_offset":0,"start_offset":0,"end_offset":40},"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"finish_reason":null,"index":0}],"created":0,"id":"","model":"","object":""}"#
        #expect(try ChunkDecoder.decode(SSEEvent(data: trailing), sanitizer: TextSanitizer()) == .events([]))
    }

    @Test func aContentFilterFinishReadsClearly() {
        let chunk = #"{"choices":[{"index":0,"delta":{},"finish_reason":"content_filter","content_filter_results":{"violence":{"filtered":true,"severity":"high"},"hate":{"filtered":false}}}]}"#
        #expect(throws: GatewayError.streamError(code: "content_filter",
                                                 message: "the platform's content filter stopped the answer (flagged: violence)")) {
            try ChunkDecoder.decode(SSEEvent(data: chunk), sanitizer: TextSanitizer())
        }
    }

    @Test func anthropicIsSentIncludeUsageOnStreams() throws {
        let client = GatewayClient()
        defer { Task { try? await client.shutdown() } }
        let body = try client.encodeBody(ChatRequest(model: "claude-sonnet-4-5", messages: [ChatMessage(role: .user, content: "hi")]),
                                         provider: .preset(.anthropic), stream: true)
        let object = try JSONDecoder().decode(JSONValue.self, from: body).objectValue
        #expect(object?["stream_options"] == .object(["include_usage": .bool(true)]))
    }

    @Test func anthropicsOwnModelListIsRead() throws {
        let body = #"{"data":[{"type":"model","id":"claude-opus-4-6","display_name":"Claude Opus 4.6","created_at":"2026-02-04T00:00:00Z"}],"has_more":false,"first_id":"claude-opus-4-6","last_id":"claude-opus-4-6"}"#
        let models = try CatalogueDecoder.decode(Data(body.utf8), sanitizer: TextSanitizer())
        #expect(models == [ModelInfo(id: "claude-opus-4-6", name: "Claude Opus 4.6")])
    }

    @Test func anthropicsPagedListNamesItsNextCursor() {
        let more = #"{"data":[{"id":"a"}],"has_more":true,"first_id":"a","last_id":"a"}"#
        let last = #"{"data":[{"id":"b"}],"has_more":false,"first_id":"b","last_id":"b"}"#
        #expect(CatalogueDecoder.nextPageCursor(Data(more.utf8)) == "a")
        #expect(CatalogueDecoder.nextPageCursor(Data(last.utf8)) == nil)
        #expect(CatalogueDecoder.nextPageCursor(Data(#"{"data":[],"has_more":true}"#.utf8)) == nil,
                "more pages but no cursor: stop, never loop")
        #expect(CatalogueDecoder.nextPageCursor(Data(#"[{"id":"a"}]"#.utf8)) == nil)
    }

    @Test func aServerCursorCannotAddQueryParameters() {
        #expect(GatewayClient.percentEncoded("claude-3.5_x~1") == "claude-3.5_x~1")
        #expect(GatewayClient.percentEncoded("a&limit=1#x y") == "a%26limit%3D1%23x%20y")
        #expect(GatewayClient.percentEncoded("é") == "%C3%A9")
    }

    @Test func configuredModelsComeFirstWithoutDuplicates() {
        let live = [ModelInfo(id: "b", contextLength: 9), ModelInfo(id: "a")]
        let merged = ConfiguredModels.merge(configured: ["b", "z", "b"], live: live, preset: .azure)
        #expect(merged.map(\.id) == ["b", "z", "a"])
        #expect(merged[0].contextLength == 9, "a configured id the server lists keeps the listed details")
        #expect(ConfiguredModels.merge(configured: ["models/gemini-2.5-flash"], live: [], preset: .gemini).map(\.id)
                == ["gemini-2.5-flash"])
        #expect(ConfiguredModels.instead(of: .modelNotFound(status: 404, message: ""), configured: ["x"], preset: .bedrock)?
                .map(\.id) == ["x"])
        #expect(ConfiguredModels.instead(of: .authentication(status: 401, message: ""), configured: ["x"], preset: .bedrock) == nil)
    }
}

/// Keys from a command: fetched when first needed, cached, fetched again once after a 401.
@Suite("Lazy keys against the simulator's expiring tokens")
struct LazyKeyTests {
    /// A key source that hands out `tok-1`, `tok-2`, … (or always the same token).
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int { lock.withLock { count += 1; return count } }
        var runs: Int { lock.withLock { count } }
    }

    private func vertex(_ sim: SimServer, key: LazyKey) -> Provider {
        let root = String(sim.baseURL.dropLast("/v1".count))
        return Provider(name: "vertex", preset: .vertex,
                        baseURL: root + "/platform/vertex/v1/projects/p/locations/l/endpoints/openapi", lazyKey: key)
    }

    private func ask(_ client: GatewayClient, _ provider: Provider) async -> Result<String, GatewayError> {
        do {
            let answer = try await client.complete(ChatRequest(model: "google/echo", messages: [ChatMessage(role: .user, content: "ping")]),
                                                   provider: provider)
            return .success(answer.text)
        } catch {
            return .failure(error as? GatewayError ?? .network(message: "\(error)"))
        }
    }

    @Test func anExpiredTokenIsFetchedAgainOnceAndTheAttemptRetried() async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let counter = Counter()
        let key = LazyKey { Secret("tok-\(counter.next())") }
        let provider = vertex(sim, key: key)
        #expect(counter.runs == 0, "nothing runs before a request needs the key")
        #expect(try await ask(client, provider).get() == "ping")
        #expect(try await ask(client, provider).get() == "ping", "the second request met an expired token and got a fresh one")
        #expect(counter.runs == 2)
        try await client.shutdown()
        try await sim.shutdown()
    }

    @Test func aFreshTokenRefusedTooIsAnAuthFailureThatSaysSo() async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let counter = Counter()
        let key = LazyKey { _ = counter.next(); return Secret("same-token") }
        let provider = vertex(sim, key: key)
        _ = await ask(client, provider)
        guard case .failure(let error) = await ask(client, provider) else { Issue.record("expected a failure"); return }
        #expect(error.status == 401)
        #expect(error.message.contains("the credentials are wrong"), "\(error.message)")
        #expect(!error.message.contains("same-token"))
        #expect(counter.runs == 2, "one fetch, one refresh, no loop")
        try await client.shutdown()
        try await sim.shutdown()
    }

    @Test func aFailingFetchIsACredentialsErrorThatCondemnsTheProvider() async throws {
        let sim = try await SimServer.start()
        let client = GatewayClient()
        let key = LazyKey { throw GatewayError.credentials(message: "provider 'vertex': api_key_command failed with exit status 1") }
        guard case .failure(let error) = await ask(client, vertex(sim, key: key)) else { Issue.record("expected a failure"); return }
        #expect(error == .credentials(message: "provider 'vertex': api_key_command failed with exit status 1"))
        #expect(error.condemnsProvider && !error.isRetryable)
        try await client.shutdown()
        try await sim.shutdown()
    }

    @Test func concurrentRequestsShareOneFetch() async throws {
        let counter = Counter()
        let key = LazyKey {
            try await Task.sleep(for: .milliseconds(50))
            return Secret("tok-\(counter.next())")
        }
        async let a = key.current()
        async let b = key.current()
        let (first, second) = try await (a, b)
        #expect(first == second)
        #expect(counter.runs == 1)
        let fresh = try await key.refreshed(replacing: first)
        #expect(fresh == Secret("tok-2"))
        #expect(try await key.refreshed(replacing: first) == fresh, "a key already replaced is not fetched again")
        #expect(counter.runs == 2)
    }
}
