import ArgumentParser
import Foundation
import ParleyApp
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
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List conversations, most recent first.")

        @Option(name: .long, help: "Show at most this many.")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON: an array of {conversation: {id, title, system_prompt, created, updated}, message_count}.")
        var json = false

        @Option(name: .long, help: ArgumentHelp("List the messages containing these words instead, as 'history search' does.",
                                                valueName: "text"))
        var search: String?

        func run() async throws {
            if let search { return try await HistoryListing().search(search, limit: limit, json: json) }
            try await HistoryListing().list(limit: limit, json: json)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one conversation.")

        @Argument(help: ArgumentHelp("The conversation's id, or a unique prefix of it.", valueName: "id"))
        var id: String

        @Flag(name: .long, help: "Print JSON, as 'export --format json' does.")
        var json = false

        func run() async throws {
            try await HistoryListing().show(id, json: json)
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "Find the messages containing some words, and conversations whose title contains the text.",
            discussion: """
                Every word must occur in the message, as a word or the start of one, ignoring case and accents \
                (a full-text index). Newest first. Exits 1 when nothing matches, as grep does.
                """)

        @Argument(help: ArgumentHelp("The words to look for.", valueName: "text"))
        var text: String

        @Option(name: .long, help: "Show at most this many matches (1 to 1000).")
        var limit: Int = 50

        @Flag(name: .long, help: "Print JSON: an array of {conversation_id, conversation_title, message_id, role, snippet, time}.")
        var json = false

        func run() async throws {
            try await HistoryListing().search(text, limit: limit, json: json)
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write one conversation as Markdown or JSON on stdout.")

        @Argument(help: ArgumentHelp("The conversation's id, or a unique prefix of it.", valueName: "id"))
        var id: String

        @Option(name: .long, help: ArgumentHelp("The output format.", valueName: "md|json"))
        var format: String = "md"

        func run() async throws {
            try await HistoryListing().export(id, format: format)
        }
    }
}
