import Foundation

/// The parts of a chat completion request the simulator reads. Unknown fields are ignored, as
/// real servers ignore them.
struct ChatRequest: Decodable, Sendable {
    struct Message: Decodable, Sendable {
        let role: String
        /// The text of the message; multi-part content keeps only its text parts.
        let content: String

        private enum CodingKeys: String, CodingKey { case role, content }
        private struct Part: Decodable { let type: String?; let text: String? }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decodeIfPresent(String.self, forKey: .content) {
                content = text
            } else if let parts = try? container.decodeIfPresent([Part].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
            } else {
                content = ""  // null or absent: assistant messages with tool calls
            }
        }
    }

    struct StreamOptions: Decodable, Sendable {
        let includeUsage: Bool?
        private enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    /// The model asked for; when the request falls back (`models`), the one being tried.
    var model: String
    /// OpenRouter's server-side fallback: models tried in order after `model` when it fails.
    let models: [String]?
    let messages: [Message]
    let stream: Bool?
    let streamOptions: StreamOptions?
    let maxTokens: Int?
    let maxCompletionTokens: Int?
    /// The fields kept only to be reported (`SimRequestRecord`), decoded leniently.
    let parameters: RequestedParameters

    private enum CodingKeys: String, CodingKey {
        case model, models, messages, stream
        case streamOptions = "stream_options"
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        models = try c.decodeIfPresent([String].self, forKey: .models)
        messages = try c.decode([Message].self, forKey: .messages)
        stream = try c.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try c.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
        maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens)
        maxCompletionTokens = try c.decodeIfPresent(Int.self, forKey: .maxCompletionTokens)
        parameters = (try? RequestedParameters(from: decoder)) ?? RequestedParameters()
    }

    /// What the statistics keep of this request (bounded: see `SimRequestRecord`).
    var record: SimRequestRecord {
        let systemText = messages.filter { $0.role == "system" || $0.role == "developer" }.map(\.content)
        return SimRequestRecord(
            reasoningEffort: parameters.reasoningEffort, openRouterEffort: parameters.openRouterEffort,
            openRouterEnabled: parameters.openRouterEnabled, thinkingType: parameters.thinkingType,
            enableThinking: parameters.enableThinking, temperature: parameters.temperature,
            maxTokens: maxTokens, maxCompletionTokens: maxCompletionTokens,
            system: systemText.isEmpty ? nil
                : SimRequestRecord.bounded(systemText.joined(separator: "\n"), SimRequestRecord.maximumSystemLength))
            .with(lastUser: messages.last { $0.role == "user" }?.content, messageCount: messages.count)
    }

    /// The models to try, `model` first then `models` (deduplicated, at most eight: the list
    /// comes from outside).
    var candidates: [String] {
        var out = [model]
        for name in models ?? [] where !out.contains(name) && out.count < 8 { out.append(name) }
        return out
    }

    var isStreaming: Bool { stream ?? false }
    var includeUsage: Bool { streamOptions?.includeUsage ?? false }
    var tokenLimit: Int? { maxCompletionTokens ?? maxTokens }

    /// The last user message, which the answer quotes (or echoes).
    var prompt: String {
        messages.last { $0.role == "user" }?.content ?? ""
    }

    /// Roughly four characters a token, as the usual rule of thumb; never zero.
    var promptTokens: Int {
        max(1, messages.reduce(0) { $0 + $1.content.count } / 4)
    }

    /// Identifies the conversation: same messages, same answer.
    var conversationKey: [String] {
        messages.flatMap { [$0.role, $0.content] }
    }
}
