import Foundation
import ParleyModel

/// Folding the Conductor's events into the chat, the status bar and the fallback log.
extension AppState {
    static let logLimit = 2000

    /// Folds a run of events. A reader scrolled back in the chat is held at a row of an entry
    /// above the growing text, so nothing here needs to know how many rows anything takes.
    mutating func fold(_ events: [EngineEvent]) {
        for event in events { fold(event) }
    }

    private mutating func fold(_ event: EngineEvent) {
        appendLog(event)
        guard var progress = requests[event.request] else { return }   // finished or cancelled already
        let lane = event.lane
        // (A pane scrolled back is held at a row from its top: text growing below cannot move it.)
        if comparison?.request == event.request, comparison?.lanes.indices.contains(lane) == true {
            comparison?.lanes[lane].apply(event)
        }
        defer {
            if progress.openLanes.isEmpty {
                requests.removeValue(forKey: event.request)
                if activeRequest == event.request { activeRequest = nil }
            } else {
                requests[event.request] = progress
            }
        }
        switch event.kind {
        case .routed, .skipped:
            break
        case .attemptStarted(let model, _):
            progress.model = model
            progress.phase = .waiting
            if let i = streamingEntry(event.request, lane: lane) {
                if transcript[i].text.isEmpty { transcript[i].model = model }
            } else {
                append(TranscriptEntry(id: 0, role: .assistant, text: "", model: model, status: .streaming,
                                       request: event.request, lane: lane, inComparison: progress.isComparison))
            }
        case .thinking:
            progress.phase = .thinking(chunks: 0)
        case .reasoningDelta(let model, let text):
            let i = streamingEntry(event.request, lane: lane) ?? {
                append(TranscriptEntry(id: 0, role: .assistant, text: "", model: model, status: .streaming,
                                       request: event.request, lane: lane, inComparison: progress.isComparison))
                return transcript.count - 1
            }()
            let expanded = showReasoning
            grow(entryAt: i) { entry in
                var thinking = entry.thinking ?? Thinking(started: event.time, expanded: expanded)
                thinking.text += text
                thinking.chunks += 1
                thinking.latest = max(thinking.latest, event.time)
                entry.thinking = thinking
            }
            if transcript[i].text.isEmpty { progress.phase = .thinking(chunks: transcript[i].thinking?.chunks ?? 0) }
        case .firstToken:
            progress.phase = .streaming(chunks: 0)
        case .textDelta(let model, let text):
            let i = streamingEntry(event.request, lane: lane) ?? {
                append(TranscriptEntry(id: 0, role: .assistant, text: "", model: model, status: .streaming,
                                       request: event.request, lane: lane, inComparison: progress.isComparison))
                return transcript.count - 1
            }()
            grow(entryAt: i) { entry in
                // The answer began: the thinking block folds to its one line.
                entry.thinking?.end(at: event.time)
                entry.text += text
                entry.chunks += 1
            }
            progress.phase = .streaming(chunks: transcript[i].chunks)
        case .attemptFailed(_, _, let error, let partialText):
            guard let i = streamingEntry(event.request, lane: lane) else { break }
            transcript[i].thinking?.end(at: nil)
            if transcript[i].text.isEmpty && partialText.isEmpty && transcript[i].thinking == nil {
                transcript.remove(at: i)
            } else {
                if transcript[i].text.isEmpty { transcript[i].text = partialText }
                let tokens = transcript[i].chunks > 0 ? transcript[i].chunks : max(1, partialText.count / 4)
                transcript[i].status = .partial(reason: "\(Self.shortReason(error)) after \(tokens) token\(tokens == 1 ? "" : "s")")
            }
        case .retryScheduled(_, _, let wait):
            progress.phase = .retrying(wait: wait)
        case .fallingBack(_, let to, _):
            progress.phase = .fallingBack(to: to)
        case .finished(let outcome):
            let stats = AnswerStats(outcome)
            if let i = streamingEntry(event.request, lane: lane) {
                grow(entryAt: i) { entry in
                    if !outcome.text.isEmpty { entry.text = outcome.text }
                    entry.model = outcome.model
                    entry.status = .complete
                    entry.stats = stats
                    entry.thinking?.end(at: event.time)
                    entry.thinking?.tokens = outcome.usage.reasoningTokens
                }
            } else {
                var entry = TranscriptEntry(id: 0, role: .assistant, text: outcome.text, model: outcome.model,
                                            stats: stats, request: event.request, lane: lane,
                                            inComparison: progress.isComparison)
                if !outcome.reasoning.isEmpty {
                    entry.thinking = Thinking(text: outcome.reasoning, tokens: outcome.usage.reasoningTokens,
                                              started: event.time, duration: .zero, expanded: showReasoning)
                }
                append(entry)
            }
            conversationUsage.add(stats)
            todayUsage.add(stats)
            progress.openLanes.remove(lane)
        case .failed(let attempts):
            if let i = streamingEntry(event.request, lane: lane) {
                transcript[i].thinking?.end(at: nil)
                if transcript[i].text.isEmpty && transcript[i].thinking == nil { transcript.remove(at: i) } else {
                    transcript[i].status = .partial(reason: "failed")
                }
            }
            let reason = attempts.last.map { "\($0.model): \($0.error.summary)" } ?? "no model could be tried"
            if !progress.isComparison, let u = entryIndex(progress.userEntry) {
                transcript[u].status = .unanswered(reason: reason)
            }
            let models = Set(attempts.map(\.model)).count
            let retryKeys = keymap.hint(for: .retry) ?? "retry"
            append(TranscriptEntry(
                id: 0, role: .notice,
                text: "✗ no answer — every model failed (\(counted(attempts.count, "attempt")) on \(counted(models, "model"))); last: "
                    + (progress.isComparison ? reason : sentence(reason) + " \(retryKeys) retries."),
                status: .error, request: event.request, lane: lane))
            progress.openLanes.remove(lane)
        case .cancelled:
            markCancelled(event.request, lane: progress.isComparison ? lane : nil)
            progress.openLanes.remove(lane)
        }
    }

    /// The entry still receiving text for this request and lane.
    func streamingEntry(_ request: RequestID, lane: Int) -> Int? {
        transcript.lastIndex { $0.request == request && $0.lane == lane && $0.status == .streaming }
    }

    /// Changes an entry that may grow on screen; when the user has scrolled away, "↓ new text"
    /// says that it did.
    private mutating func grow(entryAt index: Int, _ change: (inout TranscriptEntry) -> Void) {
        if isScrolledBack { hasUnseenText = true }
        change(&transcript[index])
    }

    /// The failure in a few words, for the partial marker: `stalled`, `429 rate limited`, ….
    static func shortReason(_ error: GatewayError) -> String {
        switch error {
        case .timeout(.idle): return "stalled"
        case .timeout(let kind): return "timed out (\(kind.rawValue))"
        case .network: return "connection lost"
        case .cancelled: return "cancelled"
        case .rateLimited: return "429 rate limited"
        case .server(let status, _, _): return "\(status) server error"
        case .streamError: return "error in stream"
        case .malformedStream: return "malformed stream"
        default: return error.kind
        }
    }

    mutating func appendLog(_ event: EngineEvent) {
        let showLane = requests[event.request]?.isComparison ?? (event.lane != 0)
        guard let text = EngineEventLog.line(event, timeZone: timeZone, showLane: showLane) else { return }
        let outcome: LogEntry.Outcome
        switch event.kind {
        case .finished: outcome = .ok
        case .retryScheduled, .fallingBack, .skipped: outcome = .retry
        case .attemptFailed(_, _, let error, _): outcome = error.isRetryable ? .retry : .failure
        case .failed: outcome = .failure
        default: outcome = .info
        }
        log.append(LogEntry(text: VisibleText.make(text), outcome: outcome))
        if log.count > Self.logLimit { log.removeFirst(log.count - Self.logLimit) }
    }
}

extension AppState {
    /// Shows every answer's thinking in full, or folds it back to one line; answers still to
    /// come follow the same choice. A thinking block that is live stays live either way.
    mutating func toggleReasoning() {
        showReasoning.toggle()
        for i in transcript.indices where transcript[i].thinking != nil {
            transcript[i].thinking?.expanded = showReasoning
        }
    }
}

/// "1 model", "3 models".
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// `text` ending in exactly one full stop, whether or not the provider's message had one.
func sentence(_ text: String) -> String {
    var body = Substring(text)
    while let last = body.last, last == "." || last == " " { body = body.dropLast() }
    return body + "."
}
