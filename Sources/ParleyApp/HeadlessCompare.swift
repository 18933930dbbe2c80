public import ParleyEngine
import ParleyGateway
public import ParleyUI

/// `parley compare`'s body: one prompt to 2–4 lanes through the engine's turn, the answers and
/// the table to `output`.
public struct HeadlessCompare: Sendable {
    /// `compare`'s flags, parsed.
    public struct Options: Sendable {
        /// Each lane: a model, a comma-separated chain, or a chain's name.
        public var models: [String] = []
        public var route: Route = .ordered
        public var system: String?
        public var json = false
        public var verbose = false
        public var hideReasoning = false
        public var effort: ReasoningEffort?
        public var shape = RequestShape()

        public init() {}
    }

    public var options: Options
    public var output: HeadlessOutput

    public init(_ options: Options, output: HeadlessOutput = HeadlessTurn.output) {
        self.options = options
        self.output = output
    }

    /// Compares the lanes' answers to `prompt`; returns the exit status.
    public func compare(_ prompt: String, wiring: Wiring) async throws -> Int32 {
        let shape = options.shape
        // The lanes name their models, so a role gives its prompt and parameters, not its model.
        let role = try shape.chosenRole(wiring)
        let system = options.system ?? role?.system
        let lanes = try options.models.map { text in
            RoutePlan(chain: try wiring.chain(text), route: options.route, effort: options.effort ?? role?.effort,
                      parameters: shape.parameters(role: role))
        }
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: .system, content: system)) }
        let files = try shape.readFiles()
        let message = Attachment.message(prompt, attachments: files)
        messages.append(ChatMessage(role: .user, content: message))
        var laneMessages: [[ChatMessage]] = []
        for lane in lanes {
            laneMessages.append(try await shape.guarded(try await shape.withImages(messages, files, for: lane.chain[0], wiring: wiring),
                                                        for: lane.chain[0], wiring: wiring, output: output))
        }

        // Prices, so costs can be computed when a server sends none; best effort within 3 s.
        await wiring.catalogues.prefetch(for: lanes.flatMap(\.chain), timeout: .seconds(3))
        // Stored like any chat turn: the question first, then each lane's answer as an alternative.
        let turn = try await HeadlessTurn.begin(wiring.turn, .init(
            prompt: message, lanes: zip(laneMessages, lanes).map { ComparisonLane(messages: $0, plan: $1) },
            target: .new(for: prompt, prefix: "compare: ", systemPrompt: system), isComparison: true))
        var report = ComparisonReport(lanes: lanes)
        var storageFailed = false
        let clock = ContinuousClock()
        let started = clock.now
        for await update in turn.updates() {
            guard case .event(let event) = update else {
                if case .storageFailed(let message) = update { output.error("warning: \(message)") }
                storageFailed = true
                continue
            }
            report.record(event)
            if options.verbose || Self.isProgress(event.kind), let line = EngineEventLog.line(event, showLane: true) {
                output.err(line + "\n")
            }
        }
        report.wallTime = started.duration(to: clock.now)

        if options.json {
            output.out(report.json() + "\n")
        } else {
            if !options.hideReasoning {
                // Lanes think at once, so each lane's thinking is written whole, before the answers.
                for (index, lane) in report.lanes.enumerated() {
                    guard let thought = lane.outcome?.reasoning, !thought.isEmpty else { continue }
                    var printer = ReasoningPrinter(enabled: true, output: output)
                    output.err("[\(index + 1)] thinking:\n")
                    printer.write(thought)
                    printer.close()
                }
            }
            output.out(report.answers(makeVisible: output.stdoutIsTerminal))
            output.out(report.table())
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
