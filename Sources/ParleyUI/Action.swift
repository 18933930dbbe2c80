public import Foundation
public import ParleyModel

/// Everything that can happen to the UI: input from the terminal, events from the engine, and
/// results of commands the runtime performed.
public enum Action: Sendable {
    case input(InputEvent)
    case engine(EngineEvent)
    /// Engine events that arrived together, folded as one (see `coalescingEngineEvents`).
    case engineEvents([EngineEvent])
    /// The model catalogue (every model of every provider) and measured speeds, when known.
    case catalogueLoaded([ModelRef: ModelInfo], latency: [ModelRef: LatencyStats] = [:])
    /// Rows for the usage view, grouped by model: today's and all-time figures.
    case usageLoaded(today: [UsageRow], allTime: [UsageRow])
    /// Past conversations for the /history list, newest first.
    case historyLoaded([ConversationSummary])
    /// The messages matching a /search query (`Command.searchMessages`), newest first.
    case searchResults(query: String, hits: [SearchHit])
    /// A stored conversation to show (after `Command.openConversation`), with its ledger rows:
    /// they give each answer its figures and the chat its totals, as when it was fresh.
    case conversationLoaded(Conversation, [StoredMessage], ledger: [LedgerEntry] = [])
    /// Where the current path of the conversation `conversation` forks, after it was opened.
    case branchesLoaded(conversation: String, [BranchPoint])
    /// The conversation's current path again, after a branch switch, a regenerate or an edit:
    /// shown like an opened conversation, with `notice` (nil: the notice stays).
    case pathLoaded(Conversation, [StoredMessage], ledger: [LedgerEntry], branches: [BranchPoint], notice: String?)
    /// The ledger rows of a conversation after one of its turns: the chat's totals, as a
    /// reopened chat would count them (failed attempts that were billed included).
    case conversationLedgerLoaded(conversation: String, ledger: [LedgerEntry])
    /// A `.send` or `.compare` could not be started at all (no provider, bad config): the
    /// user's message goes back into the editor.
    case sendFailed(request: RequestID, reason: String)
    /// A frame tick for coalesced redraws; the reducer does nothing with it.
    case tick
    /// The theme `/theme NAME` asked for (`Command.loadTheme`), found and read.
    case themeLoaded(Theme, name: String)
    /// The external editor (`Command.openEditor`) ended.
    case editorFinished(EditorOutcome)
    /// A message for the user from the runtime (export written, config problem, …).
    case notice(String)
    case error(String)
    /// A file `/attach` asked for, read (errors arrive as `.error`, naming the file).
    case attachmentRead(Attachment)
    /// What a local server said of a model (its real window, whether it takes images).
    case localFactsLearned(ModelRef, LocalModelFacts)
    /// The directory of a path typed after `/attach ` (nil: it cannot be listed), for Tab.
    case directoryListed(typed: String, entries: [PathCompletion.Entry]?)
}

extension Action {
    /// The same actions with every run of consecutive engine events joined into one
    /// `.engineEvents`. Four fast streams send hundreds of events per frame; folding a run at
    /// once lets the reducer measure a scrolled-back view once per run instead of once per chunk.
    public static func coalescingEngineEvents(_ actions: [Action]) -> [Action] {
        var out: [Action] = []
        var run: [EngineEvent] = []
        func flush() {
            if run.count == 1 { out.append(.engine(run[0])) } else if !run.isEmpty { out.append(.engineEvents(run)) }
            run = []
        }
        for action in actions {
            switch action {
            case .engine(let event): run.append(event)
            case .engineEvents(let events): run += events
            default:
                flush()
                out.append(action)
            }
        }
        flush()
        return out
    }
}

/// Effects as data: the runtime performs these and reports back with actions.
public enum Command: Sendable, Hashable {
    /// Sends a chat turn along a fallback chain with a route (`ordered`, `cheapest`, `fastest`, `gateway`),
    /// in the stored conversation `conversation` (created with that id when it does not exist yet;
    /// nil: the runtime's choice). Turns of one conversation are performed in the order sent.
    case send(request: RequestID, messages: [ChatMessage], chain: [ModelRef], route: Route, conversation: String?)
    /// Sends a turn to several lanes at once, each along its own chain with its own thread;
    /// events for `lanes[i]` carry lane `i`.
    case compare(request: RequestID, lanes: [LaneRequest], route: Route, conversation: String?)
    /// A `.send` or `.compare` placed in the conversation's tree: a regenerate adds sibling
    /// answers, an edit a sibling question. Answered like the turn, then with `.pathLoaded`.
    indirect case branching(TurnPlacement, Command)
    /// Follows the branch starting at the stored message `messageID`; answered with `.pathLoaded`.
    case switchBranch(conversation: String, messageID: String)
    case cancel(RequestID)
    /// Stops one lane of a comparison; the others go on.
    case cancelLane(RequestID, lane: Int)
    /// Stores that the answer of `lane` is the comparison's reply (the others are alternatives).
    case recordPick(RequestID, lane: Int)
    case loadUsage
    case loadCatalogue
    case loadHistory
    case openConversation(id: String)
    /// Looks `query` up in the store's message index; answered with `.searchResults`.
    case searchMessages(query: String, limit: Int)
    /// Deletes a stored conversation and its messages (its ledger rows stay: that money was
    /// spent); answered with a fresh `.historyLoaded` and a notice, or an error.
    case deleteConversation(id: String)
    /// Gives a stored conversation a new title; answered like `deleteConversation`.
    case renameConversation(id: String, title: String)
    /// Starts a new, empty conversation in the store.
    case newConversation
    /// Writes the conversation to `path` (nil: `./parley-<id>.<format>`); answered with a notice
    /// naming the file written, or an error.
    case exportConversation(format: ExportFormat, path: String?)
    /// Looks a theme up like `--theme` does (user themes, shipped themes, a path); answered
    /// with `.themeLoaded` or `.error` (which lists the names there are).
    case loadTheme(name: String)
    /// A choice the user made (model and chain, route, theme, effort) that the next chat starts
    /// with; the runtime stores it, and says so when it cannot.
    case remember(RememberedChoice)
    /// Hands the terminal to `$VISUAL` / `$EDITOR` / `vi` on `draft`; answered with
    /// `.editorFinished`. The runtime performs it on the terminal's own thread.
    case openEditor(draft: String)
    /// Puts `text` on the clipboard with OSC 52 (the one control sequence Parley writes that is
    /// not drawing, built by Parley: the text goes base64-encoded); answered with a notice
    /// naming `what`, or an error saying why it cannot be done here.
    case copyToClipboard(text: String, what: String)
    /// The reasoning effort asked for every later turn (`/effort`); `nil` leaves it to the config.
    case setEffort(ReasoningEffort?)
    /// The temperature and token limit asked for every later turn (`/set`, `/role`).
    case setParameters(RequestParameters)
    /// Reads a file for `/attach`; answered with `.attachmentRead` or an `.error`.
    case readAttachment(path: String)
    /// Asks the local servers behind these models (Ollama, llama.cpp) what window they run each
    /// with; answered with `.localFactsLearned` for those that say, nothing for the others.
    /// Asked once a model a session; a failing lookup is silent and blocks nothing.
    case learnLocalFacts([ModelRef])
    /// Lists the directory of `typed` (a path after `/attach `, relative to the working
    /// directory, `~` expanded) for Tab's completion; answered with `.directoryListed`.
    case listDirectory(typed: String)
    case quit
}

/// One lane of a comparison to start: the chain it walks and the conversation it continues
/// (in compare mode each lane keeps its own earlier answers).
public struct LaneRequest: Sendable, Hashable {
    public var chain: [ModelRef]
    public var messages: [ChatMessage]

    public init(chain: [ModelRef], messages: [ChatMessage]) {
        self.chain = chain
        self.messages = messages
    }
}

/// How a turn in the external editor ended.
public enum EditorOutcome: Sendable, Hashable {
    /// The file as the editor left it: the new draft.
    case edited(String)
    /// The editor could not run or failed; the draft stays as it was.
    case failed(String)
}

public enum ExportFormat: String, Sendable, Hashable, CaseIterable {
    case markdown = "md", json
}
