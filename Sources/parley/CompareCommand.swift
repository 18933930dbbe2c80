import ArgumentParser
import Foundation
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
    )

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
        let wiring = try await Wiring.make(providerOptions, demo: .ifUsed(models)) { policy in
            if let firstTokenTimeout { policy.timeouts.firstToken = .seconds(firstTokenTimeout) }
            if let timeout { policy.timeouts.total = .seconds(timeout) }
        }
        try await wiring.runHeadless { try await compare(promptText, wiring: wiring) }
    }

    private func compare(_ promptText: String, wiring: Wiring) async throws -> Int32 {
        // The lanes name their models, so a role gives its prompt and parameters, not its model.
        let role = try shape.chosenRole(wiring)
        let system = self.system ?? role?.system
        let lanes = try models.map { text in
            RoutePlan(chain: try wiring.chain(text), route: route, effort: effort ?? role?.effort,
                      parameters: shape.parameters(role: role))
        }
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system)) }
        let message = try shape.message(promptText)
        messages.append(ChatMessage(role: .user, content: message))
        var laneMessages: [[ChatMessage]] = []
        for lane in lanes { laneMessages.append(try await shape.guarded(messages, for: lane.chain[0], wiring: wiring)) }

        // Prices, so costs can be computed when a server sends none; best effort within 3 s.
        await wiring.catalogues.prefetch(for: lanes.flatMap(\.chain), timeout: .seconds(3))
        // Stored like any chat turn: the question first, then each lane's answer as an alternative.
        let turn = try await HeadlessTurn.begin(wiring.turn, .init(
            prompt: message, lanes: zip(laneMessages, lanes).map { ComparisonLane(messages: $0, plan: $1) },
            target: .new(for: promptText, prefix: "compare: ", systemPrompt: system), isComparison: true))
        var report = ComparisonReport(lanes: lanes)
        var storageFailed = false
        let clock = ContinuousClock()
        let started = clock.now
        for await update in turn.updates() {
            guard case .event(let event) = update else {
                if case .storageFailed(let message) = update { HeadlessTurn.output.error("warning: \(message)") }
                storageFailed = true
                continue
            }
            report.record(event)
            if verbose || Self.isProgress(event.kind), let line = EngineEventLog.line(event, showLane: true) {
                Console.err(line + "\n")
            }
        }
        report.wallTime = started.duration(to: clock.now)

        if json {
            Console.out(report.json() + "\n")
        } else {
            if !hideReasoning {
                // Lanes think at once, so each lane's thinking is written whole, before the answers.
                for (index, lane) in report.lanes.enumerated() {
                    guard let thought = lane.outcome?.reasoning, !thought.isEmpty else { continue }
                    var printer = ReasoningPrinter(enabled: true, output: HeadlessTurn.output)
                    Console.err("[\(index + 1)] thinking:\n")
                    printer.write(thought)
                    printer.close()
                }
            }
            Console.out(report.answers(makeVisible: Console.stdoutIsTerminal))
            Console.out(report.table())
        }
        let answered = report.lanes.contains { $0.outcome != nil }
        return try HeadlessTurn.exitStatus(answered ? .answered : .everyModelFailed, storageFailed: storageFailed)
    }

    /// Without --verbose, stderr shows only what changes the outcome: failures, fallbacks, ends.
    private static func isProgress(_ kind: EngineEvent.Kind) -> Bool {
        switch kind {
        case .attemptFailed, .fallingBack, .skipped, .finished, .failed, .cancelled: return true
        default: return false
        }
    }
}
