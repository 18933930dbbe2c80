/// Writes the deterministic answers of the scripted models.
///
/// The prose is meant to look like a chat answer in the TUI demo: an opening sentence that quotes
/// the prompt and names the model, a few paragraphs, and — depending on the seed — a heading, a
/// bullet list or a fenced code block, so the markdown renderer has something to show.
enum AnswerWriter {
    /// The answer of a prose model, as stream tokens. With `tokenCount`, exactly that many tokens
    /// (more paragraphs are written until there are enough).
    static func prose(prompt: String, model: String, seed: UInt64, tokenCount: Int? = nil) -> [String] {
        var random = SeededRandom(seed: seed)
        let topic = topic(of: prompt)
        var text = opening(prompt: prompt, model: model)
        text += " " + paragraph(topic: topic, sentences: random.int(in: 2...3), random: &random)

        let layout = random.int(in: 0...3)
        if layout == 1 || layout == 3 {
            text += "\n\n" + random.pick(headings).replacingOccurrences(of: "{topic}", with: topic)
            text += "\n\n" + bulletList(random: &random)
        }
        if layout == 2 || layout == 3 {
            text += "\n\n" + paragraph(topic: topic, sentences: 1, random: &random)
            text += "\n\n" + random.pick(codeBlocks)
        }
        text += "\n\n" + paragraph(topic: topic, sentences: random.int(in: 2...4), random: &random)

        var tokens = Tokenizer.tokens(text)
        guard let tokenCount else { return tokens }
        while tokens.count < tokenCount {
            let more = "\n\n" + paragraph(topic: topic, sentences: random.int(in: 3...5), random: &random)
            tokens += Tokenizer.tokens(more)
        }
        return Array(tokens.prefix(max(0, tokenCount)))
    }

    /// An answer that is almost all fenced code — keywords, strings, comments and numbers in the
    /// languages the chat highlights — so a benchmark can show what highlighting costs while
    /// answers stream. With `tokenCount`, exactly that many tokens (the last block may stay open,
    /// as a streaming answer's does).
    static func code(seed: UInt64, tokenCount: Int? = nil) -> [String] {
        var random = SeededRandom(seed: seed ^ 0x636F_6465)
        var tokens = Tokenizer.tokens("Here is the code:")
        let blocks = tokenCount == nil ? 3 : Int.max
        var written = 0
        while written < blocks, tokens.count < (tokenCount ?? Int.max) {
            tokens += Tokenizer.tokens("\n\n" + random.pick(highlightedBlocks))
            written += 1
        }
        guard let tokenCount else { return tokens }
        return Array(tokens.prefix(max(0, tokenCount)))
    }

    private static let highlightedBlocks = [
        "```swift\n/* Sums the squares. */\nfunc total(_ values: [Int]) -> Int {\n    // 0 when empty\n    return values.reduce(0) { $0 + $1 * $1 }\n}\nlet label = \"total: \\(total([1, 2, 3]))\"\n```",
        "```python\n# Counts words in a file.\ndef count(path, limit=1000):\n    with open(path) as f:\n        return len(f.read().split()[:limit])  # at most 1000\nprint(\"words:\", count(\"notes.txt\"))\n```",
        "```go\n// Max returns the larger of a and b.\nfunc Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b // 42 ties go to b\n}\n```",
        "```json\n{\"model\": \"demo:fast\", \"temperature\": 0.3, \"stream\": true, \"tags\": [\"a\", \"b\"], \"max\": null}\n```",
        "```sql\nSELECT model, SUM(cost) AS total -- per model\nFROM usage WHERE day >= '2026-01-01'\nGROUP BY model ORDER BY total DESC LIMIT 10;\n```",
        "```rust\n/// Doubles every value.\nfn double(v: &[i64]) -> Vec<i64> {\n    v.iter().map(|x| x * 2).collect() // 2x\n}\nconst NAME: &str = \"double\";\n```",
    ]

    /// A thinking model's reasoning, as exactly `tokenCount` stream tokens: it mulls the prompt over.
    static func thoughts(prompt: String, seed: UInt64, tokenCount: Int) -> [String] {
        var random = SeededRandom(seed: seed ^ 0x7468_696E_6B)
        let topic = topic(of: prompt)
        var tokens = Tokenizer.tokens("Let me think about \(topic). ")
        while tokens.count < tokenCount {
            tokens += Tokenizer.tokens(random.pick(musings).replacingOccurrences(of: "{topic}", with: topic) + " ")
        }
        return Array(tokens.prefix(max(1, tokenCount)))
    }

    private static let musings = [
        "The user wants to know about {topic}.", "First, what does {topic} actually require?",
        "Hmm, there is a trade-off here.", "Let me check that assumption again.",
        "An example would make this clearer.", "Wait, I should consider the edge cases.",
        "So the answer should start with the short version.", "That seems right; now the details.",
    ]

    /// The `echo` model's answer: the user's last message, token by token.
    static func echo(prompt: String) -> [String] {
        Tokenizer.tokens(prompt.isEmpty ? "(empty message)" : prompt)
    }

    /// The `recall` model's answer: what the conversation says the assistant answered last, so a
    /// test can tell which thread it was sent.
    static func recall(_ lastAnswer: String?) -> [String] {
        guard let lastAnswer else { return Tokenizer.tokens("I have not answered anything yet.") }
        let quoted = lastAnswer.count > 80 ? String(lastAnswer.prefix(80)) + "…" : lastAnswer
        return Tokenizer.tokens("Last time I said: «\(quoted)»")
    }

    /// Prose with terminal escape and control sequences in the middle: colour codes, a window
    /// title change (OSC 0), a clipboard write (OSC 52), cursor movement and screen clearing, a C1
    /// CSI, a bell, and one escape sequence split across two chunks. A client must show or drop
    /// them, never pass them to the terminal.
    static func escapes(prompt: String, model: String, seed: UInt64) -> [String] {
        let esc = "\u{1B}", bel = "\u{07}"
        let hostile: [String] = [
            "\n\nThis answer contains ", esc + "[31m", "red", " text", esc + "[0m", ",",
            " a title change", esc + "]0;pwned by a model" + bel, ",",
            " a clipboard write", esc + "]52;c;ZWNobyBoYWNrZWQ=" + bel, ",",
            " a cursor move", esc + "[10A", esc + "[2J" + esc + "[H", ",",
            " a C1 control", "\u{9B}" + "31m", ",",
            " a bell", bel, " and a split escape ", esc, "[1;32mgreen", esc + "[0m", ".",
        ]
        var random = SeededRandom(seed: seed)
        let opening = Self.opening(prompt: prompt, model: model) + " "
            + paragraph(topic: topic(of: prompt), sentences: 1, random: &random)
        return Tokenizer.tokens(opening) + hostile
    }

    // MARK: - Pieces

    static func opening(prompt: String, model: String) -> String {
        let collapsed = prompt.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if collapsed.isEmpty { return "You sent an empty message, so \(model) will improvise." }
        let quoted = collapsed.count > 60 ? String(collapsed.prefix(59)) + "…" : collapsed
        return "You asked: \u{201C}\(quoted)\u{201D}. Here is what \(model) has to say."
    }

    /// The most telling word of the prompt (the longest one), used to make the prose feel on topic.
    static func topic(of prompt: String) -> String {
        let words = prompt.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }
        return words.filter { $0.count >= 4 }.max(by: { $0.count < $1.count }) ?? "this"
    }

    private static func paragraph(topic: String, sentences: Int, random: inout SeededRandom) -> String {
        (0..<sentences).map { _ in random.pick(Self.sentences).replacingOccurrences(of: "{topic}", with: topic) }
            .joined(separator: " ")
    }

    private static func bulletList(random: inout SeededRandom) -> String {
        var items = bullets
        var chosen: [String] = []
        for _ in 0..<3 {
            let index = Int(random.next() % UInt64(items.count))
            chosen.append("- " + items.remove(at: index))
        }
        return chosen.joined(separator: "\n")
    }

    private static let sentences = [
        "The short answer is that {topic} depends on a few trade-offs that are easy to overlook.",
        "Most people approach {topic} by trying the simplest thing that could possibly work.",
        "It helps to separate what {topic} must do from what would merely be nice.",
        "A good first step is to write down the assumptions and check each one.",
        "In practice, the details matter more than the overall plan.",
        "When something goes wrong, the error messages usually point in the right direction.",
        "Measure before you optimise; intuition about performance is often wrong.",
        "Small, reversible changes make {topic} far less risky.",
        "There is rarely a single right answer, but there are many wrong ones.",
        "Keep the feedback loop short so that mistakes surface early.",
        "Think of {topic} as a negotiation between constraints rather than a fixed recipe.",
        "The edge cases are where most of the real work hides.",
        "Notes written for your future self are never wasted.",
        "When in doubt, prefer the boring and well-understood option.",
        "A simulated model cannot know the answer, but it can sound remarkably confident.",
        "Each of these points deserves a closer look before you commit to {topic}.",
        "Experienced engineers tend to revisit {topic} once the first version works.",
        "None of this is hard, but all of it takes patience.",
    ]

    private static let bullets = [
        "Start small and grow the solution step by step.",
        "Write a test that fails before fixing anything.",
        "Keep the configuration in one place.",
        "Log what happened, not what you hoped would happen.",
        "Prefer plain data over clever abstractions.",
        "Review the result with fresh eyes the next day.",
        "Ask for help early; it is cheaper than guessing.",
    ]

    private static let headings = [
        "## Key points", "## A closer look at {topic}", "### In short", "## What to try next",
    ]

    private static let codeBlocks = [
        "```swift\nlet answer = 42\nprint(\"The answer is \\(answer)\")\n```",
        "```python\ndef greet(name):\n    return f\"Hello, {name}!\"\n```",
        "```sh\n$ parley ask --model demo:fast \"hello\"\n```",
    ]
}
