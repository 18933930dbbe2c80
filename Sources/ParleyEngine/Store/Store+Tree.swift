public import Foundation
public import ParleyGateway
import GRDB

/// A conversation is a tree: each message's `parent_id` is the message before it on its path,
/// and the conversation remembers the leaf of the path the user follows (`current_leaf_id`).
/// What is shown, sent, exported and printed is the path from the first message to that leaf.
/// A retry or an edit adds a sibling instead of overwriting; switching branches moves the leaf.
extension Store {
    /// Longest path followed: a guard against a cycle written into the file by hand.
    static let pathLimit = 100_000

    static func registerMessageTree(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6: message tree") { db in
            // Columns are added, the table is not rebuilt: the search index's triggers watch it.
            try db.execute(sql: """
                ALTER TABLE message ADD COLUMN parent_id TEXT;
                ALTER TABLE conversation ADD COLUMN current_leaf_id TEXT;
                CREATE INDEX message_by_parent ON message(conversation_id, parent_id);
                """)
            try backfillPaths(in: db)
        }
    }

    /// Every older conversation becomes one path in the order written, except that an earlier
    /// try of a retried question (the same question sent again right after its answers, as
    /// the old Ctrl-R stored it) becomes a sibling branch of the last try: the path then reads
    /// as the user followed it, and the earlier tries stay reachable with `/branch`.
    static func backfillPaths(in db: Database) throws {
        let conversations = try String.fetchAll(db, sql: "SELECT id FROM conversation")
        for conversation in conversations {
            let rows = try Row.fetchAll(
                db, sql: "SELECT id, role, content FROM message WHERE conversation_id = ? ORDER BY rowid",
                arguments: [conversation])
            // The path so far: (id, role, content, parent).
            var path: [(id: String, role: String, content: String, parent: String?)] = []
            for row in rows {
                let id: String = row["id"]
                let role: String = row["role"]
                let content: String = row["content"]
                if role == "user", let previous = path.lastIndex(where: { $0.role == "user" }),
                   path[previous].content == content, path[(previous + 1)...].allSatisfy({ $0.role == "assistant" }) {
                    let parent = path[previous].parent
                    path.removeSubrange(previous...)
                    path.append((id, role, content, parent))
                } else {
                    path.append((id, role, content, path.last?.id))
                }
                try db.execute(sql: "UPDATE message SET parent_id = ? WHERE id = ?", arguments: [path.last?.parent, id])
            }
            try db.execute(sql: "UPDATE conversation SET current_leaf_id = ? WHERE id = ?",
                           arguments: [path.last?.id, conversation])
        }
    }

    // MARK: Reading the tree

    /// The messages of the path the conversation follows, first message first.
    public func currentPath(in conversationID: String) async throws -> [StoredMessage] {
        try await pool.read { db in try Self.currentPath(of: conversationID, in: db) }
    }

    /// The path from the first message to `leafID`.
    public func path(toLeaf leafID: String) async throws -> [StoredMessage] {
        try await pool.read { db in
            guard let conversation = try String.fetchOne(
                db, sql: "SELECT conversation_id FROM message WHERE id = ?", arguments: [leafID]) else { return [] }
            return try Self.path(to: leafID, of: conversation, in: db)
        }
    }

    /// The messages with the same parent as `messageID` (itself included), in the order written.
    public func siblings(of messageID: String) async throws -> [StoredMessage] {
        try await pool.read { db in try Self.siblings(of: messageID, in: db) }
    }

    /// The points of the current path where there is more than one branch, first first.
    public func branchPoints(in conversationID: String) async throws -> [BranchPoint] {
        try await pool.read { db in
            let path = try Self.currentPath(of: conversationID, in: db)
            let children = try Self.childrenByParent(of: conversationID, in: db)
            return path.compactMap { message in
                let siblings = children[message.parentID ?? ""] ?? []
                guard siblings.count > 1 else { return nil }
                return BranchPoint(messageID: message.id, siblings: siblings.map {
                    BranchOption(id: $0.id, role: $0.role, preview: Self.preview($0.content), model: $0.model)
                })
            }
        }
    }

    // MARK: Moving on the tree

    /// Follows the branch that starts at `messageID`: the current leaf becomes the newest
    /// message under it (the newest child at each step). Returns the new path.
    @discardableResult
    public func switchBranch(to messageID: String) async throws -> [StoredMessage] {
        try await pool.write { db in
            guard let conversation = try String.fetchOne(
                db, sql: "SELECT conversation_id FROM message WHERE id = ?", arguments: [messageID]) else {
                throw StoreError.messageNotFound(messageID)
            }
            let children = try Self.childrenByParent(of: conversation, in: db)
            var leaf = messageID
            var steps = 0
            while let newest = children[leaf]?.last, steps < Self.pathLimit {
                leaf = newest.id
                steps += 1
            }
            try Self.setLeaf(leaf, of: conversation, in: db)
            return try Self.path(to: leaf, of: conversation, in: db)
        }
    }

    /// Writes `message` as a child of `parentID` (`nil`: a new first message), starting a
    /// branch there when the parent has children already; the new message becomes the leaf.
    public func append(_ message: StoredMessage, onBranchUnder parentID: String?) async throws {
        try await pool.write { db in try Self.insert(message, under: parentID, in: db) }
    }

    /// Saves an edited question as a sibling of the last question on the current path (or
    /// after the leaf when the path has no question yet); it becomes the leaf.
    @discardableResult
    public func commitEditedQuestion(_ content: String, in conversationID: String, now: Date = Date()) async throws
        -> StoredMessage
    {
        let message = StoredMessage(conversationID: conversationID, role: .user, content: content,
                                    status: .complete, created: now)
        try await pool.write { db in
            let path = try Self.currentPath(of: conversationID, in: db)
            if let question = path.last(where: { $0.role == .user }) {
                try Self.insert(message, under: question.parentID, in: db)
            } else {
                try Self.insert(message, in: db)
            }
        }
        return message
    }

    /// Makes the last question of the current path the leaf, so the answers recorded next are
    /// siblings of its earlier answers. Only when that question is `prompt` (the chat may show
    /// a question that was never stored, e.g. one the budget refused): returns false otherwise,
    /// and nothing changes.
    public func rewindToLastQuestion(_ prompt: String, in conversationID: String) async throws -> Bool {
        try await pool.write { db in
            let path = try Self.currentPath(of: conversationID, in: db)
            guard let question = path.last(where: { $0.role == .user }), question.content == prompt else { return false }
            try Self.setLeaf(question.id, of: conversationID, in: db)
            return true
        }
    }

    // MARK: Inside a transaction

    static func currentLeaf(of conversationID: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT current_leaf_id FROM conversation WHERE id = ?",
                            arguments: [conversationID])
    }

    static func setLeaf(_ leafID: String?, of conversationID: String, in db: Database) throws {
        try db.execute(sql: "UPDATE conversation SET current_leaf_id = ? WHERE id = ?", arguments: [leafID, conversationID])
    }

    static func currentPath(of conversationID: String, in db: Database) throws -> [StoredMessage] {
        // A leaf that is missing (never set, or its row deleted by hand) falls back to the newest
        // message, so a conversation never looks empty when it is not.
        var leaf = try currentLeaf(of: conversationID, in: db)
        if let id = leaf, try Bool.fetchOne(db, sql: "SELECT 1 FROM message WHERE id = ?", arguments: [id]) == nil {
            leaf = nil
        }
        if leaf == nil {
            leaf = try String.fetchOne(db, sql: "SELECT id FROM message WHERE conversation_id = ? ORDER BY rowid DESC LIMIT 1",
                                       arguments: [conversationID])
        }
        guard let leaf else { return [] }
        return try path(to: leaf, of: conversationID, in: db)
    }

    static func path(to leafID: String, of conversationID: String, in db: Database) throws -> [StoredMessage] {
        let all = try Row.fetchAll(db, sql: "SELECT * FROM message WHERE conversation_id = ?", arguments: [conversationID])
            .map(StoredMessage.init(row:))
        let byID = Dictionary(all.map { ($0.id, $0) }) { first, _ in first }
        var path: [StoredMessage] = []
        var seen: Set<String> = []
        var next: String? = leafID
        while let id = next, let message = byID[id], seen.insert(id).inserted, path.count < pathLimit {
            path.append(message)
            next = message.parentID
        }
        return path.reversed()
    }

    static func siblings(of messageID: String, in db: Database) throws -> [StoredMessage] {
        try Row.fetchAll(
            db, sql: """
                SELECT sibling.* FROM message AS sibling JOIN message AS this ON this.id = ?
                WHERE sibling.conversation_id = this.conversation_id
                  AND sibling.parent_id IS this.parent_id
                ORDER BY sibling.rowid
                """, arguments: [messageID]
        ).map(StoredMessage.init(row:))
    }

    /// Each message's children in the order written, keyed by parent id ("" for first messages).
    static func childrenByParent(of conversationID: String, in db: Database) throws -> [String: [StoredMessage]] {
        let all = try Row.fetchAll(db, sql: "SELECT * FROM message WHERE conversation_id = ? ORDER BY rowid",
                                   arguments: [conversationID]).map(StoredMessage.init(row:))
        return Dictionary(grouping: all) { $0.parentID ?? "" }
    }

    static func preview(_ text: String, length: Int = 60) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > length ? String(flat.prefix(length)) + "…" : flat
    }
}
