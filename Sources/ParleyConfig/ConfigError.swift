/// A configuration problem, worded for the person who has to fix the file.
///
/// `description` reads `FILE:LINE: key 'KEY': what was found, what was expected`, e.g.
/// `~/.config/parley/config.toml:12: key 'timeouts.first_token': expected a number of seconds,
/// found string "fast"`. No message ever contains the value of an API key.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as shown to the user (home directory abbreviated to `~`).
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The dotted key path the problem is about (`providers.local.base_url`), when there is one.
    public var key: String?
    /// Everything after the location.
    public var message: String
    /// The other problems of the same file, in file order, when several were found: `config
    /// check` lists them all; `description` stays this one problem.
    public var moreProblems: [ConfigError] = []

    /// This problem and the others found with it.
    public var allProblems: [ConfigError] {
        var first = self
        first.moreProblems = []
        return [first] + moreProblems
    }

    public init(file: String, line: Int?, column: Int? = nil, key: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// The usual shape: `key 'KEY': PROBLEM` (or just PROBLEM when no key is involved).
    init(file: String, line: Int?, column: Int? = nil, key: String?, problem: String) {
        self.init(file: file, line: line, column: column, key: key,
                  message: key.map { "key '\($0)': \(problem)" } ?? problem)
    }

    public var location: String {
        var text = file
        if let line { text += ":\(line)" }
        if let line = line, line > 0, let column { text += ":\(column)" }
        return text
    }

    public var description: String { "\(location): \(message)" }
}

/// Problems found outside any file: resolving a key, running a key command.
public struct ProviderKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var provider: String
    public var message: String

    public init(provider: String, message: String) {
        self.provider = provider
        self.message = message
    }

    public var description: String { "provider '\(provider)': \(message)" }
}
