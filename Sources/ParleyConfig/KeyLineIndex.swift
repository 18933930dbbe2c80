import Foundation

/// Finds the line on which each key of a TOML document is written.
///
/// TOMLKit reports positions for syntax errors only, not for keys, yet every configuration error
/// should name its line. This scanner reads the same (already syntactically valid) text and
/// follows what matters for that: `[table]` and `[[array]]` headers, `key = value` lines with
/// dotted and quoted keys, and multi-line strings and arrays, whose contents must not be
/// mistaken for keys.
struct KeyLineIndex: Sendable {
    private var lines: [[String]: Int] = [:]

    init(source: String) {
        var table: [String] = []
        var openBrackets = 0          // inside a value that spans lines: `[`/`{` not yet closed
        var multilineDelimiter: String?  // inside `"""` or `'''`
        var number = 0
        for rawLine in source.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }

            if let delimiter = multilineDelimiter {
                guard let end = line.range(of: delimiter) else { continue }
                multilineDelimiter = nil
                line = line[end.upperBound...]
                (openBrackets, multilineDelimiter) = Self.scanValue(line, depth: openBrackets)
                continue
            }
            if openBrackets > 0 {
                (openBrackets, multilineDelimiter) = Self.scanValue(line, depth: openBrackets)
                continue
            }

            let text = line.drop(while: { $0 == " " || $0 == "\t" })
            if text.isEmpty || text.hasPrefix("#") { continue }

            if text.hasPrefix("[") {
                let isArrayOfTables = text.hasPrefix("[[")
                let (path, _) = Self.parseKeyPath(text.dropFirst(isArrayOfTables ? 2 : 1))
                table = path
                record(path, line: number)
                continue
            }

            let (keyPath, rest) = Self.parseKeyPath(text)
            guard !keyPath.isEmpty else { continue }
            record(table + keyPath, line: number)
            var value = rest.drop(while: { $0 == " " || $0 == "\t" })
            if value.hasPrefix("=") { value = value.dropFirst() }
            (openBrackets, multilineDelimiter) = Self.scanValue(value, depth: 0)
        }
    }

    /// The line of `path`, or of its nearest ancestor written in the file (inline tables and
    /// array elements are reported at the line of the key that holds them).
    func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }

    /// First appearance wins: that is where a table or key is introduced.
    private mutating func record(_ path: [String], line: Int) {
        for end in 1...max(1, path.count) where end <= path.count {
            let prefix = Array(path[..<end])
            if lines[prefix] == nil { lines[prefix] = line }
        }
    }

    /// Reads `a.b."c d".'e'` up to `=` or `]`; returns the parts and what follows.
    static func parseKeyPath(_ text: Substring) -> ([String], Substring) {
        var parts: [String] = []
        var rest = text
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard let first = rest.first else { return (parts, rest) }
            if first == "\"" || first == "'" {
                var part = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == first { closed = true; break }
                    if first == "\"" && character == "\\" {
                        index = rest.index(after: index)
                        guard index < rest.endIndex else { break }
                        part.append(Self.unescape(rest[index]))
                    } else {
                        part.append(character)
                    }
                    index = rest.index(after: index)
                }
                guard closed else { return (parts, rest) }
                parts.append(part)
                rest = rest[rest.index(after: index)...]
            } else {
                let bare = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" })
                guard !bare.isEmpty else { return (parts, rest) }
                parts.append(String(bare))
                rest = rest[bare.endIndex...]
            }
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            guard rest.first == "." else { return (parts, rest) }
            rest = rest.dropFirst()
        }
    }

    private static func unescape(_ character: Character) -> Character {
        switch character {
        case "n": return "\n"
        case "t": return "\t"
        default: return character
        }
    }

    /// Follows brackets and strings through one line of a value; returns the bracket depth
    /// still open at its end and the multi-line string delimiter still open, if any.
    static func scanValue(_ text: Substring, depth: Int) -> (Int, String?) {
        var depth = depth
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("\"\"\"") || rest.hasPrefix("'''") {
                let delimiter = String(rest.prefix(3))
                let after = rest.dropFirst(3)
                guard let end = after.range(of: delimiter) else { return (depth, delimiter) }
                index = end.upperBound
                continue
            }
            let character = text[index]
            switch character {
            case "#":
                return (depth, nil)
            case "\"", "'":
                // A one-line string: skip to its closing quote, honouring escapes in "…".
                var cursor = text.index(after: index)
                while cursor < text.endIndex && text[cursor] != character {
                    if character == "\"" && text[cursor] == "\\" { cursor = text.index(after: cursor) }
                    if cursor < text.endIndex { cursor = text.index(after: cursor) }
                }
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
                continue
            case "[", "{":
                depth += 1
            case "]", "}":
                depth = max(0, depth - 1)
            default:
                break
            }
            index = text.index(after: index)
        }
        return (depth, nil)
    }
}
