import Foundation
public import ParleyConfig
public import ParleyEngine
import ParleyGateway
public import ParleyUI

/// Performs the chat's commands: the bridge from the pure UI to the Conductor and the Store.
/// It is an actor because it holds the one piece of session state the UI does not: which
/// stored conversation the chat is writing to.
public actor ChatSession: EffectHandler {
    private let wiring: Wiring
    private let environment: [String: String]
    private var conversationID: String?
    /// The same lookup `--theme` and the config's `theme` use, for `/theme`.
    private let themes: ThemeLoader
    /// What `/effort` asked for; put on every turn's plan, over the config's effort.
    private var effort: ReasoningEffort?
    /// What `/set` and `/role` asked for; put on every turn's plan (ChatSession+Shape.swift).
    private var parameters = RequestParameters()
    /// Each conversation's turns, one after another (TurnQueue.swift).
    private var turns = TurnQueue()
    /// The start-up work the wiring left to the chat (the demo gateway's server, the store's
    /// start-up writes): every command waits for it, so none reaches a server not started yet
    /// or reads an answer a killed process left `streaming`.
    private var deferredStartup: Task<Void, Never>?

    /// `effort`: what the last chat chose with `/effort`, remembered.
    public init(wiring: Wiring, environment: [String: String], themes: ThemeLoader, effort: ReasoningEffort?) {
        self.wiring = wiring
        self.environment = environment
        self.themes = themes
        self.effort = effort
    }

    /// Waits for the wiring's deferred start-up work, starting it at the first command (the
    /// chat's first commands are launched once its first frame is drawn).
    private func startupDone(dispatch: @escaping @Sendable (Action) -> Void) async {
        guard wiring.startupDeferred else { return }
        if deferredStartup == nil {
            // Its problem is shown once, by the command that started it.
            deferredStartup = Task { [wiring] in
                if let problem = await wiring.performDeferredStartup() { dispatch(.error(problem)) }
            }
        }
        await deferredStartup?.value
    }

    public func perform(_ command: Command, dispatch: @escaping @Sendable (Action) -> Void) async {
        await startupDone(dispatch: dispatch)
        do {
            switch command {
            case .send(let request, let messages, let chain, let route, let conversation):
                let plan = plan(chain, route)
                try await run(request, lanes: [ComparisonLane(messages: messages, plan: plan)], in: conversation,
                              dispatch: dispatch)
            case .compare(let request, let lanes, let route, let conversation):
                try await run(request, lanes: lanes.map {
                    ComparisonLane(messages: $0.messages, plan: plan($0.chain, route))
                }, in: conversation, dispatch: dispatch)
            case .branching(let placement, let turn):
                try await runPlaced(turn, placement, dispatch: dispatch)
            case .switchBranch(let conversation, let messageID):
                try await wiring.store.switchBranch(to: messageID)
                let points = try await wiring.store.branchPoints(in: conversation)
                let here = points.first { point in point.siblings.contains { $0.id == messageID } }
                try await reloadPath(conversation, notice: here.map { "branch \($0.position)/\($0.siblings.count)" }, dispatch: dispatch)
            case .setEffort(let chosen):
                effort = chosen
            case .setParameters(let chosen):
                parameters = chosen
            case .readAttachment(let path):
                dispatch(Self.attachment(path))
            case .listDirectory(let typed):
                dispatch(Self.directoryListing(typed: typed))
            case .learnLocalFacts(let models):
                let cache = wiring.localFacts
                await withTaskGroup(of: Void.self) { group in
                    for model in models where cache.canAsk(about: model) {
                        group.addTask {
                            if let facts = await cache.facts(for: model) { dispatch(.localFactsLearned(model, facts)) }
                        }
                    }
                }
            case .cancel(let request):
                await wiring.conductor.cancel(request: request)
            case .cancelLane(let request, let lane):
                await wiring.conductor.cancel(request: request, lane: lane)
            case .recordPick(let request, let lane):
                try await wiring.store.recordPick(comparisonGroup: TurnRecorder.comparisonGroup(of: request), lane: lane)
            case .loadUsage:
                let startOfDay = LocalZone.system.startOfDay(containing: Date())
                let today = try await wiring.store.usageReport(by: .model, since: startOfDay)
                let allTime = try await wiring.store.usageReport(by: .model)
                dispatch(.usageLoaded(today: today.rows, allTime: allTime.rows))
            case .loadCatalogue:
                await loadCatalogue(dispatch: dispatch)
            case .loadHistory:
                dispatch(.historyLoaded(try await wiring.store.conversations(limit: 200)))
            case .openConversation(let id):
                let conversation = try await wiring.store.resolveConversation(idPrefix: id)
                // The path the conversation follows; other branches are one `/branch` away.
                let messages = try await wiring.store.currentPath(in: conversation.id)
                // Its attempts give each answer its figures and the chat its totals again.
                let ledger = try await wiring.store.ledger(conversationID: conversation.id)
                let branches = try await wiring.store.branchPoints(in: conversation.id)
                conversationID = conversation.id
                dispatch(.conversationLoaded(conversation, messages, ledger: ledger))
                dispatch(.branchesLoaded(conversation: conversation.id, branches))
            case .searchMessages(let query, let limit):
                dispatch(.searchResults(query: query, hits: try await wiring.store.search(query, limit: limit)))
            case .deleteConversation(let id):
                try await changeConversation(dispatch: dispatch) { store in
                    let title = try await store.conversation(id: id)?.title ?? id
                    try await store.deleteConversation(id)
                    return "deleted “\(title)” (its costs stay in the usage)"
                }
                if conversationID == id { conversationID = nil }
            case .renameConversation(let id, let title):
                try await changeConversation(dispatch: dispatch) { store in
                    try await store.renameConversation(id, to: title)
                    return "renamed to “\(title)”"
                }
            case .newConversation:
                conversationID = nil
            case .exportConversation(let format, let path):
                try await export(format, to: path, dispatch: dispatch)
            case .loadTheme(let name):
                dispatch(loadTheme(name))
            case .remember(let choice):
                do {
                    try await wiring.store.remember(choice)
                } catch {
                    dispatch(.error("cannot remember this for the next chat: \(error)"))
                }
            case .quit:
                break
            case .openEditor, .copyToClipboard:
                // Performed by the terminal loop itself (TerminalRuntime.terminalWork).
                break
            }
        } catch {
            dispatch(.error(String(describing: error)))
        }
    }

    /// A chain as the chat's turns send it: with the effort and parameters `/effort` and `/set` chose.
    private func plan(_ chain: [ModelRef], _ route: Route) -> RoutePlan {
        RoutePlan(chain: chain, route: route, effort: effort, parameters: parameters)
    }

    /// A regenerate or an edit: the turn, placed in the tree, then the path as stored (whether
    /// the turn went through or not), so the chat shows where it is and "branch 2/2".
    private func runPlaced(_ turn: Command, _ placement: TurnPlacement,
                           dispatch: @escaping @Sendable (Action) -> Void) async throws {
        switch turn {
        case .send(let request, let messages, let chain, let route, let conversation):
            let plan = plan(chain, route)
            try await run(request, lanes: [ComparisonLane(messages: messages, plan: plan)], in: conversation,
                          placement: placement, dispatch: dispatch)
        case .compare(let request, let lanes, let route, let conversation):
            try await run(request, lanes: lanes.map {
                ComparisonLane(messages: $0.messages, plan: plan($0.chain, route))
            }, in: conversation, placement: placement, dispatch: dispatch)
        default:
            await perform(turn, dispatch: dispatch)
            return
        }
        if let conversationID, try await wiring.store.conversation(id: conversationID) != nil {
            try await reloadPath(conversationID, notice: nil, dispatch: dispatch)
        }
    }

    /// Sends the conversation's current path to the chat.
    private func reloadPath(_ id: String, notice: String?, dispatch: @escaping @Sendable (Action) -> Void) async throws {
        guard let conversation = try await wiring.store.conversation(id: id) else { return }
        let messages = try await wiring.store.currentPath(in: id)
        let ledger = try await wiring.store.ledger(conversationID: id)
        let branches = try await wiring.store.branchPoints(in: id)
        dispatch(.pathLoaded(conversation, messages, ledger: ledger, branches: branches, notice: notice))
    }

    /// Runs one turn through the engine: budget, commit, stream, record. A write that fails is
    /// shown as a notice; the answer goes on.
    private func run(_ request: RequestID, lanes: [ComparisonLane], in named: String?,
                     placement: TurnPlacement = .append,
                     dispatch: @escaping @Sendable (Action) -> Void) async throws {
        for model in lanes.flatMap(\.plan.chain) where wiring.providers[model.provider] == nil {
            let reason = wiring.unavailableProviders[model.provider].map { "provider '\(model.provider)' is not usable: \($0)" }
                ?? "unknown provider '\(model.provider)' in \(model)"
            dispatch(.sendFailed(request: request, reason: reason))
            return
        }
        // Every lane shares the new user message; lane 0's thread names the conversation.
        let messages = lanes.first?.messages ?? []
        let prompt = messages.last { $0.role == .user }?.content ?? ""
        let id = named ?? conversationID ?? Store.newID()
        conversationID = id
        let target = ConversationTurn.Target.named(id: id, title: ConversationTurn.Target.title(for: prompt),
                                                   systemPrompt: messages.first { $0.role == .system }?.content)
        // Turns of one conversation begin in the order they were sent, each after the ones
        // before it have ended, however the awaits below interleave.
        let ticket = turns.enter(id)
        do {
            defer { ticket.end() }
            await ticket.waitForEarlierTurns()
            let begun: OpenTurn
            do {
                begun = try await wiring.turn.begin(.init(prompt: prompt, lanes: lanes, target: target, id: request,
                                                          placement: placement))
            } catch {
                dispatch(.sendFailed(request: request, reason: String(describing: error)))
                return
            }
            for await update in begun.updates() {
                switch update {
                case .event(let event): dispatch(.engine(event))
                case .storageFailed(let message): dispatch(.error(message))
                }
            }
        }
        // Ollama loads a model on its first request: now its window is certain (`/api/ps`).
        for model in Set(lanes.flatMap(\.plan.chain)) where wiring.localFacts.canAsk(about: model) {
            if let facts = await wiring.localFacts.refreshAfterTurn(model) { dispatch(.localFactsLearned(model, facts)) }
        }
        // Refresh the status bar's totals from the ledger: today's, and this chat's as a
        // reopened chat counts them.
        await perform(.loadUsage, dispatch: dispatch)
        if let rows = try? await wiring.store.ledger(conversationID: id) {
            dispatch(.conversationLedgerLoaded(conversation: id, ledger: rows))
        }
    }

    /// Deletes or renames a conversation, then sends the list as stored: the overlay changed its
    /// copy at once, and on failure it must show the truth again, beside the error.
    private func changeConversation(dispatch: @escaping @Sendable (Action) -> Void,
                                    _ change: (Store) async throws -> String) async throws {
        let outcome: Action
        do {
            outcome = .notice(try await change(wiring.store))
        } catch {
            outcome = .error(String(describing: error))
        }
        dispatch(.historyLoaded(try await wiring.store.conversations(limit: 200)))
        dispatch(outcome)
    }

    /// Every provider's catalogue: from the store when fresh, else fetched (and cached).
    private func loadCatalogue(dispatch: @escaping @Sendable (Action) -> Void) async {
        let wiring = wiring
        let store = wiring.store
        let catalogue = await withTaskGroup(of: [ModelRef: ModelInfo].self) { group in
            for name in wiring.providers.keys {
                group.addTask {
                    Self.keyed(await wiring.catalogues.models(of: name, timeout: .seconds(10)) ?? [], provider: name)
                }
            }
            var all: [ModelRef: ModelInfo] = [:]
            for await models in group { all.merge(models) { first, _ in first } }
            return all
        }
        let latency = await store.latencyStats(for: Array(catalogue.keys))
        dispatch(.catalogueLoaded(catalogue, latency: latency))

        // With no configuration, look for what the user already has, without blocking anything.
        if wiring.configuration == nil {
            let scan = await FirstRunScan.run(environment: environment)
            if !scan.suggestions.isEmpty {
                dispatch(.notice(scan.suggestions.joined(separator: " · ")))
            }
        }
    }

    private static func keyed(_ models: [ModelInfo], provider: String) -> [ModelRef: ModelInfo] {
        Dictionary(models.map { (ModelRef(provider: provider, model: $0.id), $0) }) { first, _ in first }
    }

    private func loadTheme(_ name: String) -> Action {
        let isPath = name.contains("/") || name.hasSuffix(".toml")
        let available = themes.availableThemeNames()
        guard isPath || available.contains(name) || Theme.named(name) != nil else {
            return .error("unknown theme \(name) — available: \(available.joined(separator: ", "))")
        }
        do {
            let theme = try themes.load(named: name)
            // NO_COLOR keeps colours off; the theme's bold, underline and the like still apply.
            let colourless = environment["NO_COLOR"].map { !$0.isEmpty } == true
            return .themeLoaded(colourless ? theme.withoutColour : theme, name: name)
        } catch {
            return .error(String(describing: error))
        }
    }

    private func export(_ format: ExportFormat, to requested: String?,
                        dispatch: @escaping @Sendable (Action) -> Void) async throws {
        guard let conversationID else {
            dispatch(.notice("nothing to export yet: send a message first"))
            return
        }
        let transcript = try await wiring.store.transcript(idPrefix: conversationID)
        let data: Data
        switch format {
        case .markdown: data = Data(transcript.markdown().utf8)
        case .json: data = try transcript.json()
        }
        let path = requested.map { ($0 as NSString).expandingTildeInPath }
            ?? FileManager.default.currentDirectoryPath + "/parley-\(conversationID.prefix(8)).\(format.rawValue)"
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            // A failed write is said, with the path, never silent.
            dispatch(.error("could not export to \(path): \((error as NSError).localizedDescription)"))
            return
        }
        dispatch(.notice("exported to \(path)"))
    }
}
