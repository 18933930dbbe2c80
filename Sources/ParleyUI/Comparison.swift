public import Foundation
public import ParleyModel

/// The newest comparison, as the side-by-side panes show it: one lane per compared model, which
/// pane has the focus, whether it is zoomed, each pane's scroll, and the answer picked (if any).
public struct ComparisonState: Sendable, Hashable {
    public var request: RequestID
    /// The transcript entry of the user message that was compared.
    public var userEntry: Int
    public var lanes: [LaneStatus]
    /// The pane that scroll, zoom and pick act on (nil: none focused yet).
    public var focus: Int?
    /// The focused pane fills the whole chat area.
    public var zoomed: Bool
    /// Where each pane is scrolled to.
    public var scroll: [PanePosition]
    /// The lane whose answer became the conversation's reply.
    public var winner: Int?

    /// A comparison of `chains`, one lane each (a lane's chain: its model, then its fallbacks).
    public init(request: RequestID, userEntry: Int, chains: [[ModelRef]]) {
        self.request = request
        self.userEntry = userEntry
        self.lanes = chains.compactMap { LaneStatus(chain: $0) }
        self.focus = nil
        self.zoomed = false
        self.scroll = Array(repeating: .following, count: lanes.count)
        self.winner = nil
    }

    func position(of lane: Int) -> PanePosition {
        scroll.indices.contains(lane) ? scroll[lane] : .following
    }
}

/// Where a comparison pane is scrolled: following its stream, or held at a row counted from the
/// top of its text, so that text arriving below never moves what the reader is reading (and
/// drawing the view never needs the rows below it).
public enum PanePosition: Sendable, Hashable {
    case following
    case row(Int)
}

/// What one lane of a comparison is doing, folded from its engine events.
public struct LaneStatus: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case waiting, streaming
        /// Only the model's thinking has arrived so far.
        case thinking
        case retrying(wait: Duration)
        case fallingBack(to: ModelRef)
        case done
        case failed(reason: String)
        case cancelled
    }

    /// The model the lane was asked to use.
    public var requested: ModelRef
    /// The models it may fall back to, in order.
    public var fallbacks: [ModelRef]
    /// The model of the current (or final) attempt; differs from `requested` after a fallback.
    public var model: ModelRef?
    public var phase: Phase
    public var timeToFirstToken: Duration?
    /// Text pieces of the current attempt (a stand-in for tokens until the server counts them).
    public var chunks: Int
    public var stats: AnswerStats?
    var firstTextAt: Date?
    var lastTextAt: Date?

    public init(requested: ModelRef, fallbacks: [ModelRef] = []) {
        self.requested = requested
        self.fallbacks = fallbacks
        self.model = nil
        self.phase = .waiting
        self.timeToFirstToken = nil
        self.chunks = 0
        self.stats = nil
    }

    /// A lane walking `chain` (nil for an empty chain).
    init?(chain: [ModelRef]) {
        guard let first = chain.first else { return nil }
        self.init(requested: first, fallbacks: Array(chain.dropFirst()))
    }

    public var isOpen: Bool {
        switch phase {
        case .done, .failed, .cancelled: return false
        default: return true
        }
    }

    /// The model that answers (or answered) this lane.
    public var answeringModel: ModelRef { model ?? requested }

    mutating func apply(_ event: EngineEvent) {
        switch event.kind {
        case .routed, .skipped, .attemptFailed:
            break
        case .attemptStarted(let model, _):
            self.model = model
            phase = .waiting
            chunks = 0
            firstTextAt = nil
            lastTextAt = nil
            timeToFirstToken = nil
        case .thinking(_, let latency):
            if timeToFirstToken == nil { timeToFirstToken = latency }
            phase = .thinking
        case .reasoningDelta:
            break
        case .firstToken(_, let latency):
            if timeToFirstToken == nil { timeToFirstToken = latency }
            phase = .streaming
        case .textDelta:
            phase = .streaming
            chunks += 1
            if firstTextAt == nil { firstTextAt = event.time }
            lastTextAt = event.time
        case .retryScheduled(_, _, let wait):
            phase = .retrying(wait: wait)
        case .fallingBack(_, let to, _):
            phase = .fallingBack(to: to)
        case .finished(let outcome):
            model = outcome.model
            stats = AnswerStats(outcome)
            if let ttft = outcome.timeToFirstToken { timeToFirstToken = ttft }
            phase = .done
        case .failed(let attempts):
            let reason = attempts.last.map { "\($0.model.model): \($0.error.summary)" } ?? "no model could be tried"
            phase = .failed(reason: reason)
        case .cancelled:
            if isOpen { phase = .cancelled }
        }
    }

    /// Completion tokens per second after the first token: measured from the final figures, or
    /// estimated from the pieces' arrival times while streaming.
    public var tokensPerSecond: Double? {
        if let stats {
            guard let ttft = stats.timeToFirstToken else { return nil }
            let streaming = (stats.duration - ttft).seconds
            guard streaming > 0.001, stats.completionTokens > 0 else { return nil }
            return Double(stats.completionTokens) / streaming
        }
        guard let first = firstTextAt, let last = lastTextAt, chunks > 1 else { return nil }
        let seconds = last.timeIntervalSince(first)
        guard seconds > 0.001 else { return nil }
        return Double(chunks - 1) / seconds
    }
}

/// Focus, zoom, scroll, cancel and pick for the comparison panes.
extension AppState {
    /// Whether the chat pane shows the comparison side by side: it is the latest turn (and its
    /// message was not resent since, e.g. with Ctrl-R after `/compare off`).
    public var comparisonInView: Bool {
        guard let c = comparison, c.lanes.count >= 2, let i = entryIndex(c.userEntry),
              transcript[i].request == c.request else { return false }
        return !transcript[(i + 1)...].contains { $0.role == .user }
    }

    /// The chat pane draws the panes; scrolling the chat back (no pane focused) shows the
    /// conversation as a list again, the comparison's answers one after another.
    public var showsComparisonPanes: Bool { comparisonInView && !isScrolledBack }

    mutating func focusPane(by step: Int) {
        guard var c = comparison else { return }
        followChat()
        let n = c.lanes.count
        let current = c.focus ?? (step > 0 ? -1 : n)
        c.focus = ((current + step) % n + n) % n
        comparison = c
    }

    mutating func toggleZoom() {
        guard comparisonInView, var c = comparison else {
            notice = Notice("no comparison on screen to zoom", isError: true)
            return
        }
        if c.focus == nil { c.focus = 0 }
        c.zoomed.toggle()
        followChat()
        comparison = c
    }

    /// Scrolls the focused pane up (positive) or down (negative), clamped to its text; with no
    /// pane focused, every pane scrolls together. Scrolling down to the end follows the stream
    /// again. Returns false when nothing could move up (every pane already shows its first
    /// line), so the caller can scroll the chat instead.
    @discardableResult
    mutating func scrollPanes(by rows: Int) -> Bool {
        guard var c = comparison, rows != 0 else { return false }
        let lanes = c.focus.map { [$0] } ?? Array(c.lanes.indices)
        let panes = CompareView.paneRects(for: c, in: CompareView.paneArea(Layout(state: self).chat))
        var moved = false
        for lane in lanes where c.scroll.indices.contains(lane) {
            guard let pane = panes[lane] else { continue }
            let body = CompareView.bodyHeight(pane), width = CompareView.textWidth(pane)
            let before = c.scroll[lane]
            switch (before, rows > 0) {
            case (.following, true):
                let total = CompareView.bodyLines(self, comparison: c, lane: lane, width: width).count
                if total > body { c.scroll[lane] = .row(max(0, total - body - rows)) }
            case (.row(let top), true):
                c.scroll[lane] = .row(max(0, top - rows))
            case (.row(let top), false):
                let next = top + min(-rows, 1 << 40)
                let ahead = CompareView.bodyLines(self, comparison: c, lane: lane, width: width,
                                                  limit: .first(next + body + 1)).count
                c.scroll[lane] = ahead > next + body ? .row(next) : .following
            case (.following, false):
                break
            }
            if c.scroll[lane] != before { moved = true }
        }
        comparison = c
        return moved
    }

    /// Stops the focused lane (the others go on), or every lane when no pane is focused.
    mutating func cancelLane() -> [Command] {
        guard comparisonInView, var c = comparison, var progress = requests[c.request] else {
            notice = Notice("no comparison in flight", isError: true)
            return []
        }
        guard let lane = c.focus else { return cancel(c.request) }
        guard progress.openLanes.contains(lane), c.lanes.indices.contains(lane) else {
            notice = Notice("answer \(lane + 1) has already ended", isError: true)
            return []
        }
        progress.openLanes.remove(lane)
        c.lanes[lane].phase = .cancelled
        comparison = c
        markCancelled(c.request, lane: lane)
        if progress.openLanes.isEmpty {
            requests.removeValue(forKey: c.request)
            if activeRequest == c.request { activeRequest = nil }
        } else {
            requests[c.request] = progress
        }
        notice = Notice("cancelled answer \(lane + 1); the other lanes go on")
        return [.cancelLane(c.request, lane: lane)]
    }

    /// Makes lane `lane`'s answer the conversation's reply: it goes back to the model with the
    /// next message, the current model becomes the one that wrote it, and compare mode ends.
    mutating func pickAnswer(_ lane: Int) -> [Command] {
        guard var c = comparison, entryIndex(c.userEntry) != nil else {
            notice = Notice("no comparison to pick from", isError: true)
            return []
        }
        guard c.lanes.indices.contains(lane) else {
            notice = Notice("no answer \(lane + 1) — choose 1–\(c.lanes.count)", isError: true)
            return []
        }
        guard let chosen = transcript.lastIndex(where: {
            $0.request == c.request && $0.lane == lane && $0.role == .assistant && $0.status == .complete
        }) else {
            notice = Notice("answer \(lane + 1) has not finished — nothing to pick", isError: true)
            return []
        }
        for i in transcript.indices where transcript[i].request == c.request && transcript[i].role == .assistant {
            transcript[i].choice = i == chosen ? .picked : .alternative
        }
        c.winner = lane
        c.focus = lane
        comparison = c
        currentModel = transcript[chosen].model ?? c.lanes[lane].answeringModel
        compareSet = []
        notice = Notice("picked [\(lane + 1)] \(VisibleText.make(currentModel.description)) — it answers from now on")
        return [.recordPick(c.request, lane: lane)]
    }
}
