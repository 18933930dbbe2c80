public import Foundation
public import ParleyGateway
import GRDB

/// Full-text search over every message (SQLite FTS5), for `/search` and `parley history search`.
///
/// The index `message_search` is an external-content FTS5 table over `message`: it holds only
/// the words, keyed by the message's rowid, and triggers keep it in step with every insert,
/// update of the content and delete (a conversation's delete cascades to its messages, and so
/// to the index). `message` has no INTEGER PRIMARY KEY, so a VACUUM could renumber its rowids:
/// whoever adds a VACUUM must run `INSERT INTO message_search(message_search) VALUES('rebuild')`
/// after it.
extension Store {
    /// The most matches one search returns: more than anyone reads, few enough to stay quick.
    public static let maximumSearchHits = 1_000

    /// Messages containing every word of `text` (as a word prefix, ignoring case and accents),
    /// and conversations whose title contains the text, newest first.
    public func search(_ text: String, limit: Int = 50) async throws -> [SearchHit] {
        let query = SearchQuery(text)
        guard !query.isEmpty || !query.text.isEmpty else { return [] }
        let limit = max(1, min(limit, Self.maximumSearchHits))
        return try await pool.read { db in
            let titleHits = try Self.titleHits(query, limit: limit, db)
            // A database another Parley created before the index existed, opened read-only,
            // has no index: the slow way still finds the messages.
            let messageHits = try db.tableExists("message_search")
                ? Self.indexedMessageHits(query, limit: limit, db)
                : Self.scannedMessageHits(query, limit: limit, db)
            return Array((titleHits + messageHits).sorted { $0.time > $1.time }.prefix(limit))
        }
    }

    private static func titleHits(_ query: SearchQuery, limit: Int, _ db: Database) throws -> [SearchHit] {
        guard !query.text.isEmpty else { return [] }
        return try Row.fetchAll(
            db,
            sql: """
                SELECT id, title, updated_at FROM conversation
                WHERE title LIKE ? ESCAPE '\\' ORDER BY updated_at DESC LIMIT ?
                """,
            arguments: ["%" + escapeLike(query.text) + "%", limit]
        ).map { row in
            SearchHit(conversationID: row["id"], conversationTitle: row["title"], messageID: nil, role: nil,
                      snippet: snippet(of: row["title"], around: query), time: Date(storedValue: row["updated_at"]))
        }
    }

    private static let messageColumns = """
        SELECT message.id, message.role, message.content, message.created_at,
               conversation.id AS conversation_id, conversation.title
        """

    private static func indexedMessageHits(_ query: SearchQuery, limit: Int, _ db: Database) throws -> [SearchHit] {
        guard !query.isEmpty else { return [] }
        let rows = try Row.fetchAll(
            db,
            sql: messageColumns + """

                FROM message_search
                JOIN message ON message.rowid = message_search.rowid
                JOIN conversation ON conversation.id = message.conversation_id
                WHERE message_search MATCH ?
                ORDER BY message.created_at DESC LIMIT ?
                """,
            arguments: [query.matchExpression, limit])
        return rows.map { messageHit($0, query) }
    }

    /// Without the index: every word as a LIKE substring.
    private static func scannedMessageHits(_ query: SearchQuery, limit: Int, _ db: Database) throws -> [SearchHit] {
        guard !query.isEmpty else { return [] }
        let conditions = query.terms.map { _ in "message.content LIKE ? ESCAPE '\\'" }.joined(separator: " AND ")
        var arguments = StatementArguments(query.terms.map { "%" + escapeLike($0) + "%" })
        arguments += [limit]
        let rows = try Row.fetchAll(
            db,
            sql: messageColumns + """

                FROM message JOIN conversation ON conversation.id = message.conversation_id
                WHERE \(conditions) ORDER BY message.created_at DESC LIMIT ?
                """,
            arguments: arguments)
        return rows.map { messageHit($0, query) }
    }

    private static func messageHit(_ row: Row, _ query: SearchQuery) -> SearchHit {
        let role: String = row["role"]
        return SearchHit(conversationID: row["conversation_id"], conversationTitle: row["title"],
                         messageID: row["id"], role: ChatMessage.Role(rawValue: role),
                         snippet: snippet(of: row["content"], around: query),
                         time: Date(storedValue: row["created_at"]))
    }

    static func escapeLike(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// About `width` characters of `content` on one line, centred on the first match of the
    /// query's words (else of its text), with `…` where it was cut.
    static func snippet(of content: String, around query: SearchQuery, width: Int = 80) -> String {
        let flat = content.split(whereSeparator: \.isNewline).joined(separator: " ")
        let characters = Array(flat)
        guard characters.count > width else { return flat }
        let match = query.matches(in: flat).first?.lowerBound
            ?? flat.range(of: query.text, options: .caseInsensitive)?.lowerBound
        let matchOffset = match.map { flat.distance(from: flat.startIndex, to: $0) } ?? 0
        let start = max(0, min(matchOffset - width / 3, characters.count - width))
        let end = min(characters.count, start + width)
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }

    static func snippet(of content: String, around text: String, width: Int = 80) -> String {
        snippet(of: content, around: SearchQuery(text), width: width)
    }
}

extension StoreSchema {
    static func registerMessageSearch(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5: message search") { db in
            // remove_diacritics 2: "café" finds "cafe" and back, as the /history filter does.
            try db.execute(sql: """
                CREATE VIRTUAL TABLE message_search USING fts5(
                    content, content = 'message', content_rowid = 'rowid',
                    tokenize = 'unicode61 remove_diacritics 2'
                );
                INSERT INTO message_search(message_search) VALUES ('rebuild');

                CREATE TRIGGER message_search_insert AFTER INSERT ON message BEGIN
                    INSERT INTO message_search(rowid, content) VALUES (new.rowid, new.content);
                END;
                CREATE TRIGGER message_search_delete AFTER DELETE ON message BEGIN
                    INSERT INTO message_search(message_search, rowid, content) VALUES ('delete', old.rowid, old.content);
                END;
                -- Only when the text changed: a status or choice update leaves the words alone.
                CREATE TRIGGER message_search_update AFTER UPDATE OF content ON message BEGIN
                    INSERT INTO message_search(message_search, rowid, content) VALUES ('delete', old.rowid, old.content);
                    INSERT INTO message_search(rowid, content) VALUES (new.rowid, new.content);
                END;
                """)
        }
    }
}
