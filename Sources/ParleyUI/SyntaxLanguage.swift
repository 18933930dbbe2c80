/// The languages fenced code blocks are highlighted in, each a family of rules (how comments,
/// strings and numbers look) and a keyword table. Found from the block's info string
/// (```` ```py ````); an unknown language stays plain.
public struct SyntaxLanguage: Sendable, Hashable {
    public let name: String
    let rules: SyntaxRules
    let keywords: Set<String>

    /// The language an info string names (its first word, any case, `{.py}` as pandoc writes
    /// it), or nil when it names none Parley knows.
    /// Read from the bytes: every fence of a long answer asks, and every alias is ASCII.
    public static func named(_ info: String) -> SyntaxLanguage? {
        let bytes = info.utf8
        let space = UInt8(ascii: " ")
        func isTrimmed(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: ".") }
        let word = bytes.drop { $0 == space }.prefix { $0 != space }
        let name = word.drop(while: isTrimmed).reversed().drop(while: isTrimmed)
        guard !name.isEmpty, name.count <= 20 else { return nil }
        let lowered = name.reversed().map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        return byAlias[String(decoding: lowered, as: UTF8.self)]
    }

    static let swift = SyntaxLanguage(name: "swift", rules: .cLike(tripleQuotes: true), keywords: [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "consume",
        "continue", "default", "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false",
        "fileprivate", "final", "for", "func", "guard", "if", "import", "in", "indirect", "init", "inout",
        "internal", "is", "isolated", "lazy", "let", "mutating", "nil", "nonisolated", "open", "operator",
        "override", "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "some",
        "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias",
        "var", "weak", "where", "while",
    ])
    static let python = SyntaxLanguage(name: "python", rules: .pythonLike, keywords: [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
        "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "match", "case", "nonlocal", "not", "or", "pass", "raise", "return", "self", "try", "while",
        "with", "yield",
    ])
    static let javascript = SyntaxLanguage(name: "javascript", rules: .cLike(backtickStrings: true), keywords: [
        "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default",
        "delete", "do", "else", "export", "extends", "false", "finally", "for", "from", "function", "if",
        "import", "in", "instanceof", "let", "new", "null", "of", "return", "static", "super", "switch",
        "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while", "with", "yield",
    ])
    static let typescript = SyntaxLanguage(name: "typescript", rules: .cLike(backtickStrings: true),
                                           keywords: javascript.keywords.union([
        "abstract", "any", "as", "boolean", "declare", "enum", "implements", "interface", "keyof", "namespace",
        "never", "number", "private", "protected", "public", "readonly", "string", "type", "unknown",
    ]))
    static let go = SyntaxLanguage(name: "go", rules: .cLike(backtickStrings: true), keywords: [
        "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "false", "for",
        "func", "go", "goto", "if", "import", "interface", "iota", "map", "nil", "package", "range", "return",
        "select", "struct", "switch", "true", "type", "var",
    ])
    static let rust = SyntaxLanguage(name: "rust", rules: .cLike(singleQuotes: false), keywords: [
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false",
        "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
        "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
    ])
    static let c = SyntaxLanguage(name: "c", rules: .cLike(), keywords: [
        "auto", "bool", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
        "extern", "false", "float", "for", "goto", "if", "inline", "int", "long", "NULL", "register", "return",
        "short", "signed", "sizeof", "static", "struct", "switch", "true", "typedef", "union", "unsigned",
        "void", "volatile", "while",
        // The preprocessor's words, after the `#`.
        "include", "define", "ifdef", "ifndef", "endif", "pragma",
    ])
    static let cpp = SyntaxLanguage(name: "c++", rules: .cLike(), keywords: c.keywords.union([
        "auto", "catch", "class", "constexpr", "decltype", "delete", "explicit", "friend", "mutable",
        "namespace", "new", "noexcept", "nullptr", "operator", "override", "private", "protected", "public",
        "template", "this", "throw", "try", "typename", "using", "virtual",
    ]))
    static let shell = SyntaxLanguage(name: "shell", rules: .shellLike, keywords: [
        "case", "do", "done", "elif", "else", "esac", "export", "fi", "for", "function", "if", "in", "local",
        "readonly", "return", "select", "then", "until", "while", "echo", "cd", "exit", "set", "unset", "source",
    ])
    static let json = SyntaxLanguage(name: "json", rules: .jsonLike, keywords: ["true", "false", "null"])
    static let yaml = SyntaxLanguage(name: "yaml", rules: .yamlLike, keywords: [
        "true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null", "Yes", "No", "~",
    ])
    /// SQL's keywords are matched in any case (the table holds them lowercased).
    static let sql = SyntaxLanguage(name: "sql", rules: .sqlLike, keywords: [
        "add", "all", "alter", "and", "as", "asc", "begin", "between", "by", "case", "check", "column", "commit",
        "constraint", "create", "cross", "default", "delete", "desc", "distinct", "drop", "else", "end",
        "exists", "false", "foreign", "from", "full", "group", "having", "if", "in", "index", "inner", "insert",
        "into", "is", "join", "key", "left", "like", "limit", "not", "null", "offset", "on", "or", "order",
        "outer", "primary", "references", "returning", "right", "rollback", "select", "set", "table", "then",
        "transaction", "trigger", "true", "union", "unique", "update", "using", "values", "view", "when",
        "where", "with", "integer", "text", "real", "varchar", "boolean",
    ])

    private static let byAlias: [String: SyntaxLanguage] = {
        var table: [String: SyntaxLanguage] = [:]
        let aliases: [(SyntaxLanguage, [String])] = [
            (swift, ["swift"]),
            (python, ["python", "py", "python3", "py3", "pyi"]),
            (javascript, ["javascript", "js", "jsx", "mjs", "cjs", "node"]),
            (typescript, ["typescript", "ts", "tsx", "mts"]),
            (go, ["go", "golang"]),
            (rust, ["rust", "rs"]),
            (c, ["c", "h"]),
            (cpp, ["c++", "cpp", "cc", "cxx", "hpp", "hh", "objc", "objective-c"]),
            (shell, ["sh", "bash", "zsh", "shell", "ksh", "fish", "console", "shellsession"]),
            (json, ["json", "jsonc", "json5", "geojson"]),
            (yaml, ["yaml", "yml"]),
            (sql, ["sql", "sqlite", "mysql", "postgresql", "postgres", "psql", "plpgsql", "tsql"]),
        ]
        for (language, names) in aliases { for name in names { table[name] = language } }
        return table
    }()

    public static func == (a: SyntaxLanguage, b: SyntaxLanguage) -> Bool { a.name == b.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}

/// How one family of languages writes comments, strings and numbers (the bytes are ASCII).
struct SyntaxRules: Sendable {
    /// Markers that comment out the rest of the line: `//`, `#`, `--`.
    var lineComments: [[UInt8]]
    /// A `#` comment only where a word starts (after a space or at the line start), as the
    /// shell and YAML read it: `a#b` and `$#` are not comments.
    var hashNeedsSpaceBefore = false
    /// `/* … */`, which may span lines.
    var blockComment: (open: [UInt8], close: [UInt8])?
    /// Quote bytes opening strings that end at the line's end when unclosed.
    var quotes: [UInt8]
    /// Quote bytes opening strings that go on over lines (JavaScript's and Go's backticks).
    var multiLineQuotes: [UInt8] = []
    /// `"""` (and `'''` when `'` is a quote) opens a string that goes on over lines.
    var tripleQuotes = false
    /// Whether a backslash escapes the next byte in a string.
    var backslashEscapes = true
    /// Keywords in any case (SQL).
    var caseInsensitiveKeywords = false
    /// YAML: a bare word before `key:` is a key, drawn as a keyword.
    var keysBeforeColon = false

    /// `singleQuotes: false` for Rust, whose `'a` is a lifetime, not a string.
    static func cLike(tripleQuotes: Bool = false, backtickStrings: Bool = false, singleQuotes: Bool = true) -> SyntaxRules {
        SyntaxRules(lineComments: [Array("//".utf8)], blockComment: (Array("/*".utf8), Array("*/".utf8)),
                    quotes: singleQuotes ? [UInt8(ascii: "\""), UInt8(ascii: "'")] : [UInt8(ascii: "\"")],
                    multiLineQuotes: backtickStrings ? [UInt8(ascii: "`")] : [], tripleQuotes: tripleQuotes)
    }

    static let pythonLike = SyntaxRules(lineComments: [[UInt8(ascii: "#")]],
                                        quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")], tripleQuotes: true)
    static let shellLike = SyntaxRules(lineComments: [[UInt8(ascii: "#")]], hashNeedsSpaceBefore: true,
                                       quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")])
    static let jsonLike = SyntaxRules(lineComments: [Array("//".utf8)],
                                      blockComment: (Array("/*".utf8), Array("*/".utf8)),
                                      quotes: [UInt8(ascii: "\"")])
    static let yamlLike = SyntaxRules(lineComments: [[UInt8(ascii: "#")]], hashNeedsSpaceBefore: true,
                                      quotes: [UInt8(ascii: "\""), UInt8(ascii: "'")], backslashEscapes: true,
                                      keysBeforeColon: true)
    static let sqlLike = SyntaxRules(lineComments: [Array("--".utf8)],
                                     blockComment: (Array("/*".utf8), Array("*/".utf8)),
                                     quotes: [UInt8(ascii: "'"), UInt8(ascii: "\"")], backslashEscapes: false,
                                     caseInsensitiveKeywords: true)
}
