import ParleyModel

/// The slash commands of the input line.
public enum SlashCommand: String, Sendable, CaseIterable {
    case model, fallback, route, effort, set, role, attach, detach, compare, pick, edit, branch, regenerate, new, history, search, usage, system, editor, copy, theme, export, help, quit

    /// Usage line and what it does, for /help and docs/keys.md.
    public var help: (usage: String, summary: String) {
        switch self {
        case .model: ("/model NAME", "switch to a model (fuzzy: /model haiku)")
        case .fallback: ("/fallback A B C", "use a fallback chain (A first); /fallback off")
        case .route: ("/route ordered|cheapest|fastest|gateway[-price|-throughput|-latency]", "how the chain is ordered")
        case .effort: ("/effort off|low|medium|high|default", "how hard reasoning models think; default: the config's")
        case .set: ("/set [temperature|max_tokens VALUE|default]", "sampling parameters of later messages; /set alone shows them")
        case .role: ("/role [NAME|off]", "put on a role of the config (its system prompt, model, parameters); /role lists them")
        case .attach: ("/attach [FILE]", "attach a text file to the next message; /attach alone lists what is attached")
        case .detach: ("/detach", "drop the files attached to the next message")
        case .compare: ("/compare A B [C D]", "send to 2–4 models side by side (A,A2: A falls back to A2); /compare off")
        case .pick: ("/pick N", "make answer N of the comparison the reply and switch to its model")
        case .edit: ("/edit", "put the last question in the input: sending it starts a new branch (the old one stays)")
        case .branch: ("/branch [N]", "list the branches where the conversation forks last; /branch N follows branch N")
        case .regenerate: ("/regenerate", "a new answer to the last question beside the old (Ctrl-R); /branch switches")
        case .new: ("/new", "start a new conversation")
        case .history: ("/history", "open a past conversation")
        case .search: ("/search TEXT", "find messages in every conversation; Enter opens one at the match")
        case .usage: ("/usage", "tokens and cost per model")
        case .system: ("/system TEXT", "set the system prompt (/system alone clears it)")
        case .editor: ("/editor", "edit the draft in $VISUAL / $EDITOR (else vi); it comes back unsent")
        case .copy: ("/copy [N]", "copy the last answer, or its code block N (numbered on screen), via OSC 52")
        case .theme: ("/theme NAME|PATH", "dark, light, high-contrast, nord, monochrome, or your themes/NAME.toml")
        case .export: ("/export [md|json] [PATH]", "export this conversation (default ./parley-ID.md)")
        case .help: ("/help", "keys and commands")
        case .quit: ("/quit", "quit")
        }
    }
}

extension AppState {
    mutating func runSlashCommand(_ line: String) -> [Command] {
        let words = line.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = words.first?.lowercased() else { return [] }
        let args = Array(words.dropFirst())
        let rest = line.dropFirst().drop { $0 != " " }.drop { $0 == " " }
        guard let command = SlashCommand(rawValue: name) else {
            notice = Notice("unknown command /\(VisibleText.make(name)) — /help lists them", isError: true)
            return []
        }
        func usageError() -> [Command] {
            notice = Notice("usage: \(command.help.usage)", isError: true)
            return []
        }
        switch command {
        case .model:
            guard args.count == 1 else { return usageError() }
            let model = resolveModel(args[0])
            if let problem = catalogueProblem(with: model) {
                notice = Notice(problem, isError: true)
                return []
            }
            currentModel = model
            compareSet = []
            notice = Notice("model: \(currentModel)")
            return [.remember(.chain(chain))]
        case .fallback:
            if args.isEmpty || args == ["off"] {
                fallbacks = []
                notice = Notice(args.isEmpty ? "usage: \(command.help.usage) — chain cleared" : "fallback chain cleared")
                return [.remember(.chain(chain))]
            }
            // A single word naming a chain of the config is that chain, as with `--fallback safe`.
            let models = args.count == 1 ? chains[args[0]] ?? [resolveModel(args[0])] : args.map(resolveModel)
            guard !models.isEmpty else { return usageError() }
            if let problem = models.lazy.compactMap(catalogueProblem).first {
                notice = Notice(problem, isError: true)
                return []
            }
            currentModel = models[0]
            fallbacks = Array(models.dropFirst())
            compareSet = []
            notice = Notice("fallback chain: " + chain.map(\.description).joined(separator: " → "))
            return [.remember(.chain(chain))]
        case .route:
            guard args.count == 1, let route = Route(argument: args[0]) else { return usageError() }
            self.route = route
            notice = Notice("route: \(route.rawValue)")
            return [.remember(.route(route))]
        case .effort:
            guard args.count == 1 else { return usageError() }
            if ["default", "config", "reset"].contains(args[0].lowercased()) {
                effort = nil
                notice = Notice("effort: as configured")
                return [.setEffort(nil), .remember(.effort(nil))]
            }
            guard let chosen = ReasoningEffort(argument: args[0]) else { return usageError() }
            effort = chosen
            notice = Notice("effort: \(chosen.rawValue)")
            return [.setEffort(chosen), .remember(.effort(chosen))]
        case .set: return runSet(args)
        case .role: return runRole(args)
        case .attach: return runAttach(String(rest))
        case .detach: return runDetach()
        case .compare:
            if args == ["off"] {
                compareSet = []
                notice = Notice("comparison off")
                return []
            }
            guard (2...4).contains(args.count) else { return usageError() }
            let lanes = args.map { ModelRef.splitChain($0).map(resolveModel) }
            guard lanes.allSatisfy({ !$0.isEmpty }) else { return usageError() }
            compareSet = lanes
            notice = Notice("comparing: " + Self.describe(lanes))
        case .pick:
            guard args.count == 1, let n = Int(args[0]) else { return usageError() }
            return pickAnswer(n - 1)
        case .edit:
            guard args.isEmpty else { return usageError() }
            return editLastQuestion()
        case .branch:
            guard args.count <= 1 else { return usageError() }
            guard let word = args.first else { return listBranches() }
            guard let n = Int(word), n >= 1 else { return usageError() }
            return switchBranch(toPosition: n)
        case .regenerate:
            guard args.isEmpty else { return usageError() }
            return retryLast()
        case .new:
            guard args.isEmpty else { return usageError() }
            let cancels = cancelAll()
            transcript = []
            branchPoints = []
            editingEntry = nil
            comparison = nil
            conversationID = nil   // the next send names a new one
            conversationUsage = UsageTotals()
            followChat()
            notice = Notice("new conversation")
            return cancels + [.newConversation]
        case .history:
            overlay = .history(HistoryState())
            return [.loadHistory]
        case .search:
            return openSearch(String(rest))
        case .usage:
            overlay = .usage(scroll: 0)
            return [.loadUsage]
        case .system:
            let text = String(rest)
            systemPrompt = text.isEmpty ? nil : text
            notice = Notice(text.isEmpty ? "system prompt cleared" : "system prompt set")
        case .editor:
            guard args.isEmpty else { return usageError() }
            return openExternalEditor()
        case .copy:
            guard args.count <= 1 else { return usageError() }
            guard let word = args.first else { return copyAnswer(block: nil) }
            guard let n = Int(word), n >= 1 else { return usageError() }
            return copyAnswer(block: n)
        case .theme:
            // The runtime looks the name up the way `--theme` and the config do (the user's
            // themes/NAME.toml first, then the shipped ones, or a path) and answers `.themeLoaded`.
            guard !rest.isEmpty else { return usageError() }
            return [.loadTheme(name: String(rest))]
        case .export:
            // `/export`, `/export json`, `/export notes.md`, `/export json ~/out.json`: a first word
            // naming a format is the format; the rest of the line is the path (spaces allowed).
            func format(_ word: String) -> ExportFormat? {
                ExportFormat(rawValue: word.lowercased()) ?? (word.lowercased() == "markdown" ? .markdown : nil)
            }
            guard let first = args.first else { return [.exportConversation(format: .markdown, path: nil)] }
            if let named = format(first) {
                let path = rest.dropFirst(first.count).drop { $0 == " " }
                return [.exportConversation(format: named, path: path.isEmpty ? nil : String(path))]
            }
            let path = String(rest)
            return [.exportConversation(format: path.lowercased().hasSuffix(".json") ? .json : .markdown, path: path)]
        case .help:
            overlay = .help(scroll: 0)
        case .quit:
            wantsQuit = true
            return [.quit]
        }
        return []
    }

    /// Why `model` cannot be used, when its provider's catalogue is known and does not list it
    /// (nor its base, for simulator names like `stream@tps=80`): with the nearest ids. Nil when
    /// it is listed or no catalogue of that provider is known (then the server decides).
    func catalogueProblem(with model: ModelRef) -> String? {
        let listed = catalogue.keys.filter { $0.provider == model.provider }
        guard !listed.isEmpty, !knownModels.contains(model) else { return nil }
        let base = String(model.model.prefix { $0 != "@" })
        if listed.contains(ModelRef(provider: model.provider, model: base)) { return nil }
        let nearest = Levenshtein.closest(to: model.model, among: listed.map(\.model))
            .map { VisibleText.make(ModelRef(provider: model.provider, model: $0).description) }
        return "no model \(VisibleText.make(model.description)) in the catalogue"
            + (nearest.isEmpty ? "" : " — did you mean " + nearest.joined(separator: ", ") + "?")
    }

    /// `a → a2 | b | c`: the lanes of a comparison, each with its fallbacks.
    static func describe(_ lanes: [[ModelRef]]) -> String {
        VisibleText.make(lanes.map { $0.map(\.description).joined(separator: " → ") }.joined(separator: " | "))
    }

    /// Finds the model a user means: an exact `provider:model`, a unique model id, the best fuzzy
    /// match among known models, or else the name as an id at the current provider.
    func resolveModel(_ name: String) -> ModelRef {
        let known = knownModels
        if let exact = known.first(where: { $0.description == name }) { return exact }
        let byID = known.filter { $0.model == name }
        if byID.count == 1 { return byID[0] }
        let providers = Set(known.map(\.provider) + [currentModel.provider])
        if let colon = name.firstIndex(of: ":"), providers.contains(String(name[..<colon])) {
            return ModelRef.parse(name, knownProviders: providers, defaultProvider: currentModel.provider)
        }
        let scored = known.compactMap { model in FuzzyMatch.match(name, in: model.description).map { (model, $0.score) } }
        if let best = scored.max(by: { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 > $1.0 }) { return best.0 }
        return ModelRef(provider: currentModel.provider, model: name)
    }
}
