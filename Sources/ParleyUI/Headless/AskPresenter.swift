public import ParleyModel

/// What `parley ask` shows of a turn as it runs: the answer on stdout as it streams, thinking
/// and the fallback log on stderr, and at the end the `--json` object or the failure line.
public struct AskPresenter: Sendable {
    public struct Options: Sendable {
        public var json: Bool
        public var verbose: Bool
        public var hideReasoning: Bool

        public init(json: Bool = false, verbose: Bool = false, hideReasoning: Bool = false) {
            self.json = json
            self.verbose = verbose
            self.hideReasoning = hideReasoning
        }
    }

    public private(set) var report: AskReport
    /// The first failed write of the turn, already reported on stderr.
    public private(set) var storageFailure: String?
    private let options: Options
    private let output: HeadlessOutput
    private let printer: AnswerPrinter
    private var thoughts: ReasoningPrinter
    private var sawCancel = false
    private var failedAttempts: [EngineEvent.AttemptSummary] = []

    public init(model: ModelRef, conversationID: String, options: Options, output: HeadlessOutput) {
        report = AskReport(model: model)
        report.conversationID = conversationID
        self.options = options
        self.output = output
        printer = AnswerPrinter(enabled: !options.json, output: output)
        thoughts = ReasoningPrinter(enabled: !options.json && !options.hideReasoning, output: output)
    }

    public mutating func show(_ update: TurnUpdate) {
        switch update {
        case .storageFailed(let message):
            storageFailure = message
            output.error("warning: \(message)")
        case .event(let event):
            show(event)
        }
    }

    private mutating func show(_ event: EngineEvent) {
        if options.verbose, let line = EngineEventLog.line(event) { output.err(line + "\n") }
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
                if !options.verbose { output.error("\(model) broke off: \(error.summary)") }
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

    /// Ends the output (the `--json` object, or the failure line) and says how the turn ended.
    public func finish() -> HeadlessOutcome {
        printer.finish()
        if sawCancel { return .interrupted }
        if options.json { output.out(report.json() + "\n") }
        guard report.error == nil else {
            output.error(Self.failureLine(failedAttempts))
            return .everyModelFailed
        }
        return .answered
    }

    /// One line: for each model, its last failure — `demo:broken failed: 500 server error: …`.
    public static func failureLine(_ attempts: [EngineEvent.AttemptSummary]) -> String {
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
