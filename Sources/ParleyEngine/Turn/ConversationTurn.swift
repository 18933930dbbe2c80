public import Foundation
import ParleyGateway

/// The protocol of one turn, the same for the chat, `parley ask` and `parley compare`: check the
/// budget, open (or create) the conversation, commit the user's message, run the Conductor, and
/// record every event with a `TurnRecorder` — checkpointing streamed text on a timer, so a stalled
/// stream's text reaches the disk even when no chunk arrives.
///
/// Nothing is sent before the message is on disk, so a refused or failed turn never loses it:
/// `begin` throws a `TurnRefusal` instead. A write that fails once the answer streams does not
/// stop the answer: it arrives as a `.storageFailed` update, once per turn, for the front-end to
/// report (a notice in the chat, a warning and the storage exit status in scripts).
public struct ConversationTurn: Sendable {
    public let store: Store
    public let conductor: Conductor
    /// The spending limits; `nil` for none.
    public let budget: BudgetGuard?
    /// How often buffered text is written while a stream runs (and at the latest after it stalls).
    public let checkpointInterval: Duration

    public init(store: Store, conductor: Conductor, budget: BudgetGuard?, checkpointInterval: Duration = .seconds(1)) {
        self.store = store
        self.conductor = conductor
        self.budget = budget
        self.checkpointInterval = checkpointInterval
    }

    /// Where the turn is written.
    public enum Target: Sendable, Hashable {
        /// A new conversation, created only once the budget allows the turn.
        case new(title: String, systemPrompt: String?)
        case existing(id: String)
        /// A conversation whose id the caller chose (the chat's state holds it): created with that
        /// id unless it exists already.
        case named(id: String, title: String, systemPrompt: String?)

        /// A new conversation titled by its question (see `title(for:)`).
        public static func new(for prompt: String, prefix: String = "", systemPrompt: String?) -> Target {
            .new(title: prefix + title(for: prompt), systemPrompt: systemPrompt)
        }

        /// The first line of the question (at most 60 characters), after any attached files: a
        /// question about `notes.txt` is titled by what was asked, not by the file's header.
        public static func title(for prompt: String) -> String {
            let question = Attachment.question(of: prompt)
            let asked = question.split(whereSeparator: \.isNewline).first
                ?? prompt.split(whereSeparator: \.isNewline).first ?? ""
            return String(asked.prefix(60))
        }
    }

    /// What one turn asks for.
    public struct Request: Sendable {
        public var prompt: String
        /// One lane for a chat turn or `ask`, several for a comparison; each with its messages
        /// (the prompt last) and plan.
        public var lanes: [ComparisonLane]
        public var target: Target
        public var id: RequestID
        /// Whether the answers are alternatives of one comparison (`compare` with any lane count).
        public var isComparison: Bool
        /// Where in the conversation's tree the turn goes (a regenerate or an edit branches).
        public var placement: TurnPlacement

        public init(prompt: String, lanes: [ComparisonLane], target: Target, id: RequestID = RequestID(),
                    isComparison: Bool? = nil, placement: TurnPlacement = .append) {
            self.placement = placement
            self.prompt = prompt
            self.lanes = lanes
            self.target = target
            self.id = id
            self.isComparison = isComparison ?? (lanes.count > 1)
        }
    }

    /// Checks the budget, then creates the conversation if needed and commits the user's
    /// message. Nothing has been sent when this throws.
    public func begin(_ request: Request) async throws(TurnRefusal) -> OpenTurn {
        guard !request.lanes.isEmpty else { throw .nothingToSend }
        var existingID: String?
        switch request.target {
        case .existing(let id), .named(let id, _, _): existingID = id
        case .new: break
        }
        if let budget, budget.dailyLimit != nil || budget.perConversationLimit != nil {
            let verdict: BudgetGuard.Verdict
            do {
                verdict = try await store.check(budget, conversationID: existingID)
            } catch {
                throw .storage("could not read the usage ledger to check the budget: \(error)")
            }
            if case .refused(let reason) = verdict { throw .budget(reason) }
        }
        let conversationID: String
        do {
            switch request.target {
            case .existing(let id):
                conversationID = id
            case .new(let title, let systemPrompt):
                conversationID = try await store.createConversation(title: title, systemPrompt: systemPrompt).id
            case .named(let id, let title, let systemPrompt):
                if try await store.conversation(id: id) == nil {
                    _ = try await store.createConversation(id: id, title: title, systemPrompt: systemPrompt)
                }
                conversationID = id
            }
            switch request.placement {
            case .append:
                try await store.commitUserMessage(request.prompt, in: conversationID)
            case .regenerate:
                // The question is stored already: the new answers become siblings of the old.
                // A question that never reached the store is written as an ordinary one.
                if try await !store.rewindToLastQuestion(request.prompt, in: conversationID) {
                    try await store.commitUserMessage(request.prompt, in: conversationID)
                }
            case .editLastQuestion:
                try await store.commitEditedQuestion(request.prompt, in: conversationID)
            }
        } catch {
            throw .storage("could not save your message: \(error)")
        }
        return OpenTurn(turn: self, request: request, conversationID: conversationID)
    }
}

/// Why a turn was not sent.
public enum TurnRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// A `[budget]` limit is reached; the reason is one line for the user.
    case budget(String)
    /// The message could not be saved (read-only, full or locked database), so it was not sent.
    case storage(String)
    case nothingToSend

    public var description: String {
        switch self {
        case .budget(let reason): return "refused: \(reason)"
        case .storage(let reason): return reason
        case .nothingToSend: return "nothing to send"
        }
    }
}


/// A turn whose message is committed: `updates()` sends it and records what comes back.
public struct OpenTurn: Sendable {
    public let turn: ConversationTurn
    public let request: ConversationTurn.Request
    public let conversationID: String

    /// Sends the turn. The stream ends after the last event has been recorded; dropping it
    /// cancels the request.
    public func updates() -> AsyncStream<TurnUpdate> {
        let (stream, output) = AsyncStream<TurnUpdate>.makeStream(bufferingPolicy: .unbounded)
        let run = Task { [self] in
            await self.run(into: output)
            output.finish()
        }
        output.onTermination = { _ in run.cancel() }
        return stream
    }

    private enum Input: Sendable {
        case event(EngineEvent)
        case tick
    }

    private func run(into output: AsyncStream<TurnUpdate>.Continuation) async {
        let lanes = request.lanes
        var recorder = TurnRecorder(store: turn.store, conversationID: conversationID, request: request.id,
                                    estimatedPromptTokens: lanes.map { TokenEstimate.promptTokens($0.messages) },
                                    isComparison: request.isComparison, checkpointInterval: turn.checkpointInterval)
        let events = request.isComparison
            ? await turn.conductor.compare(lanes, request: request.id)
            : await turn.conductor.send(lanes[0].messages, plan: lanes[0].plan, request: request.id)
        let (inputs, feed) = AsyncStream<Input>.makeStream(bufferingPolicy: .unbounded)
        let interval = turn.checkpointInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in events { feed.yield(.event(event)) }
                feed.finish()
            }
            group.addTask {
                // The timer: text buffered since the last checkpoint is written even if the
                // stream stalls and no chunk comes to trigger it.
                while (try? await Task.sleep(for: interval)) != nil { feed.yield(.tick) }
            }
            var reported = false
            func note(_ error: any Error) {
                guard !reported else { return }
                reported = true
                output.yield(.storageFailed("could not save to the history: \(error)"))
            }
            for await input in inputs {
                switch input {
                case .event(let event):
                    output.yield(.event(event))
                    do { try await recorder.record(event) } catch { note(error) }
                case .tick:
                    do { try await recorder.checkpointNow() } catch { note(error) }
                }
            }
            group.cancelAll()
        }
    }
}
