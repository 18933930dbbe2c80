import ArgumentParser
import Foundation
import ParleyEngine
import ParleyGateway

/// `parley ask`: one question, the answer streamed to stdout.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Ask one question and stream the answer to stdout.",
        discussion: """
            The prompt comes from the argument, or from stdin when it is absent or '-'. The answer goes to \
            stdout as it arrives; progress, the fallback log (--verbose) and errors go to stderr. On a \
            terminal, escape and control sequences in the answer are shown (as ^[ and the like), never \
            executed; piped output passes the text through as received.

            A failed attempt is retried on 408/409/429/5xx and network errors (at most twice, honouring \
            Retry-After), then the next model of --fallback is tried. If an answer breaks off after some \
            text, that text stays on stdout and the next model answers after it.

            A model that thinks before it answers has its thinking written to stderr (dimmed on a \
            terminal) while only the answer goes to stdout; --hide-reasoning leaves it out. The first \
            thinking token counts as the stream having started for --first-token-timeout.

            The question and the answer are saved in the history (see `parley history`), with tokens and \
            cost in the usage ledger (see `parley usage`).

            Exit status: 0 answered, 1 every model failed (one line on stderr says which model, what failed \
            and what the server said), 2 usage or configuration error, 130 interrupted.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Model reference, provider:model (default: the configured default, else demo:fast).", valueName: "model"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Models to fall back to, in order (comma-separated references), or the name of a chain from the configuration.", valueName: "models"))
    var fallback: String?

    @Option(name: .long, help: ArgumentHelp("How to order the models: ordered, cheapest, fastest, gateway, gateway-price, gateway-throughput, gateway-latency.", valueName: "route"))
    var route: String?

    @OptionGroup var providerOptions: ProviderOptions

    @Option(name: .long, help: ArgumentHelp("System prompt.", valueName: "text"))
    var system: String?

    @Flag(name: .customLong("continue"), help: "Continue the most recent conversation.")
    var continueLast = false

    @Option(name: .long, help: ArgumentHelp("Continue this conversation (an id or a unique prefix, see `parley history`).", valueName: "id"))
    var conversation: String?

    @Flag(name: .customLong("no-stream"), help: "Ask for the whole answer at once (stream: false) instead of streaming it.")
    var noStream = false

    @Flag(name: .long, help: "Print one JSON object (model, text, reasoning, usage, cost, timings, error, attempts) instead of the text.")
    var json = false

    @Flag(name: .customLong("hide-reasoning"), help: "Do not write the model's thinking to stderr.")
    var hideReasoning = false

    @Option(name: .long, help: .effort)
    var effort: ReasoningEffort?

    @Flag(name: .shortAndLong, help: "Print the fallback log on stderr, one line per event.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Total time limit for each attempt, in seconds.", valueName: "s"))
    var timeout: Double?

    @Option(name: .customLong("first-token-timeout"), help: ArgumentHelp("Time limit until the first token (of thinking or answer) of each attempt, in seconds.", valueName: "s"))
    var firstTokenTimeout: Double?

    @Option(name: .customLong("idle-timeout"), help: ArgumentHelp("Longest silence between two chunks once streaming, in seconds (a stall).", valueName: "s"))
    var idleTimeout: Double?

    @Argument(help: ArgumentHelp("The prompt; '-' or nothing reads it from stdin.", valueName: "prompt"))
    var prompt: String?

    func validate() throws {
        for (name, value) in [("--timeout", timeout), ("--first-token-timeout", firstTokenTimeout),
                              ("--idle-timeout", idleTimeout)] {
            try SecondsFlag.validate(name, value)
        }
        if let route, Route(argument: route) == nil {
            throw ValidationError("--route \(route): expected ordered, cheapest, fastest, gateway, gateway-price, gateway-throughput or gateway-latency")
        }
        if continueLast && conversation != nil { throw ValidationError("--continue and --conversation exclude each other") }
    }

    func run() async throws {
        let promptText = try Console.prompt(prompt)
        let wiring = try await Wiring.make(providerOptions, wholeAnswers: noStream) { policy in
            if let timeout { policy.timeouts.total = .seconds(timeout) }
            if let firstTokenTimeout { policy.timeouts.firstToken = .seconds(firstTokenTimeout) }
            if let idleTimeout { policy.timeouts.idle = .seconds(idleTimeout) }
        }
        try await wiring.runHeadless { try await answer(promptText, wiring: wiring) }
    }

    private func plan(_ wiring: Wiring) throws -> RoutePlan {
        let first = model.map(wiring.resolve) ?? wiring.defaultModel
        _ = try wiring.provider(for: first)
        var chain = [first]
        if let fallback { chain += try wiring.chain(fallback).filter { $0 != first } }
        let chosenRoute = route.flatMap(Route.init(argument:))
            ?? wiring.configuration.flatMap { Route(argument: $0.route.rawValue) } ?? .ordered
        return RoutePlan(chain: chain, route: chosenRoute, effort: effort)
    }

    /// Opens (or creates) the conversation and returns its id with the messages to send.
    private func conversationContext(_ wiring: Wiring, prompt: String) async throws -> (String, [ChatMessage]) {
        let store = wiring.store
        var existing: Conversation?
        do {
            if let conversation {
                existing = try await store.resolveConversation(idPrefix: conversation)
            } else if continueLast {
                guard let last = try await store.conversations(limit: 1).first else {
                    throw CommandFailure.usage("--continue: there is no conversation yet")
                }
                existing = last.conversation
            }
        } catch let error as StoreError {
            throw CommandFailure.usage(String(describing: error))
        }
        var messages: [ChatMessage] = []
        let id: String
        if let existing {
            id = existing.id
            messages = try await store.chatContext(for: id)
            if let system { messages.removeAll { $0.role == .system }; messages.insert(ChatMessage(role: .system, content: system), at: 0) }
        } else {
            let title = String(prompt.split(whereSeparator: \.isNewline).first ?? "").prefix(60)
            id = try await store.createConversation(title: String(title), systemPrompt: system).id
            if let system { messages.append(ChatMessage(role: .system, content: system)) }
        }
        messages.append(ChatMessage(role: .user, content: prompt))
        // The question is committed before anything is sent: a failure never loses it.
        try await store.commitUserMessage(prompt, in: id)
        return (id, messages)
    }

    private func answer(_ promptText: String, wiring: Wiring) async throws -> Int32 {
        let plan = try plan(wiring)
        let (conversationID, messages) = try await conversationContext(wiring, prompt: promptText)

        if let budget = wiring.configuration?.budget, budget.dailyUSD != nil || budget.conversationUSD != nil {
            let guardrail = BudgetGuard(dailyLimit: budget.dailyUSD, perConversationLimit: budget.conversationUSD)
            if case .refused(let reason) = try await wiring.store.check(guardrail, conversationID: conversationID) {
                throw CommandFailure(status: ExitStatus.modelFailed, message: "refused: \(reason)")
            }
        }

        let request = RequestID()
        var recorder = TurnRecorder(store: wiring.store, conversationID: conversationID, request: request,
                                    estimatedPromptTokens: [TokenEstimate.promptTokens(messages)])
        var report = AskReport(model: plan.chain[0])
        report.conversationID = conversationID
        let printer = AnswerPrinter(enabled: !json, makeVisible: Console.stdoutIsTerminal)
        var thoughts = ReasoningPrinter(enabled: !json && !hideReasoning)
        var sawCancel = false
        var failedAttempts: [EngineEvent.AttemptSummary] = []

        let events = await wiring.conductor.send(messages, plan: plan, request: request)
        for await event in events {
            try? await recorder.record(event)
            if verbose, let line = EngineEventLog.line(event) { Console.err(line + "\n") }
            report.attempts.append(contentsOf: AskReport.attemptJSON(event))
            switch event.kind {
            case .reasoningDelta(_, let text):
                thoughts.write(text)
            case .textDelta(_, let text):
                thoughts.close()
                printer.write(text)
            case .attemptFailed(let model, let attempt, let error, let partial):
                thoughts.close()
                failedAttempts.append(.init(model: model, attempt: attempt, error: error))
                if !partial.isEmpty {
                    printer.breakOff()
                    if !verbose { Console.error("\(model) broke off: \(error.summary)") }
                }
            case .finished(let outcome):
                thoughts.close()
                report.model = outcome.model
                report.text = outcome.text
                report.reasoning = outcome.reasoning
                report.timeToFirstAnswer = outcome.timeToFirstAnswer
                report.usage = outcome.usage
                report.usageEstimated = outcome.usageEstimated
                report.cost = outcome.cost
                report.timeToFirstToken = outcome.timeToFirstToken
                report.duration = outcome.duration
            case .failed(let attempts):
                failedAttempts = attempts
                report.error = attempts.last?.error
            case .cancelled:
                sawCancel = true
            default:
                break
            }
        }
        printer.finish()
        if sawCancel { throw CommandFailure(status: ExitStatus.interrupted, message: "interrupted") }
        if json { Console.out(report.json() + "\n") }
        guard report.error == nil else {
            Console.error(Self.failureLine(failedAttempts))
            return ExitStatus.modelFailed
        }
        return ExitStatus.success
    }

    /// One line: for each model, its last failure — `demo:broken failed: 500 server error: …`.
    static func failureLine(_ attempts: [EngineEvent.AttemptSummary]) -> String {
        var lastByModel: [(ModelRef, GatewayError)] = []
        for attempt in attempts {
            if let index = lastByModel.firstIndex(where: { $0.0 == attempt.model }) {
                lastByModel[index].1 = attempt.error
            } else {
                lastByModel.append((attempt.model, attempt.error))
            }
        }
        if lastByModel.count == 1, let (model, error) = lastByModel.first {
            let tries = attempts.count > 1 ? " after \(attempts.count) attempts" : ""
            return "\(model) failed\(tries): \(error.summary)"
        }
        return "every model failed: " + lastByModel.map { "\($0.0): \($0.1.summary)" }.joined(separator: "; ")
    }
}

/// Streams answer text to stdout, made visible on a terminal and flushed as it comes.
struct AnswerPrinter {
    var enabled: Bool
    var makeVisible: Bool

    func write(_ text: String) {
        guard enabled else { return }
        Console.outStreaming(makeVisible ? TextSanitizer.makeVisible(text) : text)
    }

    /// An answer broke off: the next model's answer starts on a line of its own.
    func breakOff() {
        guard enabled else { return }
        Console.out("\n")
    }

    /// Ends the answer with a newline on a terminal, so the prompt starts on its own line.
    func finish() {
        if enabled && makeVisible { Console.out("\n") }
        Console.flush()
    }
}
