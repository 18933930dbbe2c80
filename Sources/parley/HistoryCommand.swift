import ArgumentParser
import Foundation
import ParleyEngine
import ParleyUI
import ParleyGateway

/// `parley history`: past conversations, from the store.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List, show, search and export past conversations.",
        discussion: "Conversation ids may be given as any unique prefix (the 8 characters 'list' shows are enough).",
        subcommands: [List.self, Show.self, Search.self, Export.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List conversations, most recent first.")

        @Option(name: .long, help: "Show at most this many.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON: an array of {conversation: {id, title, system_prompt, created, updated}, message_count}.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("List the messages containing these words instead, as 'history search' does.",
                                                valueName: "text"))
        var search: String?

        func run() async throws {
            guard limit > 0 else { throw CommandFailure.usage("--limit must be positive") }
            if let search { return try await Search.printHits(for: search, limit: limit, json: json) }
            let conversations = try await CommandStore.open().conversations(limit: limit)
            if json {
                Console.out(try StoreJSON.string(conversations) + "\n")
                return
            }
            guard !conversations.isEmpty else {
                Console.err("no conversations yet\n")
                return
            }
            let rows = conversations.map { summary in
                [String(summary.conversation.id.prefix(8)), HistoryFormat.time(summary.conversation.updated),
                 String(summary.messageCount), HistoryFormat.oneLine(summary.conversation.title, limit: 60)]
            }
            Console.out(TextTable.render(header: ["ID", "UPDATED", "MESSAGES", "TITLE"], rows: rows,
                                         rightAligned: [2]))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one conversation.")

        @Argument(help: ArgumentHelp("The conversation's id, or a unique prefix of it.", valueName: "id"))
        var id: String

        @Flag(name: .long, help: "Print JSON, as 'export --format json' does.")
        var json = false

        func run() async throws {
            let transcript = try await HistoryFormat.transcript(id)
            Console.out(json ? String(decoding: try transcript.json(), as: UTF8.self) + "\n" : transcript.plainText())
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the messages containing some words, and conversations whose title contains the text.",
            discussion: """
                Every word must occur in the message, as a word or the start of one, ignoring case and accents \
                (a full-text index). Newest first. Exits 1 when nothing matches, as grep does.
                """)

        @Argument(help: ArgumentHelp("The words to look for.", valueName: "text"))
        var text: String

        @Option(name: .long, help: "Show at most this many matches.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON: an array of {conversation_id, conversation_title, message_id, role, snippet, time}.")
        var json = false

        func run() async throws {
            guard limit > 0 else { throw CommandFailure.usage("--limit must be positive") }
            try await Self.printHits(for: text, limit: limit, json: json)
        }

        /// The table (or JSON) of matches: what `history search` and `history --search` print.
        static func printHits(for text: String, limit: Int, json: Bool) async throws {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CommandFailure.usage("the search text is empty")
            }
            let hits = try await CommandStore.open().search(text, limit: limit)
            if json {
                Console.out(try StoreJSON.string(hits) + "\n")
            } else if !hits.isEmpty {
                let rows = hits.map { hit in
                    [String(hit.conversationID.prefix(8)), HistoryFormat.time(hit.time),
                     HistoryFormat.oneLine(hit.conversationTitle, limit: 30), hit.role?.rawValue ?? "title",
                     HistoryFormat.oneLine(hit.snippet, limit: 100)]
                }
                Console.out(TextTable.render(header: ["ID", "WHEN", "CONVERSATION", "IN", "TEXT"], rows: rows))
            }
            if hits.isEmpty {
                throw CommandFailure(status: ExitStatus.modelFailed, message: "no matches for '\(HistoryFormat.oneLine(text, limit: 60))'")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write one conversation as Markdown or JSON on stdout.")

        @Argument(help: ArgumentHelp("The conversation's id, or a unique prefix of it.", valueName: "id"))
        var id: String

        @Option(name: .long, help: ArgumentHelp("The output format.", valueName: "md|json"))
        var format: String = "md"

        func run() async throws {
            guard format == "md" || format == "json" else {
                throw CommandFailure.usage("--format must be md or json (got '\(format)')")
            }
            let transcript = try await HistoryFormat.transcript(id)
            Console.out(format == "json" ? String(decoding: try transcript.json(), as: UTF8.self) + "\n"
                                         : transcript.markdown())
        }
    }
}

/// What the history subcommands share.
enum HistoryFormat {
    /// The conversation `id` names, with store errors turned into exit statuses: 1 when there is
    /// no such conversation, 2 when the id is malformed or ambiguous (the user must type more).
    static func transcript(_ id: String) async throws -> ConversationTranscript {
        do {
            return try await CommandStore.open().transcript(idPrefix: id)
        } catch let error as StoreError {
            switch error {
            case .conversationNotFound, .messageNotFound:
                throw CommandFailure(status: ExitStatus.modelFailed, message: error.description)
            case .ambiguousConversationID, .invalidConversationID:
                throw CommandFailure.usage(error.description)
            }
        }
    }

    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// One safe line for a table cell: control characters made visible, cut at `limit`.
    static func oneLine(_ text: String, limit: Int) -> String {
        let flat = TextSanitizer.makeVisible(text.split(whereSeparator: \.isNewline).joined(separator: " "),
                                             keepingNewlines: false)
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }
}
