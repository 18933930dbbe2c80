public import Foundation
public import ParleyModel

/// The whole UI state, a value. `reduce` changes it, `render` draws it.
public struct AppState: Sendable {
    // Screen and look
    public var width: Int
    public var height: Int
    public var theme: Theme
    public var keymap: Keymap
    public var welcome: String
    /// The zone of the fallback log's clock times and the history and search overlays' dates
    /// (tests pin it to a fixed offset).
    public var timeZone: LocalZone

    // Models
    public var currentModel: ModelRef
    /// Models the switch hotkeys cycle through, in order.
    public var favourites: [ModelRef]
    /// Models tried after `currentModel` when it fails (from /fallback or the picker's marks).
    public var fallbacks: [ModelRef]
    public var route: Route
    /// When set (2–4 lanes), messages go to every lane side by side instead of along one chain.
    /// Each lane is a fallback chain of its own: its model first, then the models it falls back to.
    public var compareSet: [[ModelRef]]
    /// The newest comparison, shown side by side while it is the latest turn.
    public var comparison: ComparisonState?
    public var catalogue: [ModelRef: ModelInfo]
    /// Whether the providers' catalogues have answered (or were given at start): until then a
    /// model the catalogue says nothing of is not yet a model known to lack anything.
    public var catalogueIsKnown: Bool
    /// What local servers (Ollama, llama.cpp) said of the models in use: the window they really
    /// run each with, which the context guard prefers to the catalogue's length.
    public var localFacts: [ModelRef: LocalModelFacts] = [:]
    /// Models whose local facts were asked for this session (each once).
    var localFactsAsked: Set<ModelRef> = []
    /// Providers whose servers can say what window they run a model with (the Ollama and
    /// llama.cpp presets); set by the runtime at start. Models of others are never asked about.
    public var localFactsProviders: Set<String> = []
    public var latency: [ModelRef: LatencyStats]
    public var systemPrompt: String?
    /// The named fallback chains of the config (`[chains]`), for `/fallback NAME`.
    public var chains: [String: [ModelRef]] = [:]
    /// The effort `/effort` set for this session (shown in the status bar); `nil`: the config's.
    public var effort: ReasoningEffort?
    /// Parameters, role, attachments and the context guard's offer (ChatShape.swift).
    public var shape = ChatShape()

    // Conversation
    /// The stored conversation this chat writes to; nil until the first send (which names a
    /// new one) and after `/new`. Commands carry it, so no effect can race another for it.
    public var conversationID: String?
    public var transcript: [TranscriptEntry]
    /// Where the current path of the stored conversation forks (from the store: see `Store+Tree`).
    public var branchPoints: [BranchPoint] = []
    /// The question `/edit` put into the editor: sending the draft branches there.
    public var editingEntry: Int? = nil
    public var editor: TextEditor
    public var inputHistory: [String]
    /// Position while recalling history with Up/Down (nil: editing the draft).
    public var historyIndex: Int?
    var historyDraft: String
    public var requests: [RequestID: RequestProgress]
    /// The newest request, whose state the status bar shows.
    public var activeRequest: RequestID?

    // Panes and overlays
    public var log: [LogEntry]
    public var showLog: Bool
    /// Thinking blocks shown in full rather than folded to one line (`toggle_reasoning`).
    public var showReasoning: Bool = false
    public var overlay: Overlay?
    public var usageToday: [UsageRow]
    public var usageAllTime: [UsageRow]
    /// Past conversations for the /history overlay, newest first, with their message counts.
    public var conversations: [ConversationSummary]
    public var notice: Notice?
    /// The message a /search result opened, scrolled to when its conversation arrives.
    public var searchFocus: SearchFocus?
    /// Where the chat is scrolled: following the newest text, or held at a row of one entry.
    public var chatScroll: ChatScroll
    /// Text arrived while the user was scrolled away ("↓ new text").
    public var hasUnseenText: Bool

    // Totals for the status bar
    public var conversationUsage: UsageTotals
    public var todayUsage: UsageTotals

    var quitArmed: Bool
    public internal(set) var wantsQuit: Bool
    var nextEntryID: Int
    var requestCounter: UInt64
    let idSeed: UUID

    public init(model: ModelRef, favourites: [ModelRef] = [], catalogue: [ModelRef: ModelInfo] = [:],
                theme: Theme = .dark, welcome: String = "", keymap: Keymap = .defaults,
                width: Int = 80, height: Int = 24, fallbacks: [ModelRef] = [], route: Route = .ordered,
                systemPrompt: String? = nil, inputHistory: [String] = [], timeZone: LocalZone = .system,
                idSeed: UUID = UUID()) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.theme = theme
        self.keymap = keymap
        self.welcome = welcome
        self.timeZone = timeZone
        self.currentModel = model
        self.favourites = favourites
        self.fallbacks = fallbacks
        self.route = route
        self.compareSet = []
        self.comparison = nil
        self.catalogue = catalogue
        self.catalogueIsKnown = !catalogue.isEmpty
        self.latency = [:]
        self.systemPrompt = systemPrompt
        self.transcript = []
        self.editor = TextEditor()
        self.inputHistory = inputHistory
        self.historyIndex = nil
        self.historyDraft = ""
        self.requests = [:]
        self.activeRequest = nil
        self.log = []
        self.showLog = false
        self.overlay = nil
        self.usageToday = []
        self.usageAllTime = []
        self.conversations = []
        self.notice = nil
        self.chatScroll = .following
        self.hasUnseenText = false
        self.conversationUsage = UsageTotals()
        self.todayUsage = UsageTotals()
        self.quitArmed = false
        self.wantsQuit = false
        self.nextEntryID = 1
        self.requestCounter = 0
        self.idSeed = idSeed
    }

    /// The chain the next message goes along: the current model, then its fallbacks.
    public var chain: [ModelRef] {
        [currentModel] + fallbacks.filter { $0 != currentModel }
    }

    /// What the runtime should perform once at start: the catalogue for the picker and today's
    /// usage for the status bar.
    public var startupCommands: [Command] { [.loadCatalogue, .loadUsage] }

    /// The models a message would go to now: the chain, or each comparison lane's chain.
    var modelsInUse: [ModelRef] {
        let lanes = compareSet.filter { !$0.isEmpty }
        return lanes.count >= 2 ? lanes.flatMap { $0 } : chain
    }

    /// Asks the runtime for the local facts of models in use that were not asked for yet
    /// (the runtime answers only for Ollama and llama.cpp providers).
    public mutating func localFactsRequests() -> [Command] {
        guard !localFactsProviders.isEmpty else { return [] }
        let new = modelsInUse.filter { localFactsProviders.contains($0.provider) && !localFactsAsked.contains($0) }
        guard !new.isEmpty else { return [] }
        localFactsAsked.formUnion(new)
        var seen = Set<ModelRef>()
        return [.learnLocalFacts(new.filter { seen.insert($0).inserted })]
    }

    /// Whether some answer is being produced.
    public var isBusy: Bool { !requests.isEmpty }
}

/// What the status bar says about a request in flight.
public struct RequestProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case waiting
        case streaming(chunks: Int)
        /// Only the model's thinking is arriving so far.
        case thinking(chunks: Int)
        case retrying(wait: Duration)
        case fallingBack(to: ModelRef)
    }

    public var model: ModelRef?
    public var phase: Phase
    /// The transcript entry of the user message that started it.
    public var userEntry: Int
    public var isComparison: Bool
    /// Lanes of a comparison that have not finished yet.
    public var openLanes: Set<Int>

    public init(model: ModelRef?, phase: Phase, userEntry: Int, isComparison: Bool = false, openLanes: Set<Int> = [0]) {
        self.model = model
        self.phase = phase
        self.userEntry = userEntry
        self.isComparison = isComparison
        self.openLanes = openLanes
    }
}

/// One line of the fallback log.
public struct LogEntry: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable { case info, ok, retry, failure }
    public var text: String
    public var outcome: Outcome

    public init(text: String, outcome: Outcome) {
        self.text = text
        self.outcome = outcome
    }
}

/// A one-line message under the chat (command results, errors).
public struct Notice: Sendable, Hashable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// A view drawn over the chat.
public enum Overlay: Sendable, Hashable {
    /// Help, scrolled down by this many lines.
    case help(scroll: Int)
    case picker(PickerState)
    /// Usage, its model rows scrolled down by this many.
    case usage(scroll: Int)
    case history(HistoryState)
    /// /search: matching messages of every conversation.
    case search(SearchState)
}
