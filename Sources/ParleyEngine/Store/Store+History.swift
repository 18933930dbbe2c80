public import Foundation
public import ParleyGateway
import GRDB

/// A whole conversation, for `parley history show` and `export`.
public struct ConversationTranscript: Sendable, Hashable, Codable {
    public var conversation: Conversation
    public var messages: [StoredMessage]

    public init(conversation: Conversation, messages: [StoredMessage]) {
        self.conversation = conversation
        self.messages = messages
    }
}

extension Store {
    /// The conversation whose id starts with `idPrefix`, with the messages of its current path.
    public func transcript(idPrefix: String) async throws -> ConversationTranscript {
        let conversation = try await resolveConversation(idPrefix: idPrefix)
        return ConversationTranscript(conversation: conversation, messages: try await currentPath(in: conversation.id))
    }
}

extension ConversationTranscript {
    /// Markdown: the title as a heading, each message under a heading naming its role (and model
    /// and status for answers). Control characters are made visible, so printing it to a
    /// terminal is safe.
    public func markdown() -> String {
        var out = "# \(visible(conversation.title))\n\n"
        out += "- id: `\(conversation.id)`\n"
        out += "- created: \(Self.timestamp(conversation.created))\n"
        out += "- updated: \(Self.timestamp(conversation.updated))\n\n"
        if let system = conversation.systemPrompt, !system.isEmpty {
            out += "## System\n\n\(visible(system))\n\n"
        }
        for message in currentPath {
            out += "## \(heading(for: message))\n\n"
            if let error = message.error {
                out += "> \(visible(error, keepingNewlines: false))\n\n"
            }
            // The thinking is kept, folded: readers open it when they want it.
            if let reasoning = message.reasoning, !reasoning.isEmpty {
                out += "<details><summary>reasoning</summary>\n\n" + visible(reasoning) + "\n\n</details>\n\n"
            }
            if !message.content.isEmpty {
                out += visible(message.content) + "\n\n"
            }
        }
        return out
    }

    /// The messages as the user followed them. A transcript from the store is its current path
    /// already (its messages have parent ids: see `Store+Tree`). A flat list without them (an
    /// older export read back) drops earlier tries of a retried question: when the same question
    /// was sent again right after its answers, only the last try and its answers remain.
    public var currentPath: [StoredMessage] {
        if messages.contains(where: { $0.parentID != nil }) { return messages }
        var kept: [StoredMessage] = []
        for message in messages {
            if message.role == .user,
               let previousQuestion = kept.lastIndex(where: { $0.role == .user }),
               kept[previousQuestion].content == message.content,
               kept[(previousQuestion + 1)...].allSatisfy({ $0.role == .assistant }) {
                kept.removeSubrange(previousQuestion...)
            }
            kept.append(message)
        }
        return kept
    }

    /// Plain text for the terminal (`parley history show`).
    public func plainText() -> String {
        var out = "\(visible(conversation.title))\n"
        out += "id \(conversation.id), created \(Self.timestamp(conversation.created))\n"
        if let system = conversation.systemPrompt, !system.isEmpty {
            out += "\n[system]\n\(visible(system))\n"
        }
        for message in currentPath {
            out += "\n[\(heading(for: message))] \(Self.timestamp(message.created))\n"
            if let error = message.error {
                out += "(\(visible(error, keepingNewlines: false)))\n"
            }
            if let reasoning = message.reasoning, !reasoning.isEmpty {
                out += Self.thinkingSection(visible(reasoning))
            }
            if !message.content.isEmpty {
                out += visible(message.content) + "\n"
            }
        }
        return out
    }

    /// The thinking before an answer, labelled and indented so it reads apart from the answer
    /// (the text is already made visible: no line of it can move the cursor).
    static func thinkingSection(_ visibleReasoning: String) -> String {
        var text = Substring(visibleReasoning)
        while text.last == "\n" { text = text.dropLast() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return "  [thinking]\n" + lines.map { $0.isEmpty ? "\n" : "  \($0)\n" }.joined()
    }

    /// `user`, `assistant · openrouter:x/y`, `assistant · demo:fast · partial`,
    /// `assistant · demo:a · lane 2` for compared answers.
    func heading(for message: StoredMessage) -> String {
        var parts = [message.role.rawValue]
        if let model = message.model { parts.append(visible(model.description, keepingNewlines: false)) }
        if message.comparisonGroup != nil, let lane = message.lane { parts.append("lane \(lane + 1)") }   // from 1, as the chat numbers them
        if let choice = message.choice { parts.append(choice.rawValue) }
        if message.status != .complete { parts.append(message.status.rawValue) }
        return parts.joined(separator: " · ")
    }

    private func visible(_ text: String, keepingNewlines: Bool = true) -> String {
        TextSanitizer.makeVisible(text, keepingNewlines: keepingNewlines)
    }

    /// `2026-12-03 14:05`, local time.
    static func timestamp(_ date: Date) -> String {
        LocalZone.system.minuteStamp(date)
    }

    /// JSON for scripts (see `StoreJSON`).
    public func json() throws -> Data {
        JSONOutput.escapingControls(try StoreJSON.encoder().encode(self))
    }
}

/// The JSON the headless commands print: snake_case keys like the rest of Parley's `--json`,
/// ISO 8601 dates, keys sorted so output is stable.
public enum StoreJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        // `.iso8601` would print the same `2026-12-03T14:05:09Z`, but through a Gregorian
        // `Calendar` that looks up the current `TimeZone`: ICU, megabytes resident, for a UTC stamp.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(LocalZone.utc.iso8601(date))
        }
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as a JSON string, ending without a newline.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: JSONOutput.escapingControls(try encoder().encode(value)), as: UTF8.self)
    }
}
