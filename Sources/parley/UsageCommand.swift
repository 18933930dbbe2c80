import ArgumentParser
import Foundation
import ParleyApp
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
    ).parsedAlone()

    @Option(name: .long, help: ArgumentHelp("Group by model, provider or day.", valueName: "model|provider|day"))
    var by: String = UsageGrouping.model.rawValue

    @Option(name: .long, help: ArgumentHelp("Only from the start of this local day on.", valueName: "YYYY-MM-DD"))
    var since: String?

    @Flag(name: .long, help: "Print JSON: {grouping, since, rows: [{key, requests, failures, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost_usd, includes_estimated_tokens, includes_unknown_cost}], total}.")
    var json = false

    func run() async throws {
        try await UsageListing().show(by: by, since: since, json: json)
    }
}
