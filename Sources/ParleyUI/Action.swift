public import Foundation
public import ParleyEngine
public import ParleyGateway

/// Everything that can happen to the UI: input from the terminal, events from the engine, and
/// results of commands the runtime performed.
public enum Action: Sendable {
    case input(InputEvent)
    case engine(EngineEvent)
    /// The model catalogue (every model of every provider) and measured speeds, when known.
    case catalogueLoaded([ModelRef: ModelInfo], latency: [ModelRef: LatencyStats] = [:])
    /// Rows for the usage view, grouped by model: today's and all-time figures.
    case usageLoaded(today: [UsageRow], allTime: [UsageRow])
    /// Past conversations for the /history list, newest first.
    case historyLoaded([Conversation])
    /// A stored conversation to show (after `Command.openConversation`).
    case conversationLoaded(Conversation, [StoredMessage])
    /// A `.send` or `.compare` could not be started at all (no provider, bad config): the
    /// user's message goes back into the editor.
    case sendFailed(request: RequestID, reason: String)
    /// A frame tick for coalesced redraws; the reducer does nothing with it.
    case tick
    /// A message for the user from the runtime (export written, config problem, …).
    case notice(String)
    case error(String)
}

/// Effects as data: the runtime performs these and reports back with actions.
public enum Command: Sendable, Hashable {
    /// Sends a chat turn along a fallback chain with a route (`ordered`, `cheapest`, `fastest`, `gateway`).
    case send(request: RequestID, messages: [ChatMessage], chain: [ModelRef], route: String)
    /// Sends the same turn to several models at once; lane `i` answers for `models[i]`.
    case compare(request: RequestID, messages: [ChatMessage], models: [ModelRef])
    case cancel(RequestID)
    case loadUsage
    case loadCatalogue
    case loadHistory
    case openConversation(id: String)
    /// Starts a new, empty conversation in the store.
    case newConversation
    case exportConversation(format: ExportFormat)
    /// A setting the user changed in the UI that should survive a restart (`model`, `theme`, `route`).
    case persistSetting(key: String, value: String)
    case quit
}

public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    case markdown = "md", json
}

/// How the Conductor orders a chain.
public enum Route: String, Sendable, Hashable, CaseIterable {
    case ordered, cheapest, fastest, gateway
}
