import TOMLKit

/// A parsed TOML value as a plain Swift value.
///
/// TOMLKit hands out reference types over a C++ tree that are not `Sendable` and carry no
/// source positions; converting once right after parsing keeps the rest of the module free of
/// both problems (positions come from `KeyLineIndex` instead).
indirect enum TOMLNode: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)
    case array([TOMLNode])
    case table([String: TOMLNode])
    /// Dates and times: valid TOML, but no Parley key takes one. Holds the type's name.
    case other(String)

    /// How a value is named in "found …" messages. Strings that look like API keys are not
    /// echoed, since a key pasted into the wrong field must not end up on screen or in a log.
    var foundDescription: String {
        switch self {
        case .string(let text):
            if SecretHeuristics.looksLikeKey(text) { return "a string that looks like an API key" }
            return "string \(TOMLWriter.quoted(text))"
        case .integer(let value): return "integer \(value)"
        case .float(let value): return "number \(value)"
        case .bool(let value): return "boolean \(value)"
        case .array: return "an array"
        case .table: return "a table"
        case .other(let name): return "a \(name)"
        }
    }

    /// Seconds as a number, whether written `30` or `2.5`.
    var numberValue: Double? {
        switch self {
        case .integer(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }
}

extension TOMLNode {
    /// Parses a TOML document; syntax errors come back with the parser's line and column.
    static func parseDocument(_ text: String, file: String) throws(ConfigError) -> [String: TOMLNode] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line, column: error.source.begin.column,
                              key: nil, problem: "syntax error: \(error.description)")
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, problem: "syntax error: \(error)")
        }
        return convert(table)
    }

    private static func convert(_ table: TOMLTable) -> [String: TOMLNode] {
        var result: [String: TOMLNode] = [:]
        for (key, value) in zip(table.keys, table.values) {
            result[key] = convert(value)
        }
        return result
    }

    private static func convert(_ value: TOMLValue) -> TOMLNode {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? 0)
        case .bool: return .bool(value.bool ?? false)
        case .array: return .array((value.array ?? TOMLArray()).map { convert($0.tomlValue) })
        case .table: return .table(value.table.map(convert) ?? [:])
        case .date: return .other("date")
        case .time: return .other("time")
        case .dateTime: return .other("date-time")
        }
    }
}
