import ArgumentParser
import Foundation
import ParleyEngine
import ParleyGateway

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
            error, 130 interrupted.
            """
    )

    @Option(name: [.short, .customLong("model")],
            help: ArgumentHelp("A lane: provider:model, or a comma-separated fallback chain. Give 2 to 4.", valueName: "model"))
    var models: [String] = []

    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: ArgumentHelp("How each lane orders its chain: ordered, cheapest, fastest, gateway, gateway-price, gateway-throughput, gateway-latency.", valueName: "route"))
    var route: String = "ordered"

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
        guard Route(argument: route) != nil else { throw ValidationError("--route \(route): unknown route") }
        try SecondsFlag.validate("--first-token-timeout", firstTokenTimeout)
        try SecondsFlag.validate("--timeout", timeout)
    }

    func run() async throws {
        let promptText = try Console.prompt(prompt)
        let wiring = try await Wiring.make(providerOptions) { policy in
            if let firstTokenTimeout { policy.timeouts.firstToken = .seconds(firstTokenTimeout) }
            if let timeout { policy.timeouts.total = .seconds(timeout) }
        }
        try await wiring.runHeadless { try await compare(promptText, wiring: wiring) }
    }

    private func compare(_ promptText: String, wiring: Wiring) async throws -> Int32 {
        let routeChoice = Route(argument: route) ?? .ordered
        let lanes = try models.map { text in
            let chain = text.split(separator: ",").map { wiring.resolve(String($0)) }
            for model in chain { _ = try wiring.provider(for: model) }
            return RoutePlan(chain: chain, route: routeChoice, effort: effort)
        }
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system)) }
        messages.append(ChatMessage(role: .user, content: promptText))

        await Self.cacheCatalogues(for: lanes.flatMap(\.chain), wiring: wiring)
        // Stored like any chat turn: the question first, then each lane's answer as an alternative.
        let title = String(promptText.split(whereSeparator: \.isNewline).first ?? "").prefix(60)
        let conversation = try await wiring.store.createConversation(title: "compare: " + title, systemPrompt: system)
        try await wiring.store.commitUserMessage(promptText, in: conversation.id)
        let request = RequestID()
        var recorder = TurnRecorder(store: wiring.store, conversationID: conversation.id, request: request,
                                    estimatedPromptTokens: [TokenEstimate.promptTokens(messages)], isComparison: true)
        var report = ComparisonReport(lanes: lanes)
        let clock = ContinuousClock()
        let started = clock.now
        for await event in await wiring.conductor.compare(messages, lanes: lanes, request: request) {
            try? await recorder.record(event)
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
                    var printer = ReasoningPrinter(enabled: true)
                    Console.err("[\(index + 1)] thinking:\n")
                    printer.write(thought)
                    printer.close()
                }
            }
            Console.out(report.answers(makeVisible: Console.stdoutIsTerminal))
            Console.out(report.table())
        }
        return report.lanes.contains { $0.outcome != nil } ? ExitStatus.success : ExitStatus.modelFailed
    }

    /// Without --verbose, stderr shows only what changes the outcome: failures, fallbacks, ends.
    private static func isProgress(_ kind: EngineEvent.Kind) -> Bool {
        switch kind {
        case .attemptFailed, .fallingBack, .skipped, .finished, .failed, .cancelled: return true
        default: return false
        }
    }

    /// Makes sure the store has the catalogue (prices) of every provider the lanes use, so costs
    /// can be computed when a server sends none. Best effort: a provider that does not answer
    /// within 3 s has no prices.
    private static func cacheCatalogues(for models: [ModelRef], wiring: Wiring) async {
        await withTaskGroup(of: Void.self) { group in
            for name in Set(models.map(\.provider)) {
                group.addTask { _ = await wiring.catalogue(of: name, timeout: .seconds(3)) }
            }
        }
    }
}

/// Everything a comparison produced, lane by lane, and its text and JSON renderings.
struct ComparisonReport {
    struct Lane {
        var plan: RoutePlan
        var outcome: EngineEvent.Outcome?
        var attempts: [EngineEvent.AttemptSummary] = []
        var cancelled = false
        /// The last failure's streamed text, shown when the lane never answered.
        var partialText = ""
    }

    var lanes: [Lane]
    var wallTime: Duration = .zero

    init(lanes: [RoutePlan]) {
        self.lanes = lanes.map { Lane(plan: $0) }
    }

    mutating func record(_ event: EngineEvent) {
        guard lanes.indices.contains(event.lane) else { return }
        switch event.kind {
        case .finished(let outcome): lanes[event.lane].outcome = outcome
        case .attemptFailed(let model, let attempt, let error, let partial):
            lanes[event.lane].attempts.append(.init(model: model, attempt: attempt, error: error))
            if !partial.isEmpty { lanes[event.lane].partialText = partial }
        case .cancelled: lanes[event.lane].cancelled = true
        default: break
        }
    }

    static func title(_ lane: Lane) -> String {
        lane.outcome?.model.description ?? lane.plan.chain.map(\.description).joined(separator: ",")
    }

    func outcomeWord(_ lane: Lane) -> String {
        if let outcome = lane.outcome {
            let fellBack = outcome.model != lane.plan.chain.first && !lane.attempts.isEmpty
            return fellBack ? "ok after \(lane.attempts.count) failed" : "ok"
        }
        if lane.cancelled { return "cancelled" }
        return "failed: " + (lane.attempts.last?.error.kind ?? "no model tried")
    }

    func answers(makeVisible: Bool) -> String {
        var out = ""
        for (index, lane) in lanes.enumerated() {
            out += "=== [\(index + 1)] \(Self.title(lane)) ===\n"
            if let outcome = lane.outcome {
                out += makeVisible ? TextSanitizer.makeVisible(outcome.text) : outcome.text
            } else if let last = lane.attempts.last {
                if !lane.partialText.isEmpty {
                    out += (makeVisible ? TextSanitizer.makeVisible(lane.partialText) : lane.partialText) + " [partial]\n"
                }
                out += "(no answer: \(last.model) \(last.error.summary))"
            } else {
                out += lane.cancelled ? "(cancelled)" : "(no answer)"
            }
            out += "\n\n"
        }
        return out
    }

    func table() -> String {
        let rows: [[String]] = lanes.enumerated().map { index, lane in
            let o = lane.outcome
            return [
                "\(index + 1)",
                Self.title(lane),
                o?.timeToFirstToken.map { String(format: "%.2f s", $0.seconds) } ?? "-",
                o?.tokensPerSecond.map { String(format: "%.0f", $0) } ?? "-",
                o.map { "\($0.usage.completionTokens)" + ($0.usageEstimated ? "~" : "") } ?? "-",
                o?.cost.map { $0 < 0.01 ? String(format: "$%.5f", $0) : String(format: "$%.4f", $0) } ?? "-",
                outcomeWord(lane),
            ]
        }
        return TextTable.render(header: ["#", "model", "ttft", "tok/s", "tokens", "cost", "outcome"], rows: rows,
                                rightAligned: [0, 2, 3, 4, 5])
            + String(format: "wall time %.2f s (~ = estimated tokens)\n", wallTime.seconds)
    }

    func json() -> String {
        func ms(_ d: Duration?) -> JSONValue { d.map { .number(($0.seconds * 1000).rounded()) } ?? .null }
        let laneObjects: [JSONValue] = lanes.enumerated().map { index, lane in
            var object: [String: JSONValue] = [
                "lane": .number(Double(index + 1)),
                "requested": .array(lane.plan.chain.map { .string($0.description) }),
                "ok": .bool(lane.outcome != nil),
                "cancelled": .bool(lane.cancelled),
                "attempts_failed": .array(lane.attempts.map { attempt in
                    .object([
                        "model": .string(attempt.model.description),
                        "attempt": .number(Double(attempt.attempt)),
                        "kind": .string(attempt.error.kind),
                        "status": attempt.error.status.map { .number(Double($0)) } ?? .null,
                        "message": .string(attempt.error.message),
                    ])
                }),
            ]
            if let o = lane.outcome {
                object["model"] = .string(o.model.description)
                object["text"] = .string(o.text)
                object["reasoning"] = .string(o.reasoning)
                object["usage"] = AskReport.usageJSON(o.usage, estimated: o.usageEstimated)
                object["first_answer_ms"] = ms(o.timeToFirstAnswer)
                object["cost_usd"] = o.cost.map { .number($0) } ?? .null
                object["first_token_ms"] = ms(o.timeToFirstToken)
                object["total_ms"] = ms(o.duration)
                object["tokens_per_second"] = o.tokensPerSecond.map { .number(($0 * 10).rounded() / 10) } ?? .null
            } else {
                object["model"] = .null
                object["text"] = .null
                object["partial_text"] = lane.partialText.isEmpty ? .null : .string(lane.partialText)
            }
            return .object(object)
        }
        let root: JSONValue = .object(["lanes": .array(laneObjects), "wall_ms": ms(wallTime)])
        return (try? JSONOutput.string(root)) ?? "{}"
    }
}
