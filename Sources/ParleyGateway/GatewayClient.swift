import Foundation
import AsyncHTTPClient
import Synchronization
import NIOCore
import NIOHTTP1

/// Speaks the OpenAI-compatible wire to any provider: chat completions (streamed over SSE or
/// not) and the model catalogue. It knows nothing of fallback or the UI; every failure comes out
/// as a `GatewayError` whose text is safe to print.
public final class GatewayClient: Sendable {
    private let configuration: HTTPClient.Configuration
    private let connection = Mutex(Connection.notMade)
    private let userAgent = "parley/\(ParleyVersion.current)"

    /// The HTTP client is made at the first request, not with this one: AsyncHTTPClient's
    /// set-up (the runtime's first look at its and NIO's types, the event loops' threads) is a
    /// millisecond the chat's first frame need not wait for.
    private enum Connection {
        case notMade
        case made(HTTPClient)
        case shutDown
    }

    /// `connectTimeout` bounds TCP/TLS connection set-up for every request of this client
    /// (AsyncHTTPClient fixes it per client, not per request).
    public init(connectTimeout: Duration = .seconds(10)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .nanoseconds(connectTimeout.saturatingNanoseconds))
        // A gzip bomb must fail, not fill memory: inflating is capped by ratio (a size cap would
        // cut off long legitimate streams; the readers cap what is held at once).
        configuration.decompression = .enabled(limit: .ratio(ResponseLimits.decompressionRatio))
        // Redirects are followed by `send` only within the same origin (see `RedirectPolicy`).
        configuration.redirectConfiguration = .disallow
        // A refused connection should fail now, not after the pool's retries have used up the
        // connect timeout: the Conductor's fallback decides what happens next.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.configuration = configuration
    }

    /// Shuts the HTTP client down if a request made it; requests after this throw
    /// `CancellationError`.
    public func shutdown() async throws {
        let made: HTTPClient? = connection.withLock { state in
            defer { state = .shutDown }
            if case .made(let client) = state { return client }
            return nil
        }
        try await made?.shutdown()
    }

    /// The HTTP client, made on first use. An HTTPClient released without `shutdown` traps, so
    /// none is made once this client is shut down.
    private func http() throws -> HTTPClient {
        try connection.withLock { state in
            switch state {
            case .made(let client):
                return client
            case .notMade:
                let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
                state = .made(client)
                return client
            case .shutDown:
                throw CancellationError()
            }
        }
    }

    // MARK: Chat

    /// Streams one attempt: `.opened` once a success status arrives, then text, usage, the serving
    /// model and the finish reason as they come. Ends by finishing, or by throwing a `GatewayError`.
    /// Cancelling the consuming task (or dropping the stream) closes the connection.
    public func streamChat(_ request: ChatRequest, provider: Provider,
                           timeouts: Timeouts = .standard) -> AsyncThrowingStream<ChatStreamEvent, any Error> {
        let request = ModelID.adjusted(request, for: provider)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.withWatchdog(timeouts) { watchdog in
                        // A 401 arrives before `.opened`, so nothing was shown yet: retrying is safe.
                        try await self.withKey(provider) { keyed in
                            try await self.exchangeStream(request, provider: keyed, watchdog: watchdog,
                                                          continuation: continuation)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: self.classify(error, provider: provider))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// One non-streamed answer. The first-token limit applies to the whole body.
    public func complete(_ request: ChatRequest, provider: Provider,
                         timeouts: Timeouts = .standard) async throws -> ChatCompletion {
        let request = ModelID.adjusted(request, for: provider)
        do {
            return try await withWatchdog(timeouts) { _ in
                try await self.withKey(provider) { provider in
                    let body = try self.encodeBody(request, provider: provider, stream: false)
                    let response = try await self.send(
                        self.httpRequest(provider: provider, path: "/chat/completions", body: body, stream: false),
                        provider: provider)
                    try await self.throwIfFailed(response, provider: provider, model: request.model)
                    try self.refuseHTML(response, expected: "a JSON answer")
                    let data = try await response.body.collect(limit: ResponseLimits.bodyBytes, what: "the answer")
                    return try ChunkDecoder.decodeCompletion(data, sanitizer: self.sanitizer(for: provider))
                }
            }
        } catch {
            throw classify(error, provider: provider)
        }
    }

    // MARK: Models

    /// `GET /models`: the provider's catalogue, with prices converted to USD per million tokens.
    public func listModels(provider: Provider, timeout: Duration = .seconds(15)) async throws -> [ModelInfo] {
        do {
            return try await withWatchdog(Timeouts(connect: nil, firstToken: timeout, idle: nil, total: timeout)) { _ in
                try await self.withKey(provider) { provider in
                    var models: [ModelInfo] = []
                    var cursor: String?
                    var seen: Set<String> = []
                    // Only Anthropic pages its list; a cursor that repeats, or more pages than any
                    // real catalogue needs, ends the walk with what has arrived.
                    for _ in 0..<ResponseLimits.modelListPages {
                        let data = try await self.modelListPage(provider: provider, after: cursor)
                        models += try CatalogueDecoder.decode(data, sanitizer: self.sanitizer(for: provider))
                        guard provider.preset == .anthropic, let next = CatalogueDecoder.nextPageCursor(data),
                              seen.insert(next).inserted else { break }
                        cursor = next
                    }
                    return models
                }
            }
        } catch {
            throw classify(error, provider: provider)
        }
    }

    /// One page of `GET /models`; `after` is Anthropic's paging cursor.
    private func modelListPage(provider: Provider, after cursor: String?) async throws -> Data {
        var url = provider.baseURL + "/models"
        if let cursor { url += "?limit=1000&after_id=" + Self.percentEncoded(cursor) }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        addCommonHeaders(to: &request, provider: provider)
        let response = try await send(request, provider: provider)
        try await throwIfFailed(response, provider: provider)
        try refuseHTML(response, expected: "a JSON model list")
        return try await response.body.collect(limit: ResponseLimits.bodyBytes, what: "the model list")
    }

    /// One small JSON request to a server's own API beside the OpenAI wire (Ollama's
    /// `/api/show`, llama.cpp's `/props`), with the same headers, redirect policy, error
    /// classification and HTML refusal as the rest, its whole time bounded by `timeout` and its
    /// body by `limit` bytes. `body` nil is a GET.
    func nativeJSON(_ url: String, body: Data?, provider: Provider, timeout: Duration, limit: Int) async throws -> Data {
        try await withWatchdog(Timeouts(connect: nil, firstToken: timeout, idle: nil, total: timeout)) { _ in
            var request = HTTPClientRequest(url: url)
            request.method = body == nil ? .GET : .POST
            self.addCommonHeaders(to: &request, provider: provider)
            if let body {
                request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await self.send(request, provider: provider)
            try await self.throwIfFailed(response, provider: provider)
            try self.refuseHTML(response, expected: "JSON")
            return try await response.body.collect(limit: limit, what: "the server's model details")
        }
    }

    // MARK: The exchange

    private func exchangeStream(_ request: ChatRequest, provider: Provider, watchdog: AttemptWatchdog,
                                continuation: AsyncThrowingStream<ChatStreamEvent, any Error>.Continuation) async throws {
        let sanitizer = sanitizer(for: provider)
        let body = try encodeBody(request, provider: provider, stream: true)
        let response = try await send(
            httpRequest(provider: provider, path: "/chat/completions", body: body, stream: true),
            provider: provider)
        try await throwIfFailed(response, provider: provider, model: request.model)
        try refuseHTML(response, expected: "an event stream")
        continuation.yield(.opened)

        // Some servers ignore `stream: true` and answer with one JSON completion.
        if response.headers.first(name: "content-type")?.lowercased().contains("application/json") == true {
            let data = try await response.body.collect(limit: ResponseLimits.bodyBytes, what: "the answer")
            let completion = try ChunkDecoder.decodeCompletion(data, sanitizer: sanitizer)
            if !completion.reasoning.isEmpty { continuation.yield(.reasoning(completion.reasoning)) }
            if !completion.text.isEmpty { continuation.yield(.text(completion.text)) }
            if let model = completion.servedBy { continuation.yield(.servedBy(model)) }
            if let usage = completion.usage { continuation.yield(.usage(usage)) }
            continuation.yield(.finished(reason: completion.finishReason))
            return
        }

        var decoder = ChatStreamDecoder(sanitizer: sanitizer)
        var started = false
        var sawFinish = false
        var servedBy: String?

        /// Passes events on. Thinking and text alike start the stream for the watchdog.
        func forward(_ decoded: [ChatStreamEvent]) async {
            // Comments (keep-alives) decode to nothing and do not count as the stream moving.
            guard !decoded.isEmpty else { return }
            for item in Self.forwardable(decoded, lastServedBy: &servedBy) {
                switch item {
                case .text, .reasoning:
                    if !started {
                        started = true
                        await watchdog.streamStarted()
                    }
                case .finished:
                    sawFinish = true
                case .servedBy, .usage, .opened:
                    break
                }
                continuation.yield(item)
            }
            await watchdog.progressed()
        }

        do {
            for try await buffer in response.body {
                await forward(try decoder.feed(buffer.readableBytesView))
                if decoder.isDone { return }
            }
            await forward(try decoder.finish())
        } catch is SSEDecoder.EventTooLarge {
            throw ResponseLimits.eventTooLarge
        }
        if !decoder.isDone && !sawFinish {
            throw GatewayError.network(message: "the connection closed before the answer was complete")
        }
    }

    /// The events of one network read as they go on: the serving model only when it changes,
    /// then `coalesced`. Every chunk names the model, and a repeated name between two text
    /// pieces would keep them apart — one event per chunk through every later stage, which
    /// was most of a fast stream's time.
    static func forwardable(_ events: [ChatStreamEvent], lastServedBy: inout String?) -> [ChatStreamEvent] {
        var fresh: [ChatStreamEvent] = []
        fresh.reserveCapacity(events.count)
        for event in events {
            if case .servedBy(let model) = event {
                if model == lastServedBy { continue }
                lastServedBy = model
            }
            fresh.append(event)
        }
        return coalesced(fresh)
    }

    /// The events of one network read with neighbouring text pieces joined (and neighbouring
    /// thinking pieces): a fast server puts hundreds of chunks in one read, and every event
    /// costs a hop through each stage after this one (engine, turn, screen or stdout), while
    /// the joined text is the same. Order between kinds is kept.
    static func coalesced(_ events: [ChatStreamEvent]) -> [ChatStreamEvent] {
        guard events.count > 1 else { return events }
        var out: [ChatStreamEvent] = []
        var text = "", reasoning = ""
        func flush() {
            if !reasoning.isEmpty { out.append(.reasoning(reasoning)); reasoning = "" }
            if !text.isEmpty { out.append(.text(text)); text = "" }
        }
        for event in events {
            switch event {
            case .text(let piece):
                if !reasoning.isEmpty { flush() }
                text += piece
            case .reasoning(let piece):
                if !text.isEmpty { flush() }
                reasoning += piece
            default:
                flush()
                out.append(event)
            }
        }
        flush()
        return out
    }

    /// Runs `body` while a watchdog enforces the attempt's time limits; whichever ends first wins.
    private func withWatchdog<T: Sendable>(_ timeouts: Timeouts,
                                           _ body: @escaping @Sendable (AttemptWatchdog) async throws -> T) async throws -> T {
        let watchdog = AttemptWatchdog(timeouts: timeouts)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body(watchdog) }
            group.addTask {
                try await watchdog.run()
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let value = result { return value }
            }
            throw GatewayError.cancelled
        }
    }

    // MARK: Requests

    private func httpRequest(provider: Provider, path: String, body: Data, stream: Bool) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: provider.baseURL + path)
        request.method = .POST
        addCommonHeaders(to: &request, provider: provider)
        request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
        request.headers.replaceOrAdd(name: "Accept", value: stream ? "text/event-stream" : "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        return request
    }

    private func addCommonHeaders(to request: inout HTTPClientRequest, provider: Provider) {
        request.headers.add(name: "User-Agent", value: userAgent)
        if let key = provider.apiKey {
            request.headers.add(name: "Authorization", value: "Bearer \(key.value)")
            // Anthropic's own `/v1/models` authenticates with `x-api-key` and a version header.
            if provider.preset == .anthropic { request.headers.add(name: "x-api-key", value: key.value) }
        }
        if provider.preset == .anthropic { request.headers.add(name: "anthropic-version", value: "2023-06-01") }
        for (name, value) in provider.extraHeaders.sorted(by: { $0.key < $1.key }) {
            request.headers.replaceOrAdd(name: name, value: value)
        }
    }

    func encodeBody(_ request: ChatRequest, provider: Provider, stream: Bool) throws -> Data {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map {
                .object(["role": .string($0.role.rawValue), "content": $0.wireContent])
            }),
            "stream": .bool(stream),
        ]
        // ZenMux rejects `stream_options` on a non-streamed request, so it goes only with `stream`.
        if stream && provider.sendsIncludeUsage {
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        if let max = request.maxTokens {
            body[provider.usesMaxCompletionTokens ? "max_completion_tokens" : "max_tokens"] = .number(Double(max))
        }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let effort = request.effort {
            for (key, value) in ReasoningEffortFields.fields(effort, preset: provider.preset, maxTokens: request.maxTokens) {
                body[key] = value
            }
        }
        for (key, value) in request.extraBody { body[key] = value }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(body)
    }

    // MARK: Errors

    private func sanitizer(for provider: Provider) -> TextSanitizer {
        TextSanitizer(secrets: provider.apiKey.map { [$0.value] } ?? [])
    }

    /// Throws the classified error of a non-2xx response, reading only the start of its body.
    /// `model` is what the request asked for, so a missing Azure deployment can be named.
    private func throwIfFailed(_ response: HTTPClientResponse, provider: Provider, model: String? = nil) async throws {
        let status = Int(response.status.code)
        guard !(200..<300).contains(status) else { return }
        let body = await response.body.errorPrefix()
        let sanitizer = sanitizer(for: provider)
        let context = ErrorClassifier.Context(model: model.map(sanitizer.cleanIdentifier),
                                              host: URL(string: provider.baseURL)?.host.map(sanitizer.clean))
        throw ErrorClassifier.classify(status: status, headers: response.headers.map { ($0.name, $0.value) },
                                       body: body, sanitizer: sanitizer, context: context)
    }

    /// A 200 with an HTML page is a login page, a proxy's notice or a wrong `base_url`, never an
    /// answer: say so instead of failing on the first byte that is not SSE or JSON.
    private func refuseHTML(_ response: HTTPClientResponse, expected: String) throws {
        guard let type = response.headers.first(name: "content-type")?.lowercased(),
              type.contains("text/html") || type.contains("application/xhtml")
        else { return }
        throw GatewayError.malformedStream(
            message: "the server answered with an HTML page, not \(expected) — is base_url right?")
    }

    /// Executes `request`, following a redirect only to the same origin with the same method and
    /// body; any other 3xx becomes `GatewayError.redirected` (see `RedirectPolicy`).
    private func send(_ request: HTTPClientRequest, provider: Provider) async throws -> HTTPClientResponse {
        var request = request
        for _ in 0...RedirectPolicy.maximumHops {
            let response = try await http().execute(request, deadline: .distantFuture)
            let status = Int(response.status.code)
            guard (300..<400).contains(status) else { return response }
            let decision = RedirectPolicy.decide(status: status, location: response.headers.first(name: "location"),
                                                 request: request.url, sanitizer: sanitizer(for: provider))
            _ = await response.body.errorPrefix(limit: 4096)  // ends this response before the next
            switch decision {
            case .follow(let target): request.url = target.absoluteString
            case .refuse(let location): throw GatewayError.redirected(status: status, location: location)
            }
        }
        throw GatewayError.network(message: "more than \(RedirectPolicy.maximumHops) redirects in a row")
    }

    /// Maps whatever the HTTP stack threw to a `GatewayError`.
    func classify(_ error: any Error, provider: Provider) -> GatewayError {
        if let error = error as? GatewayError { return error }
        let host = URL(string: provider.baseURL).map { "\($0.host ?? "?")\($0.port.map { ":\($0)" } ?? "")" } ?? provider.baseURL
        return TransportErrorText.classify(error, host: sanitizer(for: provider).clean(host))
    }
}

/// The program's version, shown by `--version` and sent as the User-Agent.
public enum ParleyVersion {
    public static let current = "0.1.0"
}

extension GatewayClient {
    /// A query value with every byte but RFC 3986's unreserved ones escaped: a cursor is server
    /// text and must not add parameters or a fragment to the URL.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
