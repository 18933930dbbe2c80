/// Makes server text safe to show: control characters become visible, and API keys are redacted.
///
/// Anything a server sends may end up on a terminal; an escape sequence in an error message or a
/// model's answer must never drive it (set the title, write the clipboard with OSC 52, move the
/// cursor). And a proxy echoing the request's `Authorization` header must not print the key.
public struct TextSanitizer: Sendable {
    private let secrets: [String]

    /// `secrets`: exact values to redact wherever they appear (the keys of the providers in use).
    public init(secrets: [String] = []) {
        self.secrets = secrets.filter { $0.count >= 4 }
    }

    /// For one-line messages: control characters (newlines too) made visible, keys redacted.
    /// Invisible format characters (bidi marks, zero-width spaces) are made visible too: in a
    /// message or a name they can only mislead.
    public func clean(_ text: String) -> String {
        Self.makeVisible(redact(text), keepingNewlines: false, escapingInvisibles: true)
    }

    /// The longest identifier kept (a model id, a provider's name for it); longer ones are cut.
    public static let maximumIdentifierLength = 200

    /// For ids and names a server reports (the served model, `/models` entries): `clean`, and
    /// cut to `maximumIdentifierLength` characters so a hostile id cannot flood a log or a table.
    public func cleanIdentifier(_ text: String) -> String {
        let cleaned = clean(text)
        guard cleaned.count > Self.maximumIdentifierLength else { return cleaned }
        return String(cleaned.prefix(Self.maximumIdentifierLength - 1)) + "…"
    }

    /// Replaces secret values and anything that looks like an API key with `<redacted>`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return Self.redactKeyShapes(result)
    }

    /// Caret notation for C0 controls and DEL (`ESC` → `^[`), `<U+009B>` for C1 controls and for
    /// the bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder
    /// what a terminal shows ("Trojan Source"). Newlines and tabs survive when `keepingNewlines` is
    /// set (model answers), so the text keeps its shape while no byte of it can start a terminal
    /// sequence. `escapingInvisibles` also shows the zero-width and directional marks that answers
    /// legitimately use (ZWJ in emoji, RLM in Hebrew) but that an id or a message never needs.
    public static func makeVisible(_ text: String, keepingNewlines: Bool = true,
                                   escapingInvisibles: Bool = false) -> String {
        let escapes = { (scalar: Unicode.Scalar) in
            needsEscaping(scalar) || (escapingInvisibles && isInvisibleFormat(scalar))
        }
        guard text.unicodeScalars.contains(where: escapes) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where keepingNewlines, 0x09 where keepingNewlines:
                out.append(scalar)
            case 0x0D where keepingNewlines:
                continue  // a lone CR would move the cursor back over the line
            case 0x00...0x1F:
                out.append("^")
                out.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                out.append(contentsOf: "^?".unicodeScalars)
            case _ where escapes(scalar):
                out.append(contentsOf: codePoint(scalar).unicodeScalars)
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// The one visible form of a character that is not caret notation: `<U+009B>`, `<U+202E>`
    /// (the TUI's cells and headless output write the same).
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        "<U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(4))>"
    }

    private static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || isBidiControl(scalar)
    }

    /// Embeddings, overrides and isolates: they reorder the text after them.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Zero-width characters, directional marks and the line/paragraph separators.
    static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x180E, 0x200B...0x200F, 0x2028, 0x2029, 0x2060...0x2064, 0xFEFF: return true
        default: return false
        }
    }

    /// Common key shapes: `sk-…` (OpenAI, OpenRouter `sk-or-v1-…`, ZenMux `sk-ai-v1-…`, DeepSeek)
    /// and `Bearer …` tokens.
    static func redactKeyShapes(_ text: String) -> String {
        guard text.contains("sk-") || text.contains("Bearer ") else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = [rest.range(of: "sk-"), rest.range(of: "Bearer ")].compactMap({ $0 })
            .min(by: { $0.lowerBound < $1.lowerBound })
        {
            result += rest[..<range.lowerBound]
            var end = range.upperBound
            while end < rest.endIndex, rest[end].isLetter || rest[end].isNumber || rest[end] == "-" || rest[end] == "_" {
                end = rest.index(after: end)
            }
            let tokenLength = rest.distance(from: range.upperBound, to: end)
            if tokenLength >= 8 {
                result += rest[range] == "Bearer " ? "Bearer <redacted>" : "sk-<redacted>"
            } else {
                result += rest[range.lowerBound..<end]
            }
            rest = rest[end...]
        }
        return result + rest
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import Foundation
