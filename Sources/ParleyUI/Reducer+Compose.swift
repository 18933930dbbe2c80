/// Composing in the user's own editor, and copying answers out.
extension AppState {
    /// `/editor` and the `editor` key: the draft goes to the external editor and comes back with
    /// `.editorFinished`, as the draft (never sent on its own: the user reads it first).
    mutating func openExternalEditor() -> [Command] {
        [.openEditor(draft: editor.text)]
    }

    mutating func finishExternalEdit(_ outcome: EditorOutcome) {
        switch outcome {
        case .edited(let text):
            editor.setText("")
            // Editors end the file with a newline the user did not mean to send.
            editor.insert(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            historyIndex = nil
            notice = Notice("draft from the editor: \(keymap.hint(for: .send) ?? "Enter") sends it")
        case .failed(let reason):
            notice = Notice(VisibleText.make(reason) + "; the draft is unchanged", isError: true)
        }
    }

    /// `/copy` (the whole answer) and `/copy N` (its N-th fenced code block, as numbered on
    /// screen). The answer is the focused comparison pane's, else the last one in the chat.
    mutating func copyAnswer(block: Int?) -> [Command] {
        // The newest answer is the one the user means, even while it streams: an older answer
        // copied in its place would be a silent surprise.
        if let newest = newestAnswer, newest.status == .streaming, newest.text.isEmpty {
            notice = Notice("the answer has not started yet: /copy again when it has text", isError: true)
            return []
        }
        guard let answer = answerToCopy else {
            notice = Notice("no answer to copy yet", isError: true)
            return []
        }
        let streaming = newestAnswer?.status == .streaming
        guard let block else {
            return [.copyToClipboard(text: answer, what: streaming ? "the answer so far" : "the answer")]
        }
        let blocks = Markdown.codeBlocks(in: answer)
        guard blocks.indices.contains(block - 1) else {
            let range = blocks.count == 1 ? "one code block" : "code blocks 1–\(blocks.count)"
            notice = Notice(blocks.isEmpty ? "the answer has no code blocks" : "the answer has \(range)", isError: true)
            return []
        }
        return [.copyToClipboard(text: blocks[block - 1], what: "code block \(block)")]
    }

    /// The entry `/copy` means: the focused comparison pane's answer, else the chat's newest.
    private var newestAnswer: TranscriptEntry? {
        if comparisonInView, let comparison, let focus = comparison.focus {
            return transcript.last { $0.request == comparison.request && $0.lane == focus && $0.role == .assistant }
        }
        return transcript.last { $0.role == .assistant }
    }

    /// The text `/copy` takes: a focused pane's answer, else the newest answer with text.
    var answerToCopy: String? {
        if comparisonInView, let comparison, let focus = comparison.focus,
           let entry = transcript.last(where: { $0.request == comparison.request && $0.lane == focus && $0.role == .assistant }),
           !entry.text.isEmpty {
            return entry.text
        }
        return transcript.last { $0.role == .assistant && !$0.text.isEmpty }?.text
    }
}
