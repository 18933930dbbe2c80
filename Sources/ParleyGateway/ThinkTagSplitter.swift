/// Separates `<think>…</think>` at the start of a model's content from its answer, for servers
/// that run a chat template without a reasoning parser (llama.cpp `--reasoning-format none`,
/// some Ollama models). The content arrives in pieces cut anywhere, tags included, so the
/// splitter holds back only what could still be the start of a tag; the tags never reach the
/// answer text.
///
/// Only a `<think>` that opens the content (after optional whitespace) counts: a `<think>` in the
/// middle of an answer is the answer's text (a model explaining the format, say).
struct ThinkTagSplitter: Sendable {
    private enum State: Sendable {
        /// Nothing but whitespace and a possible beginning of `<think>` so far.
        case opening
        /// Inside the thinking, watching for `</think>`.
        case thinking
        /// Just after `</think>`: the blank lines before the answer are dropped.
        case closing
        /// Everything from here is answer text.
        case answering
    }

    private static let open = "<think>"
    private static let close = "</think>"
    /// Whitespace held back before deciding there is no `<think>`; past it, the content is answer.
    private static let maxLeadingWhitespace = 4096

    private var state = State.opening
    /// Held back: in `.opening`, the content so far; in `.thinking`, a possible start of `</think>`.
    private var pending = ""

    /// The answer has begun: from now on every piece is answer text as it is, and `finish`
    /// releases nothing.
    var isAnswering: Bool {
        if case .answering = state { return true }
        return false
    }

    /// Appends the events of the next piece of content to `events`. Once the answer has begun
    /// every piece is answer text as it is: no array per piece for the common case.
    mutating func feed(_ piece: String, into events: inout [ChatStreamEvent]) {
        if isAnswering {
            if !piece.isEmpty { events.append(.text(piece)) }
            return
        }
        events += feed(piece)
    }

    /// The events for the next piece of content, in order.
    mutating func feed(_ piece: String) -> [ChatStreamEvent] {
        var events: [ChatStreamEvent] = []
        var input = Substring(piece)
        while !input.isEmpty {
            switch state {
            case .answering:
                events.append(.text(String(input)))
                input = ""
            case .opening:
                pending += input
                input = ""
                let body = pending.drop { $0.isWhitespace }
                if body.hasPrefix(Self.open) {
                    state = .thinking
                    input = body.dropFirst(Self.open.count)
                    pending = ""
                } else if !Self.open.hasPrefix(body) || pending.utf8.count > Self.maxLeadingWhitespace {
                    // Not a think block after all: everything held back is answer.
                    state = .answering
                    input = Substring(pending)
                    pending = ""
                }
            case .thinking:
                let text = pending + input
                pending = ""
                input = ""
                if let range = text.range(of: Self.close) {
                    let thought = text[..<range.lowerBound]
                    if !thought.isEmpty { events.append(.reasoning(String(thought))) }
                    state = .closing
                    input = text[range.upperBound...]
                } else {
                    let keep = Self.partialSuffixLength(of: text, prefixOf: Self.close)
                    let thought = text.dropLast(keep)
                    if !thought.isEmpty { events.append(.reasoning(String(thought))) }
                    pending = String(text.suffix(keep))
                }
            case .closing:
                let rest = input.drop { $0.isWhitespace }
                input = rest
                if !rest.isEmpty { state = .answering }
            }
        }
        return events
    }

    /// The end of the content: whatever was held back is released as what it was taken for.
    mutating func finish() -> [ChatStreamEvent] {
        defer { pending = "" }
        switch state {
        case .opening:
            state = .answering
            return pending.isEmpty ? [] : [.text(pending)]
        case .thinking:
            return pending.isEmpty ? [] : [.reasoning(pending)]
        case .closing, .answering:
            return []
        }
    }

    /// Splits a whole (non-streamed) content into its thinking and its answer.
    static func split(_ content: String) -> (reasoning: String, text: String) {
        var splitter = ThinkTagSplitter()
        var reasoning = ""
        var text = ""
        for event in splitter.feed(content) + splitter.finish() {
            switch event {
            case .reasoning(let r): reasoning += r
            case .text(let t): text += t
            default: break
            }
        }
        return (reasoning, text)
    }

    /// The length of the longest suffix of `text` that is a proper prefix of `tag`.
    private static func partialSuffixLength(of text: String, prefixOf tag: String) -> Int {
        for length in stride(from: min(tag.count - 1, text.count), to: 0, by: -1)
        where tag.hasPrefix(text.suffix(length)) {
            return length
        }
        return 0
    }
}
