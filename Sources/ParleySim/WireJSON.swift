import Foundation

/// A JSON value that keeps its keys in the order they were written.
///
/// The simulator writes its own JSON instead of using `JSONEncoder` so that the bytes on the wire
/// read like a real server's (`id`, `object`, `created`, `model`, `choices` in that order) and so
/// that `null` fields (`"finish_reason":null`, `"logprobs":null`) appear exactly where real servers
/// put them — `JSONEncoder` drops `nil` optionals.
indirect enum WireJSON: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number already rendered as JSON text (used for `Decimal` prices and costs).
    case number(String)
    case string(String)
    case array([WireJSON])
    case object([(String, WireJSON)])

    static func decimal(_ value: Decimal) -> WireJSON { .number("\(value)") }

    /// Compact JSON text, no spaces, like OpenAI's servers write it.
    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let text): out += text
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    /// Escapes what RFC 8259 requires. C0 controls (ESC included) become `\u00XX`; C1 controls
    /// such as U+009B are legal raw in JSON and are left raw, as real servers leave them.
    private static func writeString(_ value: String, into out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension WireJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Optional where Wrapped == String {
    /// `"stop"` or `null`.
    var json: WireJSON { map(WireJSON.string) ?? .null }
}
