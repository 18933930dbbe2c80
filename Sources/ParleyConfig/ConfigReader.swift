import Foundation
import ParleyGateway

extension ParleyConfiguration {
    /// Reads and validates the config file at `path`.
    ///
    /// Throws `ConfigError` when the file cannot be read or says something wrong. A file that
    /// does not exist is an error here too; use `ConfigLocator` to treat "no file" as "no
    /// configuration".
    public static func load(from path: String) throws -> ParleyConfiguration {
        let display = DisplayPath.abbreviate(path)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigError(file: display, line: nil, key: nil,
                              problem: exists ? "cannot read the file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: display, line: nil, key: nil, problem: "the file is not UTF-8 text")
        }
        var configuration = try parse(text, file: display)
        configuration.sourcePath = path
        return configuration
    }

    /// Validates configuration text; `file` is the name used in error messages.
    public static func parse(_ text: String, file: String) throws -> ParleyConfiguration {
        let document = try TOMLNode.parseDocument(text, file: file)
        return try ConfigReader(file: file, index: KeyLineIndex(source: text)).read(document)
    }
}

/// Turns the parsed document into a `ParleyConfiguration`, one table at a time, each problem
/// reported with its line from `KeyLineIndex`.
struct ConfigReader {
    let file: String
    let index: KeyLineIndex

    static let topLevelKeys = ["providers", "default_model", "favorites", "chains", "route", "timeouts",
                               "retry", "budget", "theme", "keys", "models", "roles"]
    static let providerKeys = ["preset", "base_url", "api_key_env", "api_key_command", "headers", "models", "effort"]
        + PlatformCoordinates.keys
    static let timeoutKeys = ["connect", "first_token", "idle", "total"]
    static let retryKeys = ["max_retries", "max_retry_after", "cooldown"]
    static let budgetKeys = ["daily_usd", "conversation_usd"]
    /// Keys that would hold a credential. Refused wherever they appear, without echoing the value.
    static let literalSecretKeys: Set<String> = ["api_key", "apikey", "key", "token", "api_token", "secret",
                                                 "password", "bearer", "access_token"]
    /// Headers that carry credentials; the key is sent as `Authorization: Bearer` already.
    static let credentialHeaders: Set<String> = ["authorization", "proxy-authorization", "x-api-key", "api-key",
                                                 "x-goog-api-key"]

    /// Reads every section, collecting problems instead of stopping at the first, so `config
    /// check` can list them all: throws the first (in reading order) with the rest attached.
    func read(_ document: [String: TOMLNode]) throws -> ParleyConfiguration {
        var problems: [ConfigError] = []
        func collect(_ work: () throws -> Void) {
            do { try work() } catch { problems += problem(error).allProblems }
        }
        collect { try rejectUnknownKeys(in: document, at: [], valid: Self.topLevelKeys) }
        var configuration = ParleyConfiguration()
        configuration.writtenKeys = Set(document.keys).intersection(Self.topLevelKeys)
        let (providers, broken) = readProviders(document["providers"], problems: &problems)
        configuration.providers = providers
        // A provider with a problem of its own still counts as named, so its models are not
        // reported a second time as "unknown provider".
        let names = providers.map(\.name) + broken
        if let value = document["default_model"] {
            collect { configuration.defaultModel = try modelRef(value, at: ["default_model"], item: nil, providers: names) }
        }
        if let value = document["favorites"] {
            collect { configuration.favorites = try modelRefs(value, at: ["favorites"], providers: names) }
        }
        if let value = document["chains"] {
            collect {
                let chains = try table(value, at: ["chains"], expected: "a table of named chains (name = [\"provider:model\", …])")
                for (name, members) in ordered(chains, at: ["chains"]) {
                    collect {
                        let refs = try modelRefs(members, at: ["chains", name], providers: names)
                        if refs.isEmpty { throw error(at: ["chains", name], "expected at least one model reference, found an empty array") }
                        configuration.chains[name] = refs
                    }
                }
            }
        }
        if let value = document["route"] {
            collect { configuration.route = try route(value) }
        }
        if let value = document["timeouts"] {
            collect { configuration.timeouts = try readTimeouts(value) }
        }
        if let value = document["retry"] {
            collect { configuration.retry = try readRetry(value) }
        }
        if let value = document["budget"] {
            collect { configuration.budget = try readBudget(value) }
        }
        if let value = document["theme"] {
            collect {
                guard case .string(let name) = value, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw error(at: ["theme"], "expected a theme name (like \"dark\"), found \(value.foundDescription)")
                }
                configuration.theme = name
            }
        }
        if let value = document["keys"] {
            collect { configuration.keyBindings = try readKeys(value) }
        }
        if let value = document["models"] {
            collect { try readModelSettings(value, into: &configuration, providers: names) }
        }
        if let value = document["roles"] {
            collect { configuration.roles = try readRoles(value, providers: names, chains: configuration.chains) }
        }
        guard var first = problems.first else { return configuration }
        first.moreProblems = Array(problems.dropFirst())
        throw first
    }

    // MARK: Model references

    func modelRefs(_ value: TOMLNode, at path: [String], providers: [String]) throws -> [ModelRef] {
        guard case .array(let items) = value else {
            throw error(at: path, "expected an array of model references (like [\"openrouter:openai/gpt-4o\"]), found \(value.foundDescription)")
        }
        return try items.enumerated().map { offset, item in
            try modelRef(item, at: path, item: offset + 1, providers: providers)
        }
    }

    func modelRef(_ value: TOMLNode, at path: [String], item: Int?, providers: [String]) throws -> ModelRef {
        let prefix = item.map { "item \($0): " } ?? ""
        let known = providers.isEmpty ? "no providers are configured: add a [providers.NAME] table"
            : "configured providers: \(providers.joined(separator: ", "))"
        guard case .string(let text) = value else {
            throw error(at: path, "\(prefix)expected a model reference \"provider:model\", found \(value.foundDescription)")
        }
        guard let colon = text.firstIndex(of: ":") else {
            throw error(at: path, "\(prefix)expected a model reference \"provider:model\", found \(value.foundDescription) (\(known))")
        }
        let provider = String(text[..<colon])
        guard providers.contains(provider) else {
            let hint = Levenshtein.nearest(to: provider, among: providers).map { " — did you mean '\($0)'?" } ?? " (\(known))"
            throw error(at: path, "\(prefix)unknown provider '\(provider)' in \(TOMLWriter.quoted(text))\(hint)")
        }
        let ref = ModelRef.parse(text, knownProviders: Set(providers), defaultProvider: provider)
        guard !ref.model.isEmpty else {
            throw error(at: path, "\(prefix)expected a model id after '\(provider):', found \(value.foundDescription)")
        }
        return ref
    }

    // MARK: Scalars and small tables

    func route(_ value: TOMLNode) throws -> RouteStrategy {
        let names = RouteStrategy.allCases.map(\.rawValue)
        guard case .string(let text) = value else {
            throw error(at: ["route"], "expected one of \(names.joined(separator: ", ")), found \(value.foundDescription)")
        }
        guard let route = RouteStrategy(rawValue: text) else {
            let hint = Levenshtein.nearest(to: text, among: names).map { " — did you mean \"\($0)\"?" } ?? ""
            throw error(at: ["route"], "unknown route \(TOMLWriter.quoted(text))\(hint) (expected one of \(names.joined(separator: ", ")))")
        }
        return route
    }

    func readTimeouts(_ value: TOMLNode) throws -> Timeouts {
        let body = try table(value, at: ["timeouts"], expected: "a table ([timeouts])")
        try rejectUnknownKeys(in: body, at: ["timeouts"], valid: Self.timeoutKeys)
        var timeouts = Timeouts.standard
        // 0 switches a limit off, which `Timeouts` spells nil.
        func limit(_ key: String, _ current: Duration?) throws -> Duration? {
            guard let node = body[key] else { return current }
            let seconds = try self.seconds(node, at: ["timeouts", key])
            return seconds == 0 ? nil : .seconds(seconds)
        }
        // Each key on its own, so two bad limits are both reported.
        var problems: [ConfigError] = []
        func each(_ work: () throws -> Void) {
            do { try work() } catch { problems.append(problem(error)) }
        }
        each { timeouts.connect = try limit("connect", timeouts.connect) }
        each { timeouts.firstToken = try limit("first_token", timeouts.firstToken) }
        each { timeouts.idle = try limit("idle", timeouts.idle) }
        each { timeouts.total = try limit("total", timeouts.total) }
        guard var first = problems.first else { return timeouts }
        first.moreProblems = Array(problems.dropFirst())
        throw first
    }

    static let maxRetries = 100

    func readRetry(_ value: TOMLNode) throws -> RetrySettings {
        let body = try table(value, at: ["retry"], expected: "a table ([retry])")
        try rejectUnknownKeys(in: body, at: ["retry"], valid: Self.retryKeys)
        var retry = RetrySettings()
        if let node = body["max_retries"] {
            guard case .integer(let count) = node, (0...Self.maxRetries).contains(count) else {
                throw error(at: ["retry", "max_retries"], "expected a whole number of retries from 0 to \(Self.maxRetries), found \(node.foundDescription)")
            }
            retry.maxRetries = count
        }
        if let node = body["max_retry_after"] {
            retry.maxRetryAfter = .seconds(try seconds(node, at: ["retry", "max_retry_after"]))
        }
        if let node = body["cooldown"] {
            retry.cooldown = .seconds(try seconds(node, at: ["retry", "cooldown"]))
        }
        return retry
    }

    func readBudget(_ value: TOMLNode) throws -> BudgetSettings {
        let body = try table(value, at: ["budget"], expected: "a table ([budget])")
        try rejectUnknownKeys(in: body, at: ["budget"], valid: Self.budgetKeys)
        func dollars(_ key: String) throws -> Double? {
            guard let node = body[key] else { return nil }
            guard let amount = node.numberValue, amount >= 0, amount.isFinite else {
                throw error(at: ["budget", key], "expected an amount in US dollars (like 2.50), found \(node.foundDescription)")
            }
            return amount
        }
        return BudgetSettings(dailyUSD: try dollars("daily_usd"), conversationUSD: try dollars("conversation_usd"))
    }

    /// `command = "key"` or `command = ["key", "key"]`; the UI applies them over its defaults.
    func readKeys(_ value: TOMLNode) throws -> [String: [String]] {
        let body = try table(value, at: ["keys"], expected: "a table of command = \"key\" bindings")
        let unknown = body.keys.filter { !KeyBindingValidation.isCommand($0) }
        try rejectUnknownKeys(in: body.filter { unknown.contains($0.key) }, at: ["keys"],
                              valid: KeyBindingValidation.commandNames)
        var bindings: [String: [String]] = [:]
        for (command, node) in ordered(body, at: ["keys"]) {
            let expected = "expected a key like \"ctrl-k\" or a list of keys"
            let keys: [String]
            switch node {
            case .string(let key): keys = [key]
            case .array(let items):
                keys = try items.map { item in
                    guard case .string(let key) = item else {
                        throw error(at: ["keys", command], "\(expected), found \(node.foundDescription)")
                    }
                    return key
                }
            default:
                throw error(at: ["keys", command], "\(expected), found \(node.foundDescription)")
            }
            for key in keys where !KeyBindingValidation.isKey(key) {
                throw error(at: ["keys", command], "unknown key \(TOMLWriter.quoted(key)) (keys are written like \(KeyBindingValidation.examples))")
            }
            bindings[command] = keys
        }
        return bindings
    }

    func seconds(_ node: TOMLNode, at path: [String]) throws -> Double {
        guard let seconds = node.numberValue else {
            throw error(at: path, "expected a number of seconds, found \(node.foundDescription)")
        }
        guard seconds >= 0, seconds <= ConfigLimits.maxSeconds else {
            throw error(at: path, "expected a number of seconds from 0 to \(Int(ConfigLimits.maxSeconds)) (a day), found \(node.foundDescription)")
        }
        return seconds
    }

    func table(_ value: TOMLNode, at path: [String], expected: String) throws -> [String: TOMLNode] {
        guard case .table(let body) = value else {
            throw error(at: path, "expected \(expected), found \(value.foundDescription)")
        }
        return body
    }

    func strings(_ value: TOMLNode, at path: [String], expected: String) throws -> [String] {
        guard case .array(let items) = value else {
            throw error(at: path, "expected \(expected), found \(value.foundDescription)")
        }
        return try items.enumerated().map { offset, item in
            guard case .string(let text) = item else {
                throw error(at: path, "item \(offset + 1): expected a string, found \(item.foundDescription)")
            }
            return text
        }
    }

    /// Entries in the order the file writes them, so the first problem reported is the first
    /// one in the file.
    func ordered(_ body: [String: TOMLNode], at path: [String]) -> [(key: String, value: TOMLNode)] {
        body.sorted { (index.line(of: path + [$0.key]) ?? 0, $0.key) < (index.line(of: path + [$1.key]) ?? 0, $1.key) }
    }

    // MARK: Errors

    /// Unknown keys are reported in file order, with the nearest valid key when one is close.
    func rejectUnknownKeys(in body: [String: TOMLNode], at path: [String], valid: [String]) throws {
        let unknown = body.keys.filter { !valid.contains($0) }
            .sorted { (index.line(of: path + [$0]) ?? 0, $0) < (index.line(of: path + [$1]) ?? 0, $1) }
        guard let key = unknown.first else { return }
        let fullPath = path + [key]
        if Self.literalSecretKeys.contains(key.lowercased()) && (path.isEmpty || path.first == "providers") {
            throw error(at: fullPath, Self.literalSecretAdvice(provider: path.count == 2 && path[0] == "providers" ? path[1] : nil))
        }
        let shown = KeyPath.display(fullPath)
        let line = index.line(of: fullPath)
        if let suggestion = Levenshtein.nearest(to: key, among: valid) {
            throw ConfigError(file: file, line: line, key: shown,
                              message: "unknown key '\(shown)' — did you mean '\(KeyPath.display(path + [suggestion]))'?")
        }
        throw ConfigError(file: file, line: line, key: shown,
                          message: "unknown key '\(shown)' (valid keys here: \(valid.joined(separator: ", ")))")
    }

    static func literalSecretAdvice(provider: String?) -> String {
        let name = provider ?? "NAME"
        let variable = provider.flatMap { Provider.Preset(rawValue: $0)?.defaultKeyVariable } ?? "\(name.uppercased())_API_KEY"
        return "API keys are not read from the config file. Remove this line and name where the key is: "
            + "api_key_env = \"\(variable)\" (an environment variable holding it) or "
            + "api_key_command = \"pass show \(name)\" (a command that prints it)"
    }

    /// Every reader throws `ConfigError`; anything else is still reported, never dropped.
    func problem(_ error: any Error) -> ConfigError {
        (error as? ConfigError) ?? ConfigError(file: file, line: nil, key: nil, problem: "\(error)")
    }

    func error(at path: [String], _ problem: String) -> ConfigError {
        ConfigError(file: file, line: index.line(of: path), key: KeyPath.display(path), problem: problem)
    }
}

/// Dotted key paths as TOML writes them: bare where possible, quoted otherwise.
enum KeyPath {
    static func display(_ path: [String]) -> String {
        path.map { part in
            let bare = !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            return bare ? part : TOMLWriter.quoted(part)
        }.joined(separator: ".")
    }
}

enum DisplayPath {
    /// `/home/ana/.config/parley/config.toml` → `~/.config/parley/config.toml`.
    static func abbreviate(_ path: String, home: String? = getenv("HOME").map { String(cString: $0) }) -> String {
        guard let home, !home.isEmpty, home != "/" else { return path }
        let prefix = home.hasSuffix("/") ? home : home + "/"
        return path.hasPrefix(prefix) ? "~/" + path.dropFirst(prefix.count) : path
    }
}
