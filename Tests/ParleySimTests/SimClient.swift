import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ParleySim

/// A response read whole.
struct SimResponse {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
    var error: [String: Any]? { json["error"] as? [String: Any] }

    /// The `data` payloads of the SSE events, decoded as the WHATWG spec and openai-python do:
    /// lines end in LF, CR or CRLF; a blank line ends an event; `:` lines are comments; several
    /// `data:` lines join with "\n"; an unterminated event at EOF is flushed.
    var events: [String] {
        var events: [String] = []
        var data: [String] = []
        let normalised = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data = []
            } else if line.hasPrefix(":") {
                continue
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.hasPrefix(" ") { value = value.dropFirst() }
                data.append(String(value))
            }
        }
        if !data.isEmpty { events.append(data.joined(separator: "\n")) }
        return events
    }

    /// The JSON chunks before `[DONE]` (non-JSON events are skipped).
    var chunks: [[String: Any]] {
        events.prefix { !$0.hasPrefix("[DONE]") }.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// The text of the content deltas, in order.
    var contentPieces: [String] {
        chunks.compactMap { chunk in
            guard let choices = chunk["choices"] as? [[String: Any]], let first = choices.first,
                  let delta = first["delta"] as? [String: Any] else { return nil }
            return delta["content"] as? String
        }.filter { !$0.isEmpty }
    }

    var usage: [String: Any]? {
        chunks.last { $0["usage"] is [String: Any] }?["usage"] as? [String: Any]
    }
}

enum SimClient {
    static func chatBody(model: String, prompt: String = "Tell me about Swift concurrency", stream: Bool = true,
                         includeUsage: Bool? = nil, extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "model": model,
            "messages": [["role": "system", "content": "You are terse."], ["role": "user", "content": prompt]],
            "stream": stream,
        ]
        if let includeUsage { body["stream_options"] = ["include_usage": includeUsage] }
        return body.merging(extra) { $1 }
    }

    static func post(_ server: SimServer, path: String = "/v1/chat/completions", json: [String: Any]) async throws -> SimResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await send(server, method: .POST, path: path, body: data)
    }

    static func send(_ server: SimServer, method: HTTPMethod, path: String, body: Data? = nil) async throws -> SimResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(server.port)\(path)")
        request.method = method
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer sk-sim")
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        return SimResponse(status: Int(response.status.code), headers: response.headers,
                           body: String(buffer: bytes))
    }

    /// Reads a stream until `count` content chunks have arrived, then returns them while the
    /// response is still open (the caller decides what happens to the connection).
    static func readContentChunks(
        _ response: HTTPClientResponse, count: Int
    ) async throws -> [String] {
        var text = ""
        for try await buffer in response.body {
            text += String(buffer: buffer)
            let pieces = SimResponse(status: 200, headers: [:], body: text).contentPieces
            if pieces.count >= count { return pieces }
        }
        return SimResponse(status: 200, headers: [:], body: text).contentPieces
    }

    static func startStream(_ server: SimServer, model: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: "\(server.baseURL)/chat/completions")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: chatBody(model: model))))
        return try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    }

    /// Polls the server's statistics until `condition` holds. Not a fixed sleep: it returns as
    /// soon as the server has caught up, and gives up after a generous bound.
    static func waitForStats(_ server: SimServer, _ condition: (SimStats) -> Bool) async throws -> SimStats {
        for _ in 0..<2_000 {
            let stats = await server.stats()
            if condition(stats) { return stats }
            try await Task.sleep(for: .milliseconds(5))
        }
        return await server.stats()
    }
}

func withServer(_ body: (SimServer) async throws -> Void) async throws {
    let server = try await SimServer.start()
    do {
        try await body(server)
    } catch {
        try await server.shutdown()
        throw error
    }
    try await server.shutdown()
}
