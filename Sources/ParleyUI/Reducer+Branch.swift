public import ParleyModel

/// "branch 2/3": a message's place among its siblings, in its label line.
public struct BranchLabel: Sendable, Hashable {
    /// From 1.
    public var position: Int
    public var count: Int

    public init(position: Int, count: Int) {
        self.position = position
        self.count = count
    }

    public var text: String { "branch \(position)/\(count)" }
}

/// Edit and branch (issue 16): the chat shows the current path of the conversation's tree.
/// `/edit` and `/regenerate` add siblings (the store keeps the old ones), `/branch` and the
/// branch keys follow another branch where the path forks last. The store owns the tree; the
/// chat asks it to move and shows the path it answers with.
extension AppState {
    /// `/edit`: the last question goes into the editor as a draft; sending it branches.
    mutating func editLastQuestion() -> [Command] {
        guard let question = transcript.last(where: { $0.role == .user }) else {
            notice = Notice("nothing to edit yet", isError: true)
            return []
        }
        if isBusy {
            notice = Notice("an answer is still arriving: wait for it, or cancel it (Esc), then /edit", isError: true)
            return []
        }
        editor.setText(question.text)
        historyIndex = nil
        editingEntry = question.id
        notice = Notice("editing the last question: Enter sends it as a new branch (the old one stays); Esc cancels")
        return []
    }

    /// The edited question replaces the old one on screen (and in what is sent), as a sibling
    /// of it in the store.
    mutating func sendEditedQuestion(_ text: String) -> [Command] {
        guard let edited = editingEntry, let index = entryIndex(edited) else {
            editingEntry = nil
            return startRequest(forUserEntry: append(TranscriptEntry(id: 0, role: .user, text: text)))
        }
        editingEntry = nil
        if let c = comparison, c.userEntry >= edited { comparison = nil }
        transcript.removeSubrange(index...)
        let entry = append(TranscriptEntry(id: 0, role: .user, text: text))
        return placed(.editLastQuestion, startRequest(forUserEntry: entry))
    }

    /// Esc ends an edit in progress: the draft stays, and Enter then sends it as a new message.
    mutating func cancelEdit() -> Bool {
        guard editingEntry != nil else { return false }
        editingEntry = nil
        notice = Notice("edit cancelled: Enter now sends the draft as a new message")
        return true
    }

    /// Ctrl-R and `/regenerate`: a new answer to the last question from the current model
    /// (switch first to ask another). The earlier answers leave the screen and stay stored, as
    /// a sibling branch `/branch` switches back to.
    mutating func retryLast() -> [Command] {
        guard let last = transcript.last(where: { $0.role == .user }), let index = entryIndex(last.id) else {
            notice = Notice("nothing to retry yet", isError: true)
            return []
        }
        var commands: [Command] = []
        if let request = last.request, requests[request] != nil {
            commands += cancel(request)
        }
        editingEntry = nil
        transcript.removeSubrange((index + 1)...)
        return commands + placed(.regenerate, startRequest(forUserEntry: last.id))
    }

    private func placed(_ placement: TurnPlacement, _ commands: [Command]) -> [Command] {
        commands.map { command in
            switch command {
            case .send, .compare: .branching(placement, command)
            default: command
            }
        }
    }

    // MARK: Branches

    /// Where the path forks last: the point `/branch` and the branch keys act on.
    var currentBranchPoint: BranchPoint? { branchPoints.last }

    /// `/branch`: the branches at the current point, as a notice in the chat.
    mutating func listBranches() -> [Command] {
        guard let point = currentBranchPoint else {
            notice = Notice("no branches here: /edit or /regenerate starts one")
            return []
        }
        var lines = ["branches here (/branch N follows one):"]
        for (i, option) in point.siblings.enumerated() {
            let mark = option.id == point.messageID ? "▸" : " "
            let who = option.role == .user ? "you" : VisibleText.make(option.model?.description ?? "assistant")
            lines.append("\(mark) \(i + 1)  \(who): \(VisibleText.make(option.preview))")
        }
        append(TranscriptEntry(id: 0, role: .notice, text: lines.joined(separator: "\n")))
        followChat()
        return []
    }

    /// `/branch N`: follow sibling N of the current point.
    mutating func switchBranch(toPosition n: Int) -> [Command] {
        guard let point = currentBranchPoint else {
            notice = Notice("no branches here: /edit or /regenerate starts one", isError: true)
            return []
        }
        guard point.siblings.indices.contains(n - 1) else {
            notice = Notice("there \(point.siblings.count == 1 ? "is" : "are") \(point.siblings.count) branches here", isError: true)
            return []
        }
        return follow(point.siblings[n - 1].id)
    }

    /// The branch keys: the previous or next sibling of the current point.
    mutating func stepBranch(by step: Int) -> [Command] {
        guard let point = currentBranchPoint else {
            notice = Notice("no branches here: /edit or /regenerate starts one")
            return []
        }
        let target = point.position + step
        guard point.siblings.indices.contains(target - 1) else {
            notice = Notice(step < 0 ? "this is the first branch" : "this is the last branch")
            return []
        }
        return follow(point.siblings[target - 1].id)
    }

    private mutating func follow(_ messageID: String) -> [Command] {
        guard let conversationID else { return [] }
        if isBusy {
            notice = Notice("an answer is still arriving: wait for it, or cancel it (Esc), then switch", isError: true)
            return []
        }
        editingEntry = nil
        return [.switchBranch(conversation: conversationID, messageID: messageID)]
    }

    /// Labels every shown message that has siblings with its place among them.
    mutating func applyBranches(_ points: [BranchPoint]) {
        branchPoints = points
        let labels = Dictionary(points.map { ($0.messageID, BranchLabel(position: $0.position, count: $0.siblings.count)) }) { a, _ in a }
        for i in transcript.indices {
            transcript[i].branch = transcript[i].storedID.flatMap { labels[$0] }
        }
    }

    /// The path again from the store. A turn that started since is not wiped: then the path
    /// comes with the next reload.
    mutating func reloadPath(_ conversation: Conversation, _ messages: [StoredMessage], ledger: [LedgerEntry],
                             branches: [BranchPoint], notice text: String?) {
        guard conversationID == conversation.id, !isBusy else { return }
        let kept = notice
        loadConversation(conversation, messages, ledger: ledger)
        applyBranches(branches)
        notice = text.map { Notice(VisibleText.make($0)) } ?? kept
    }
}
