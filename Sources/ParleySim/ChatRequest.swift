import Foundation

/// The parts of a chat completion request the simulator reads. Unknown fields are ignored, as
/// real servers ignore them.
struct ChatRequest: Decodable, Sendable {
    struct Message: Decodable, Sendable {
        let role: String
        /// The text of the message; multi-part content keeps only its text parts.
        let content: String
        /// The `url` of each `image_url` part (a data URL or a link), as sent.
        let imageURLs: [String]

        private enum CodingKeys: String, CodingKey { case role, content }
        private struct Part: Decodable {
            struct ImageURL: Decodable { let url: String? }
            let type: String?
            let text: String?
            let imageURL: ImageURL?
            private enum CodingKeys: String, CodingKey { case type, text, imageURL = "image_url" }
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decode(String.self, forKey: .role)
            if let text = try? container.decodeIfPresent(String.self, forKey: .content) {
                content = text
                imageURLs = []
            } else if let parts = try? container.decodeIfPresent([Part].self, forKey: .content) {
                content = parts.compactMap(\.text).joined(separator: "\n")
                imageURLs = parts.filter { $0.type == "image_url" }.compactMap { $0.imageURL?.url }
            } else {
                content = ""  // null or absent: assistant messages with tool calls
                imageURLs = []
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
            .with(images: messages.last { $0.role == "user" }?.imageURLs ?? [])
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

    /// The last user message, which the answer quotes (or echoes); each image it carried is
    /// described after the text (`[image image/png, 67 bytes]`), so an echo shows what arrived.
    var prompt: String {
        guard let last = messages.last(where: { $0.role == "user" }) else { return "" }
        let images = last.imageURLs.prefix(16).map { "[image \(Self.describe($0))]" }
        return images.isEmpty ? last.content : ([last.content] + images).joined(separator: "\n")
    }

    /// `image/png, 67 bytes` for a base64 data URL; `a link` for anything else.
    static func describe(_ url: String) -> String {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ","),
              url[..<comma].hasSuffix(";base64") else { return "a link" }
        let type = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(";base64".count)
        let payload = url[url.index(after: comma)...]
        guard let bytes = Data(base64Encoded: String(payload)) else { return "\(type.prefix(40)), not base64" }
        return "\(type.prefix(40)), \(bytes.count) bytes"
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
