import Foundation

/// What the user typed into a search, cut into words. The words, never the text, reach SQLite's
/// full-text query syntax: each goes as a quoted prefix term (`"word"*`), so `"`, `*`, `-`, `:`,
/// `(`, `NEAR`, `AND`, `OR` and `NOT` in the text are only ever letters to look for, and no
/// input can make the query a syntax error.
public struct SearchQuery: Sendable, Hashable {
    /// Longest text looked at; a search is a few words, not a document.
    public static let maxTextLength = 500
    /// Most words used; more would only slow the query down.
    public static let maxTerms = 16
    /// Longest word kept (longer ones are cut: they still match as a prefix).
    public static let maxTermLength = 64

    /// The text as typed (cut to `maxTextLength`), for messages and the title LIKE.
    public let text: String
    /// The words, lowercased: runs of letters and digits, as SQLite's unicode61 tokenizer
    /// splits text (everything else separates words).
    public let terms: [String]

    public init(_ text: String) {
        let cut = String(text.prefix(Self.maxTextLength))
        self.text = cut.trimmingCharacters(in: .whitespacesAndNewlines)
        var terms: [String] = []
        var word = ""
        for character in cut {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else if !word.isEmpty {
                terms.append(word)
                word = ""
            }
        }
        if !word.isEmpty { terms.append(word) }
        var seen: Set<String> = []
        self.terms = Array(terms.map { String($0.lowercased().prefix(Self.maxTermLength)) }
            .filter { seen.insert($0).inserted }.prefix(Self.maxTerms))
    }

    /// Nothing to look for: no word in the text.
    public var isEmpty: Bool { terms.isEmpty }

    /// The FTS5 MATCH expression: every word as a quoted prefix term, all of them required.
    /// Quotes inside a term are doubled, as FTS5 strings escape them (a term never holds one,
    /// being letters and digits, but the quoting must not depend on that).
    public var matchExpression: String {
        terms.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"*" }.joined(separator: " ")
    }

    /// Where the words occur in `text`: each place a word starts with one of the terms,
    /// ignoring case and accents (as the index matches), the matched part only. For
    /// highlighting a snippet; sorted, not overlapping.
    public func matches(in text: String) -> [Range<String.Index>] {
        guard !terms.isEmpty else { return [] }
        var ranges: [Range<String.Index>] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index].isLetter || text[index].isNumber else {
                index = text.index(after: index)
                continue
            }
            var end = index
            while end < text.endIndex, text[end].isLetter || text[end].isNumber { end = text.index(after: end) }
            let word = text[index..<end]
            var best: Range<String.Index>?
            for term in terms {
                if let found = word.range(of: term, options: [.caseInsensitive, .diacriticInsensitive, .anchored]),
                   best.map({ found.upperBound > $0.upperBound }) ?? true {
                    best = found
                }
            }
            if let best { ranges.append(best) }
            index = end
        }
        return ranges
    }
}
