import ArgumentParser
import Foundation
import ParleyEngine

/// `parley usage`: what the usage ledger says was spent, grouped by model, provider or day.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show tokens, cost, requests and failures from the usage ledger.",
        discussion: """
            Every attempt counts as a request, retries and fallbacks included. Token sums marked '~' \
            include estimates (the server sent no usage, or the stream failed); costs marked '+' leave \
            out attempts whose price is unknown.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Group by model, provider or day.", valueName: "model|provider|day"))
    var by: String = UsageGrouping.model.rawValue

    @Option(name: .long, help: ArgumentHelp("Only from the start of this local day on.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Flag(name: .long, help: "Print JSON: {grouping, since, rows: [{key, requests, failures, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost_usd, includes_estimated_tokens, includes_unknown_cost}], total}.")
    var json = false

    func run() async throws {
        guard let grouping = UsageGrouping(rawValue: by) else {
            throw CommandFailure.usage("--by must be one of model, provider, day (got '\(by)')")
        }
        var start: Date?
        if let since {
            guard let day = UsageReport.parseDay(since) else {
                throw CommandFailure.usage("--since must be a date as YYYY-MM-DD (got '\(since)')")
            }
            start = day
        }
        let store = try CommandStore.open()
        let report = try await store.usageReport(by: grouping, since: start)
        if json {
            Console.out(try StoreJSON.string(report) + "\n")
        } else if report.rows.isEmpty {
            Console.err("no usage recorded\(since.map { " since \($0)" } ?? "")\n")
        } else {
            Console.out(report.renderTable())
        }
    }
}

/// How the read-only commands (`history`, `usage`) open the store: read-only, so they work on
/// a database that is read-only or locked; a failure is the storage exit status.
enum CommandStore {
    static func open(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Store {
        let url = Store.defaultURL(environment: environment)
        do {
            return try Store.openForReading(url: url)
        } catch {
            throw CommandFailure(status: ExitStatus.storage, message: "cannot open \(url.path): \(error)")
        }
    }
}
