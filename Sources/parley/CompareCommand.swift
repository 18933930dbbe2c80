import ArgumentParser
import Foundation
import ParleyApp
import ParleyEngine
import ParleyGateway
import ParleyUI

/// `parley compare`: the same prompt to 2–4 models at once, answers side by side in a table.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Send one prompt to 2–4 models at once and compare their answers, speed and cost.",
        discussion: """
            Every lane streams concurrently, so the whole comparison takes about as long as the slowest \
            model. A lane may be a fallback chain: -m 'demo:broken,demo:fast' falls back to demo:fast \
            when demo:broken fails. Progress and the fallback log go to stderr; the answers, each under \
            its model, then a table (model, first-token time, tokens/s, tokens, cost, outcome) go to stdout.

            Exit status: 0 at least one lane answered, 1 every lane failed, 2 usage or configuration \
            error, 3 the answers were printed but the history could not be written, 130 interrupted.
            """
    ).parsedAlone()

    @Option(name: [.short, .customLong("model")],
            help: ArgumentHelp("A lane: provider:model, or a comma-separated fallback chain. Give 2 to 4.", valueName: "model"))
    var models: [String] = []

    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: ArgumentHelp("How each lane orders its chain.", valueName: "route"))
    var route: Route = .ordered

    @Option(name: .long, help: ArgumentHelp("System prompt.", valueName: "text"))
    var system: String?

    @Flag(name: .long, help: "Print one JSON object (every lane's answer, reasoning, usage, timings, attempts) instead of text.")
    var json = false

    @Flag(name: .long, help: "Log every attempt, retry and fallback on stderr.")
    var verbose = false

    @Flag(name: .customLong("hide-reasoning"), help: "Do not write the models' thinking to stderr.")
    var hideReasoning = false

    @Option(name: .long, help: .effort)
    var effort: ReasoningEffort?

    @OptionGroup var shape: RequestShapeOptions

    @Option(name: .customLong("first-token-timeout"), help: ArgumentHelp("Time limit until the first token, per attempt, in seconds.", valueName: "s"))
    var firstTokenTimeout: Double?

    @Option(name: .long, help: ArgumentHelp("Total time limit per attempt, in seconds.", valueName: "s"))
    var timeout: Double?

    @Argument(help: ArgumentHelp("The prompt; '-' or nothing reads it from stdin.", valueName: "prompt"))
    var prompt: String?

    func validate() throws {
        guard (2...4).contains(models.count) else {
            throw ValidationError("give 2 to 4 models with -m (got \(models.count))")
        }
        try SecondsFlag.validate("--first-token-timeout", firstTokenTimeout)
        try SecondsFlag.validate("--timeout", timeout)
    }

    func run() async throws {
        let promptText = try Console.prompt(prompt)
        let wiring = try await Wiring.make(providerOptions.connection, demo: .ifUsed(models)) { policy in
            if let firstTokenTimeout { policy.timeouts.firstToken = .seconds(firstTokenTimeout) }
            if let timeout { policy.timeouts.total = .seconds(timeout) }
        }
        try await wiring.runHeadless { try await HeadlessCompare(options).compare(promptText, wiring: wiring) }
    }

    /// The flags as `HeadlessCompare` takes them.
    private var options: HeadlessCompare.Options {
        var options = HeadlessCompare.Options()
        options.models = models
        options.route = route
        options.system = system
        options.json = json
        options.verbose = verbose
        options.hideReasoning = hideReasoning
        options.effort = effort
        options.shape = shape.request
        return options
    }
}
