public import ParleyEngine
import ParleyGateway
public import ParleyUI

/// `parley ask`'s body: one question through the engine's turn, the answer to `output`.
public struct HeadlessAsk: Sendable {
    /// `ask`'s flags, parsed.
    public struct Options: Sendable {
        public var model: String?
        public var fallback: String?
        public var route: Route?
        public var system: String?
        public var continueLast = false
        public var conversation: String?
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

    /// Asks `prompt`; returns the exit status (a refusal or usage error is thrown).
    public func answer(_ prompt: String, wiring: Wiring) async throws -> Int32 {
        let shape = options.shape
        let role = try shape.chosenRole(wiring)
        let plan = try plan(wiring, role: role)
        let files = try shape.readFiles()
        let message = Attachment.message(prompt, attachments: files)
        let (target, context) = try await conversationContext(wiring, prompt: prompt, message: message,
                                                              system: options.system ?? role?.system)
        let messages = try await shape.guarded(try await shape.withImages(context, files, for: plan.chain[0], wiring: wiring),
                                               for: plan.chain[0], wiring: wiring, output: output)
        let turn = try await HeadlessTurn.begin(wiring.turn, .init(
            prompt: message, lanes: [ComparisonLane(messages: messages, plan: plan)], target: target))
        var presenter = AskPresenter(model: plan.chain[0], conversationID: turn.conversationID,
                                     options: .init(json: options.json, verbose: options.verbose,
                                                    hideReasoning: options.hideReasoning),
                                     output: output)
        for await update in turn.updates() { presenter.show(update) }
        return try HeadlessTurn.exitStatus(presenter.finish(), storageFailed: presenter.storageFailure != nil)
    }

    private func plan(_ wiring: Wiring, role: PromptRole?) throws -> RoutePlan {
        // A role's model or chain stands in for -m and --fallback when neither is given.
        let first = options.model.map(wiring.resolve) ?? role?.chain.first ?? wiring.defaultModel
        _ = try wiring.provider(for: first)
        var chain = [first]
        if let fallback = options.fallback { chain += try wiring.chain(fallback).filter { $0 != first } }
        else if options.model == nil, let role { chain += role.chain.dropFirst().filter { $0 != first } }
        let chosenRoute = options.route ?? wiring.configuration?.route ?? .ordered
        return RoutePlan(chain: chain, route: chosenRoute, effort: options.effort ?? role?.effort,
                         parameters: options.shape.parameters(role: role))
    }

    /// The conversation to write to and the messages to send (only reads: the turn commits).
    private func conversationContext(_ wiring: Wiring, prompt: String, message: String, system: String?) async throws
        -> (ConversationTurn.Target, [ChatMessage])
    {
        let store = wiring.store
        var existing: Conversation?
        do {
            if let conversation = options.conversation {
                existing = try await store.resolveConversation(idPrefix: conversation)
            } else if options.continueLast {
                guard let last = try await store.conversations(limit: 1).first else {
                    throw CommandFailure.usage("--continue: there is no conversation yet")
                }
                existing = last.conversation
            }
        } catch let error as StoreError {
            throw CommandFailure.usage(String(describing: error))
        }
        var messages: [ChatMessage] = []
        let target: ConversationTurn.Target
        if let existing {
            target = .existing(id: existing.id)
            messages = try await store.chatContext(for: existing.id)
            if let system { messages.removeAll { $0.role == .system }; messages.insert(ChatMessage(role: .system, content: system), at: 0) }
        } else {
            target = .new(for: prompt, systemPrompt: system)
            if let system { messages.append(ChatMessage(role: .system, content: system)) }
        }
        messages.append(ChatMessage(role: .user, content: message))
        return (target, messages)
    }
}
