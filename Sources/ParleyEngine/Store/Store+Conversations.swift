public import Foundation
public import ParleyGateway
import GRDB

/// A conversation with what a list of them shows.

extension Store {
    // MARK: Conversations

    /// A new conversation; `id` lets the chat name it before it exists (see `Command.send`).
    public func createConversation(id: String = Store.newID(), title: String, systemPrompt: String? = nil,
                                   now: Date = Date()) async throws -> Conversation
    {
        let conversation = Conversation(id: id, title: title, systemPrompt: systemPrompt,
                                        created: now, updated: now)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO conversation (id, title, system_prompt, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [conversation.id, conversation.title, conversation.systemPrompt,
                            now.storedValue, now.storedValue])
        }
        return conversation
    }

    public func renameConversation(_ id: String, to title: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE conversation SET title = ? WHERE id = ?", arguments: [title, id])
            if db.changesCount == 0 { throw StoreError.conversationNotFound(id) }
        }
    }

    /// Deletes a conversation and its messages. Its ledger rows stay (with no conversation).
    public func deleteConversation(_ id: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM conversation WHERE id = ?", arguments: [id])
            if db.changesCount == 0 { throw StoreError.conversationNotFound(id) }
        }
    }

    public func conversation(id: String) async throws -> Conversation? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM conversation WHERE id = ?", arguments: [id])
                .map(Conversation.init(row:))
        }
    }

    /// Conversations, most recently updated first.
    public func conversations(limit: Int? = nil) async throws -> [ConversationSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT conversation.*,
                           (SELECT COUNT(*) FROM message WHERE message.conversation_id = conversation.id) AS message_count
                    FROM conversation
                    ORDER BY updated_at DESC, id
                    LIMIT ?
                    """,
                arguments: [limit ?? -1]
            ).map { ConversationSummary(conversation: Conversation(row: $0), messageCount: $0["message_count"]) }
        }
    }

    /// Finds the one conversation whose id starts with `prefix` (case-insensitive).
    public func resolveConversation(idPrefix prefix: String) async throws -> Conversation {
        let normalized = prefix.lowercased()
        // Only id characters, so the prefix can't smuggle LIKE wildcards.
        guard !normalized.isEmpty, normalized.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
            throw StoreError.invalidConversationID(prefix)
        }
        let matches = try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM conversation WHERE id LIKE ? ORDER BY id LIMIT 50",
                             arguments: [normalized + "%"]).map(Conversation.init(row:))
        }
        switch matches.count {
        case 0: throw StoreError.conversationNotFound(prefix)
        case 1: return matches[0]
        default: throw StoreError.ambiguousConversationID(prefix: prefix, matches: matches.map(\.id))
        }
    }

    // MARK: Messages

    /// Saves the user's message, committed before the request is sent, so a crash or kill while
    /// the answer streams never loses what the user typed.
    @discardableResult
    public func commitUserMessage(_ content: String, in conversationID: String, now: Date = Date()) async throws
        -> StoredMessage
    {
        let message = StoredMessage(conversationID: conversationID, role: .user, content: content,
                                    status: .complete, created: now)
        try await insert(message)
        return message
    }

    /// Inserts any message and bumps its conversation's `updated` time.
    public func insert(_ message: StoredMessage) async throws {
        try await pool.write { db in try Self.insert(message, in: db) }
    }

    /// The messages of a conversation in the order they were first written (rowid order: the
    /// commit order, which no clock skew between event times and wall time can shuffle).
    public func messages(in conversationID: String) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM message WHERE conversation_id = ? ORDER BY rowid",
                arguments: [conversationID]
            ).map(StoredMessage.init(row:))
        }
    }

    /// What to send as the context of the next turn: the system prompt, the user's messages and
    /// the complete answers of the current path (other branches are never sent). Partial and failed answers stay out (they are marked in the
    /// transcript, not part of the dialogue); of a comparison, the picked answer stands for the
    /// turn, or before a pick the lowest lane's complete answer.
    public func chatContext(for conversationID: String) async throws -> [ChatMessage] {
        guard let conversation = try await conversation(id: conversationID) else {
            throw StoreError.conversationNotFound(conversationID)
        }
        var context: [ChatMessage] = []
        if let system = conversation.systemPrompt, !system.isEmpty {
            context.append(ChatMessage(role: .system, content: system))
        }
        var groupsTaken: Set<String> = []
        let messages = try await currentPath(in: conversationID)
        let lowestCompleteLane = Dictionary(
            messages.filter { $0.status == .complete && $0.comparisonGroup != nil }
                .map { ($0.comparisonGroup!, $0.lane ?? 0) },
            uniquingKeysWith: min)
        let pickedGroups = Set(messages.filter { $0.choice == .picked }.compactMap(\.comparisonGroup))
        for message in messages where message.status == .complete {
            if let group = message.comparisonGroup {
                let standsForTurn = pickedGroups.contains(group)
                    ? message.choice == .picked
                    : (message.lane ?? 0) == lowestCompleteLane[group]
                guard standsForTurn, !groupsTaken.contains(group) else { continue }
                groupsTaken.insert(group)
            }
            context.append(ChatMessage(role: message.role, content: message.content))
        }
        return context
    }

    /// Records which answer of a comparison the user picked: the newest complete answer of
    /// `lane` becomes the reply and every other answer of the comparison an alternative.
    /// Picking again moves the pick. Returns false when that lane has no complete answer.
    @discardableResult
    public func recordPick(comparisonGroup group: String, lane: Int) async throws -> Bool {
        try await pool.write { db in
            let picked = try String.fetchOne(
                db, sql: """
                    SELECT id FROM message
                    WHERE comparison_group = ? AND lane = ? AND role = 'assistant' AND status = 'complete'
                    ORDER BY rowid DESC LIMIT 1
                    """, arguments: [group, lane])
            guard let picked else { return false }
            try db.execute(
                sql: """
                    UPDATE message SET choice = CASE WHEN id = ? THEN 'picked' ELSE 'alternative' END
                    WHERE comparison_group = ? AND role = 'assistant'
                    """, arguments: [picked, group])
            return true
        }
    }

    /// Marks answers left `streaming` by a process that died (kill -9, power loss) as partial.
    /// Only rows not checkpointed since `staleBefore`: another live Parley may be streaming into
    /// the same file right now, and its rows are fresh.
    @discardableResult
    public func recoverInterruptedMessages(staleBefore: Date = Date().addingTimeInterval(-300)) async throws -> Int {
        try await pool.write { db in
            try db.execute(
                sql: """
                    UPDATE message SET status = 'partial', error = COALESCE(error, 'interrupted: Parley stopped while the answer streamed')
                    WHERE status = 'streaming' AND updated_at < ?
                    """,
                arguments: [staleBefore.storedValue])
            return db.changesCount
        }
    }

    // MARK: Writing inside a transaction (shared with the recorder)

    /// Writes `message` at the end of its conversation's current path: its parent is the
    /// current leaf, and it becomes the leaf (see `Store+Tree`).
    static func insert(_ message: StoredMessage, in db: Database) throws {
        let leaf = try currentLeaf(of: message.conversationID, in: db)
        try insert(message, under: leaf, in: db)
    }

    /// Writes `message` as a child of `parent` (`nil`: a first message) and makes it the
    /// conversation's current leaf, so a new branch is the path followed from now on.
    static func insert(_ message: StoredMessage, under parent: String?, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO message (id, conversation_id, role, content, model, status, error,
                                     comparison_group, lane, choice, created_at, updated_at, parent_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [message.id, message.conversationID, message.role.rawValue, message.content,
                        message.model?.description, message.status.rawValue, message.error,
                        message.comparisonGroup, message.lane, message.choice?.rawValue, message.created.storedValue,
                        message.updated.storedValue, parent])
        try setLeaf(message.id, of: message.conversationID, in: db)
        try touchConversation(message.conversationID, at: message.updated, in: db)
    }

    static func updateMessage(id: String, content: String, status: MessageStatus, model: ModelRef?,
                              error: String?, at time: Date, in db: Database) throws
    {
        try db.execute(
            sql: """
                UPDATE message SET content = ?, status = ?, model = COALESCE(?, model), error = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [content, status.rawValue, model?.description, error, time.storedValue, id])
    }

    static func touchConversation(_ id: String, at time: Date, in db: Database) throws {
        try db.execute(sql: "UPDATE conversation SET updated_at = MAX(updated_at, ?) WHERE id = ?",
                       arguments: [time.storedValue, id])
    }
}

extension Conversation {
    init(row: Row) {
        self.init(id: row["id"], title: row["title"], systemPrompt: row["system_prompt"],
                  created: Date(storedValue: row["created_at"]), updated: Date(storedValue: row["updated_at"]))
    }
}

extension StoredMessage {
    init(row: Row) {
        let modelText: String? = row["model"]
        let roleText: String = row["role"]
        let statusText: String = row["status"]
        self.init(id: row["id"], conversationID: row["conversation_id"],
                  role: ChatMessage.Role(rawValue: roleText) ?? .assistant, content: row["content"],
                  model: modelText.flatMap(ModelRef.init(storedReference:)),
                  status: MessageStatus(rawValue: statusText) ?? .partial, error: row["error"],
                  comparisonGroup: row["comparison_group"], lane: row["lane"],
                  choice: (row["choice"] as String?).flatMap(MessageChoice.init(rawValue:)),
                  reasoning: row["reasoning"], parentID: row["parent_id"], created: Date(storedValue: row["created_at"]), updated: Date(storedValue: row["updated_at"]))
    }
}
