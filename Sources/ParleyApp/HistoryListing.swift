public import Foundation
import ParleyEngine
public import ParleyUI

/// `parley history`'s bodies: what the subcommands print, read from the store read-only.
public struct HistoryListing: Sendable {
    public var output: HeadlessOutput
    /// Where the store is (`PARLEY_HOME` and the like).
    public var environment: [String: String]

    public init(output: HeadlessOutput = HeadlessTurn.output,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.output = output
        self.environment = environment
    }

    /// `history list`: the most recent `limit` conversations, as a table or JSON.
    public func list(limit: Int, json: Bool) async throws {
        guard limit > 0 else { throw CommandFailure.usage("--limit must be positive") }
        let conversations = try await CommandStore.open(environment: environment).conversations(limit: limit)
        if json {
            output.out(try StoreJSON.string(conversations) + "\n")
            return
        }
        guard !conversations.isEmpty else {
            output.err("no conversations yet\n")
            return
        }
        let rows = conversations.map { summary in
            [String(summary.conversation.id.prefix(8)), HistoryFormat.time(summary.conversation.updated),
             String(summary.messageCount), HistoryFormat.oneLine(summary.conversation.title, limit: 60)]
        }
        output.out(TextTable.render(header: ["ID", "UPDATED", "MESSAGES", "TITLE"], rows: rows, rightAligned: [2]))
    }

    /// The table (or JSON) of matches: what `history search` and `history --search` print.
    /// No match is exit status 1, as grep does.
    public func search(_ text: String, limit: Int, json: Bool) async throws {
        guard (1...Store.maximumSearchHits).contains(limit) else {
            throw CommandFailure.usage("--limit must be 1 to \(Store.maximumSearchHits) for a search, not \(limit)")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CommandFailure.usage("the search text is empty")
        }
        let hits = try await CommandStore.open(environment: environment).search(text, limit: limit)
        if json {
            output.out(try StoreJSON.string(hits) + "\n")
        } else if !hits.isEmpty {
            let rows = hits.map { hit in
                [String(hit.conversationID.prefix(8)), HistoryFormat.time(hit.time),
                 HistoryFormat.oneLine(hit.conversationTitle, limit: 30), hit.role?.rawValue ?? "title",
                 HistoryFormat.oneLine(hit.snippet, limit: 100)]
            }
            output.out(TextTable.render(header: ["ID", "WHEN", "CONVERSATION", "IN", "TEXT"], rows: rows))
        }
        if hits.isEmpty {
            throw CommandFailure(status: ExitStatus.modelFailed, message: "no matches for '\(HistoryFormat.oneLine(text, limit: 60))'")
        }
    }

    /// `history show`: one conversation as plain text, or JSON.
    public func show(_ id: String, json: Bool) async throws {
        let transcript = try await HistoryFormat.transcript(id, environment: environment)
        output.out(json ? String(decoding: try transcript.json(), as: UTF8.self) + "\n" : transcript.plainText())
    }

    /// `history export`: one conversation as Markdown (`md`) or JSON.
    public func export(_ id: String, format: String) async throws {
        guard format == "md" || format == "json" else {
            throw CommandFailure.usage("--format must be md or json (got '\(format)')")
        }
        let transcript = try await HistoryFormat.transcript(id, environment: environment)
        output.out(format == "json" ? String(decoding: try transcript.json(), as: UTF8.self) + "\n"
                                    : transcript.markdown())
    }
}
