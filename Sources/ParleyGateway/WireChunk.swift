import Foundation

/// The parts of a `chat.completion.chunk` (or a whole `chat.completion`) that Parley reads.
/// Every field is optional: servers differ (empty `choices` on usage chunks, `content: null`
/// on llama.cpp's first chunk, usage on the finish chunk or on its own chunk, no usage at all).
struct WireChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
        }
        var delta: Delta?
        /// Non-streamed answers carry `message` instead of `delta`.
        var message: Delta?
        var finish_reason: String?
    }

    var model: String?
    var choices: [Choice]?
    var usage: WireUsage?
    var error: WireError?
}

struct WireUsage: Decodable {
    var prompt_tokens: Int?
    var completion_tokens: Int?
    var total_tokens: Int?
    var cost: Double?

    var usage: Usage {
        Usage(promptTokens: prompt_tokens ?? 0, completionTokens: completion_tokens ?? 0,
              totalTokens: total_tokens, cost: cost)
    }
}

/// An error object as the servers send it. `code` is an integer on OpenRouter and llama.cpp, a
/// string on ZenMux and LiteLLM (`"429"`) and OpenAI (`"invalid_api_key"`), or absent.
struct WireError: Decodable {
    var message: String?
    var type: String?
    var code: String?

    enum CodingKeys: String, CodingKey { case message, type, code }

    init(message: String?, type: String? = nil, code: String? = nil) {
        self.message = message
        self.type = type
        self.code = code
    }

    init(from decoder: any Decoder) throws {
        // `"error": "some text"` happens too (proxies); treat the string as the message.
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self.init(message: text)
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let code: String?
        if let int = try? c.decodeIfPresent(Int.self, forKey: .code) {
            code = String(int)
        } else {
            code = (try? c.decodeIfPresent(String.self, forKey: .code)) ?? nil
        }
        self.init(message: (try? c.decodeIfPresent(String.self, forKey: .message)) ?? nil,
                  type: (try? c.decodeIfPresent(String.self, forKey: .type)) ?? nil,
                  code: code)
    }
}

/// What one SSE payload means to a stream.
enum ChunkMeaning: Equatable {
    case done
    case events([ChatStreamEvent])
}

enum ChunkDecoder {
    private static let decoder = JSONDecoder()

    /// Decodes one SSE event of a chat stream. Throws `GatewayError.streamError` for an error
    /// sent inside a 200 stream, `.malformedStream` for a payload that is not JSON.
    static func decode(_ event: SSEEvent, sanitizer: TextSanitizer) throws -> ChunkMeaning {
        if event.data.hasPrefix("[DONE]") { return .done }
        let chunk: WireChunk
        do {
            chunk = try decoder.decode(WireChunk.self, from: Data(event.data.utf8))
        } catch {
            if event.event == "error" {
                throw GatewayError.streamError(code: nil, message: sanitizer.clean(event.data))
            }
            throw GatewayError.malformedStream(
                message: "expected JSON in a data line, got: \(sanitizer.clean(String(event.data.prefix(120))))")
        }
        if let error = chunk.error {
            throw GatewayError.streamError(code: error.code.map(sanitizer.clean),
                                           message: sanitizer.clean(error.message ?? "the server reported an error"))
        }
        if event.event == "error" {
            throw GatewayError.streamError(code: nil, message: sanitizer.clean(event.data))
        }
        var events: [ChatStreamEvent] = []
        // The served model id goes to the log, `--json`, the ledger and `usage`: clean it here, once.
        if let model = chunk.model.map(sanitizer.cleanIdentifier), !model.isEmpty { events.append(.servedBy(model)) }
        for choice in chunk.choices ?? [] {
            if let text = choice.delta?.content ?? choice.message?.content, !text.isEmpty {
                events.append(.text(text))
            }
            if choice.finish_reason == "error" {
                throw GatewayError.streamError(code: nil, message: "the server ended the answer with an error")
            }
        }
        if let usage = chunk.usage { events.append(.usage(usage.usage)) }
        if let reason = chunk.choices?.lazy.compactMap(\.finish_reason).first {
            events.append(.finished(reason: reason))
        }
        return .events(events)
    }

    /// Decodes a whole non-streamed `chat.completion` body.
    static func decodeCompletion(_ body: Data, sanitizer: TextSanitizer) throws -> ChatCompletion {
        let chunk: WireChunk
        do {
            chunk = try decoder.decode(WireChunk.self, from: body)
        } catch {
            let preview = String(decoding: body.prefix(120), as: UTF8.self)
            throw GatewayError.malformedStream(message: "expected a JSON completion, got: \(sanitizer.clean(preview))")
        }
        if let error = chunk.error {
            throw GatewayError.streamError(code: error.code.map(sanitizer.clean),
                                           message: sanitizer.clean(error.message ?? "the server reported an error"))
        }
        let text = (chunk.choices ?? []).compactMap { $0.message?.content ?? $0.delta?.content }.joined()
        return ChatCompletion(text: text, usage: chunk.usage?.usage,
                              servedBy: chunk.model.map(sanitizer.cleanIdentifier).flatMap { $0.isEmpty ? nil : $0 },
                              finishReason: chunk.choices?.first?.finish_reason)
    }
}
