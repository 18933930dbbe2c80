public import ParleyModel

/// How the chat shapes its next requests, apart from the model: the parameters `/set` chose,
/// the role `/role` put on, the files `/attach` holds for the next message, and the context
/// guard's pending offer. A part of `AppState`.
public struct ChatShape: Sendable, Hashable {
    /// What `/set` chose; each set field wins over the role's and the config's.
    public var parameters = RequestParameters()
    /// The config's `[roles.NAME]`, for `/role`.
    public var roles: [String: PromptRole] = [:]
    /// The role in force (`/role NAME`); it stays over `/new`, until `/role off`.
    public var role: PromptRole?
    /// Files read for the next message, in the order attached; sent with it, then dropped.
    public var attachments: [Attachment] = []
    /// The draft the context guard stopped: Enter on the same draft again sends it with only
    /// the most recent turns that fit.
    var truncationOffer: String?
    /// Set while that confirmed send is being built.
    var truncating = false
    /// The draft Enter sent before the catalogues could say whether it may go (images, a long
    /// conversation): it goes by itself when they answer (or is stopped then, saying why),
    /// unless it was edited meanwhile.
    var heldForCatalogue: String?

    public init(roles: [String: PromptRole] = [:]) {
        self.roles = roles
    }

    /// The parameters the next request carries: `/set`'s, then the role's.
    public var effectiveParameters: RequestParameters {
        parameters.over(role?.parameters ?? RequestParameters())
    }
}

extension AppState {
    /// What the status bar adds after the model: the role (or that a system prompt is set), the
    /// parameters in force and the pending attachments. Names come from files and the config,
    /// so the caller makes them visible.
    var shapeStatus: String {
        var parts: [String] = []
        if let role = shape.role, systemPrompt == role.system { parts.append("role \(role.name)") }
        else if let systemPrompt, !systemPrompt.isEmpty { parts.append("system prompt") }
        if let summary = shape.effectiveParameters.summary { parts.append(summary) }
        if !shape.attachments.isEmpty {
            // The file's own name: a long directory would push everything else off the bar.
            let name = shape.attachments[0].name.split(separator: "/").last.map(String.init) ?? shape.attachments[0].name
            parts.append(shape.attachments.count == 1 ? "attached \(name)" : "\(shape.attachments.count) files attached")
        }
        return parts.map { " · " + $0 }.joined()
    }

    /// The command that hands the parameters in force to the runtime.
    var parametersCommand: Command { .setParameters(shape.effectiveParameters) }

    /// What the runtime should do at start for the shape: hand over the parameters of a role
    /// restored from the last chat.
    public var shapeStartupCommands: [Command] {
        shape.effectiveParameters.isEmpty ? [] : [parametersCommand]
    }

    /// Puts `role` on: its system prompt, its effort (when it has one) and, unless `keepModel`,
    /// its model or chain. Returns what the runtime must hear of it.
    public mutating func applyRole(_ role: PromptRole, keepModel: Bool = false) -> [Command] {
        shape.role = role
        systemPrompt = role.system
        var commands: [Command] = [parametersCommand, .remember(.role(role.name))]
        if let effort = role.effort {
            self.effort = effort
            commands.append(.setEffort(effort))
        }
        if !keepModel, let first = role.chain.first {
            currentModel = first
            fallbacks = Array(role.chain.dropFirst())
            compareSet = []
            commands.append(.remember(.chain(chain)))
        }
        return commands
    }

    /// `/role off`: the role's system prompt goes (one typed with `/system` since stays), and
    /// so do its parameters and effort; the model stays.
    mutating func dropRole() -> [Command] {
        guard let role = shape.role else { return [.remember(.role(nil))] }
        shape.role = nil
        if systemPrompt == role.system { systemPrompt = nil }
        var commands: [Command] = [parametersCommand, .remember(.role(nil))]
        if let effort = role.effort, self.effort == effort {
            self.effort = nil
            commands.append(.setEffort(nil))
        }
        return commands
    }

    /// The context guard, for a message about to be sent: false when it may go; true when it
    /// is stopped, with a notice offering to send only the most recent turns (Enter again on the
    /// same draft, which confirms it for that one send).
    mutating func contextGuardStops(_ message: String, draft: String, images: [ImagePart] = []) -> Bool {
        let history = conversationMessages(through: Int.max) + [ChatMessage(role: .user, content: message, images: images)]
        for model in answeringModels {
            guard case .tooLong(let estimated, let limit) = ContextGuard.check(history, contextLength: contextLength(of: model))
            else { continue }
            if shape.truncationOffer == draft {
                shape.truncationOffer = nil
                shape.truncating = true
                return false
            }
            shape.truncationOffer = draft
            // The estimate is rough (four characters a token): when even this message alone is
            // over, the user may still send it whole, knowingly.
            let offer = ContextGuard.recentTurns(history, contextLength: limit) == nil
                ? " — even this message alone is too long: Enter again sends it anyway"
                : " — Enter again sends only the most recent turns that fit; /new starts afresh"
            let why = ContextGuard.explanation(estimated: estimated, limit: limit, model: model, facts: localFacts(of: model))
            notice = Notice(VisibleText.make(why) + offer, isError: true)
            return true
        }
        shape.truncationOffer = nil
        return false
    }

    /// `messages` as the guard lets them go to `model`: whole, or cut to the most recent turns
    /// when the user confirmed that for this send.
    /// Images of earlier turns go only to a model known to take them: after a switch to one
    /// that is not, they are left out (their text still names them) rather than failing the turn.
    func fitted(_ messages: [ChatMessage], for model: ModelRef?) -> [ChatMessage] {
        var messages = messages
        if let model, acceptsImages(model) != true, messages.contains(where: { !$0.images.isEmpty }) {
            for index in messages.indices { messages[index].images = [] }
        }
        guard shape.truncating, let model, let length = contextLength(of: model),
              let recent = ContextGuard.recentTurns(messages, contextLength: length) else { return messages }
        return recent
    }

    /// The window to check `model` against: what its local server said (Ollama's real window,
    /// llama.cpp's n_ctx), else the catalogue's context length (or its base's, for simulator names).
    func contextLength(of model: ModelRef) -> Int? {
        ContextGuard.contextLength(catalogue: catalogue[model]?.contextLength
            ?? catalogue[ModelRef(provider: model.provider, model: String(model.model.prefix { $0 != "@" }))]?.contextLength,
            facts: localFacts(of: model))
    }

    /// Whether `model` takes images: its local server's word (Ollama's `vision`), else its
    /// catalogue's (`input_modalities`); nil when neither says.
    func acceptsImages(_ model: ModelRef) -> Bool? {
        localFacts[model]?.acceptsImages ?? catalogue[model]?.acceptsImages
            ?? catalogue[ModelRef(provider: model.provider, model: String(model.model.prefix { $0 != "@" }))]?.acceptsImages
    }

    /// Why the next message waits while the catalogues are still on their way (a notice), or
    /// nil: a model its images would go to that nothing has said anything of yet, or one whose
    /// window is unknown for a message long enough that it might not fit. Until they answer,
    /// "not known" is not yet an answer, so the send waits rather than refusing or going blind.
    func waitForCatalogue(_ message: String, images: [ImagePart], draft: String) -> String? {
        // Enter again on the held draft: it goes with what is known now.
        guard !catalogueIsKnown, shape.heldForCatalogue != draft else { return nil }
        if !images.isEmpty, let model = answeringModels.first(where: { acceptsImages($0) == nil }) {
            // No "Enter sends it now": with nothing known, the image would be refused.
            return "waiting for the model lists to say whether \(model) takes images: the message goes when they answer"
        }
        let history = conversationMessages(through: Int.max) + [ChatMessage(role: .user, content: message, images: images)]
        if ContextGuard.estimatedTokens(history) > ContextGuard.alwaysFits,
           let model = answeringModels.first(where: { contextLength(of: $0) == nil }) {
            return "waiting for the model lists to say how long a conversation \(model) takes: "
                + "the message goes when they answer (Enter sends it now)"
        }
        return nil
    }

    /// The first model of each chain the next message goes to.
    var answeringModels: [ModelRef] {
        compareSet.filter { !$0.isEmpty }.count >= 2 ? compareSet.compactMap(\.first) : [currentModel]
    }

    /// Why the attached images cannot go to the models a message goes to now, or nil.
    func imageRefusal() -> String? {
        let names = shape.attachments.filter { $0.image != nil }.map(\.name)
        guard !names.isEmpty else { return nil }
        for model in answeringModels {
            if let refusal = Attachment.imageRefusal(names, model: model, acceptsImages: acceptsImages(model)) { return refusal }
        }
        return nil
    }

    /// What `model`'s local server said of it, when it was asked and answered.
    func localFacts(of model: ModelRef) -> LocalModelFacts? {
        localFacts[model]
    }
}
