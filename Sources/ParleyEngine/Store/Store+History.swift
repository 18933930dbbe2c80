public import Foundation
public import ParleyGateway
import GRDB

/// A message that matched a history search, with its conversation.
public struct SearchHit: Sendable, Hashable, Codable {
    public var conversationID: String
    public var conversationTitle: String
    /// `nil` when the conversation's title matched rather than a message.
    public var messageID: String?
    public var role: ChatMessage.Role?
    /// A stretch of text around the first match, on one line.
    public var snippet: String
    public var time: Date

    public init(conversationID: String, conversationTitle: String, messageID: String?, role: ChatMessage.Role?,
                snippet: String, time: Date) {
        self.conversationID = conversationID
        self.conversationTitle = conversationTitle
        self.messageID = messageID
        self.role = role
        self.snippet = snippet
        self.time = time
    }
}

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
    /// Conversations whose title or messages contain `text` (case-insensitive for ASCII, as
    /// SQLite's LIKE is), newest first.
    public func search(_ text: String, limit: Int = 50) async throws -> [SearchHit] {
        let pattern = "%" + Self.escapeLike(text) + "%"
        return try await pool.read { db in
            let titleHits = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, title, updated_at FROM conversation
                    WHERE title LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?
                    """,
                arguments: [pattern, limit]
            ).map { row in
                SearchHit(conversationID: row["id"], conversationTitle: row["title"], messageID: nil, role: nil,
                          snippet: Self.snippet(of: row["title"], around: text),
                          time: Date(storedValue: row["updated_at"]))
            }
            let messageHits = try Row.fetchAll(
                db,
                sql: """
                    SELECT message.id, message.role, message.content, message.created_at,
                           conversation.id AS conversation_id, conversation.title
                    FROM message JOIN conversation ON conversation.id = message.conversation_id
                    WHERE message.content LIKE ? ESCAPE '\\'
                    ORDER BY message.created_at DESC LIMIT ?
                    """,
                arguments: [pattern, limit]
            ).map { row in
                let role: String = row["role"]
                return SearchHit(conversationID: row["conversation_id"], conversationTitle: row["title"],
                                 messageID: row["id"], role: ChatMessage.Role(rawValue: role),
                                 snippet: Self.snippet(of: row["content"], around: text),
                                 time: Date(storedValue: row["created_at"]))
            }
            return Array((titleHits + messageHits).sorted { $0.time > $1.time }.prefix(limit))
        }
    }

    /// The conversation whose id starts with `idPrefix`, with the messages of its current path.
    public func transcript(idPrefix: String) async throws -> ConversationTranscript {
        let conversation = try await resolveConversation(idPrefix: idPrefix)
        return ConversationTranscript(conversation: conversation, messages: try await currentPath(in: conversation.id))
    }

    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// About `width` characters of `content` centred on the first case-insensitive match, on one
    /// line, with `…` where it was cut.
    static func snippet(of content: String, around query: String, width: Int = 80) -> String {
        let flat = content.split(whereSeparator: \.isNewline).joined(separator: " ")
        let characters = Array(flat)
        guard characters.count > width else { return flat }
        let matchOffset = flat.range(of: query, options: .caseInsensitive)
            .map { flat.distance(from: flat.startIndex, to: $0.lowerBound) } ?? 0
        let start = max(0, min(matchOffset - width / 3, characters.count - width))
        let end = min(characters.count, start + width)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
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

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
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
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// `value` as a JSON string, ending without a newline.
    public static func string<T: Encodable>(_ value: T) throws -> String {
        String(decoding: JSONOutput.escapingControls(try encoder().encode(value)), as: UTF8.self)
    }
}
