/// Splits text into the pieces a model would stream: words with their leading spaces
/// (`" world"`), long words cut into word-pieces, each punctuation mark alone, runs of newlines
/// alone. Joining the pieces gives back the text exactly.
enum Tokenizer {
    static let longestPiece = 8

    private enum Kind { case newline, space, word, punctuation }

    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentKind: Kind?
        var pieceLength = 0

        func flush() {
            if !current.isEmpty { tokens.append(current) }
            current = ""
            currentKind = nil
            pieceLength = 0
        }

        for character in text {
            let kind = classify(character)
            switch kind {
            case .newline, .space:
                if currentKind != kind { flush() }
                current.append(character)
                currentKind = kind
            case .word:
                if currentKind == .word, pieceLength < longestPiece {
                    current.append(character)
                    pieceLength += 1
                } else {
                    // Leading spaces belong to the word that follows them, as in BPE vocabularies.
                    if currentKind != .space { flush() }
                    current.append(character)
                    currentKind = .word
                    pieceLength = 1
                }
            case .punctuation:
                if currentKind != .space { flush() }
                current.append(character)
                flush()
            }
        }
        flush()
        return tokens
    }

    private static func classify(_ character: Character) -> Kind {
        if character.isNewline { return .newline }
        if character == " " { return .space }
        if character.isLetter || character.isNumber || character == "'" { return .word }
        return .punctuation
    }
}
