import Foundation
import ParleyGateway

/// `parley setup`: a few questions, then a config file that passes `config check`.
///
/// It never asks for a key and never writes one: it asks for the *name* of the variable that
/// holds it, and refuses an answer that looks like a key.
public struct SetupWizard {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    let io: any SetupIO
    let path: String
    let environment: [String: String]
    let force: Bool
    let scan: FirstRunScan

    /// `scan` is shown first and decides the defaults offered; pass `FirstRunScan()` to skip it.
    public init(io: any SetupIO, path: String, environment: [String: String], force: Bool, scan: FirstRunScan) {
        self.io = io
        self.path = path
        self.environment = environment
        self.force = force
        self.scan = scan
    }

    /// Runs the dialogue, writes the file and returns the configuration read back from it.
    @discardableResult
    public func run() throws -> ParleyConfiguration {
        let display = DisplayPath.abbreviate(path)
        if FileManager.default.fileExists(atPath: path) && !force {
            throw Failure(description: "\(display) already exists; run `parley setup --force` to replace it "
                          + "(the old file is kept as \(display).bak)")
        }
        io.write("Parley setup — this writes \(display)\n")
        io.write("Parley never asks for or stores API keys: you name the environment variable that holds each one.\n\n")
        for line in scan.keys.isEmpty && scan.localServers.isEmpty ? [] : scan.suggestions {
            io.write("  found: \(line)\n")
        }

        let providers = try askProviders()
        let defaultModel = try askDefaultModel(providers: providers)
        let text = Self.render(providers: providers, defaultModel: defaultModel)

        try write(text)
        do {
            let configuration = try ParleyConfiguration.load(from: path)
            io.write("\n✓ wrote \(display) — `parley config check` passes\n")
            if case .environment(let variable, _)? = providers.first(where: { !isSet($0) })?.key {
                io.write("  remember to export \(variable) before starting parley\n")
            }
            return configuration
        } catch {
            throw Failure(description: "the written file does not pass the check: \(error)")
        }
    }

    // MARK: Questions

    struct Answer {
        var name: String
        var preset: Provider.Preset
        var baseURL: String?
        var key: KeySource
        /// A cloud platform's coordinates (`resource`, `region`, `project`, `location`, `endpoint`).
        var coordinates: [(key: String, value: String)] = []
        /// `models = [...]`: deployments and ids for endpoints that list none.
        var models: [String] = []
    }

    private func askProviders() throws -> [Answer] {
        let offered = Provider.Preset.allCases.filter { $0 != .demo }.map(\.rawValue)
        let detected = scan.keys.map(\.preset.rawValue) + scan.localServers.map(\.preset.rawValue)
        let suggestion = detected.isEmpty ? "openrouter" : detected.joined(separator: ", ")
        io.write("Which providers? Separate several with commas (\(offered.joined(separator: ", "))).\n")
        let names: [String] = try ask("Providers", default: suggestion) { answer in
            let names = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                .filter { !$0.isEmpty }
            guard !names.isEmpty else { return .failure("name at least one provider") }
            for name in names where !offered.contains(name) {
                let hint = Levenshtein.nearest(to: name, among: offered).map { " — did you mean \($0)?" } ?? ""
                return .failure("unknown provider \"\(name)\"\(hint)")
            }
            var unique: [String] = []
            for name in names where !unique.contains(name) { unique.append(name) }
            return .success(unique)
        }
        return try names.map { try askDetails(preset: Provider.Preset(rawValue: $0) ?? .custom) }
    }

    private func askDetails(preset: Provider.Preset) throws -> Answer {
        var answer = Answer(name: preset.rawValue, preset: preset, baseURL: nil, key: .none)
        if preset == .custom {
            answer.name = try ask("Name for this provider (used as NAME:model)", default: "custom") { text in
                text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) && !text.isEmpty
                    ? .success(text) : .failure("use only letters, digits, '-' and '_'")
            }
        }
        let local = Provider.preset(preset).isLocal
        if preset == .custom || local || preset == .litellm {
            let url: String = try ask("Base URL for \(answer.name), ending in /v1", default: preset.defaultBaseURL) { text in
                guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
                else { return .failure("expected an http:// or https:// URL") }
                return .success(text)
            }
            answer.baseURL = url == preset.defaultBaseURL ? nil : url
        }
        if local { return answer }
        try askPlatformDetails(&answer)

        let defaultVariable = preset.defaultKeyVariable ?? "\(answer.name.uppercased().replacingOccurrences(of: "-", with: "_"))_API_KEY"
        io.write("Where is the \(answer.name) key? Give the NAME of an environment variable (Parley reads it at start),\n"
                 + "or `command: pass show \(answer.name)` to run a command that prints it"
                 + ", or `none` if it needs no key.\n")
        let suggested = Self.suggestedKeyCommand(preset).map { "command: \($0)" } ?? defaultVariable
        answer.key = try ask("Key variable for \(answer.name)", default: suggested) { text in
            // `none` is an answer, not a variable name: nothing is written and nothing to export.
            if text.lowercased() == "none" { return .success(KeySource.none) }
            if text.lowercased().hasPrefix("command:") {
                let command = text.dropFirst("command:".count).trimmingCharacters(in: .whitespaces)
                if command.isEmpty { return .failure("give the command after `command:`") }
                if SecretHeuristics.looksLikeKey(command) || command.split(separator: " ").contains(where: { SecretHeuristics.looksLikeKey(String($0)) }) {
                    return .failure("that command contains what looks like an API key; the command must fetch the key, not contain it")
                }
                return .success(.command(command))
            }
            if SecretHeuristics.looksLikeKey(text) {
                return .failure("that looks like an API key itself. Parley never stores keys: enter the NAME of the "
                                + "variable that holds it (e.g. \(defaultVariable)) and export the key in your shell")
            }
            guard ConfigReader.isVariableName(text) else {
                return .failure("expected a variable name made of letters, digits and '_' (e.g. \(defaultVariable))")
            }
            return .success(.environment(variable: text, isPresetDefault: false))
        }
        if case .environment(let variable, _) = answer.key {
            io.write(isSet(answer) ? "  \(variable) is set.\n" : "  \(variable) is not set in this shell yet.\n")
        }
        return answer
    }

    private func askDefaultModel(providers: [Answer]) throws -> ModelRef? {
        let names = providers.map(\.name)
        let suggestion = scan.suggestedDefaultModel.flatMap { model in
            names.contains(String(model.prefix(while: { $0 != ":" }))) ? model : nil
        } ?? providers.lazy.compactMap { answer in (answer.models.first ?? answer.preset.exampleModel).map { "\(answer.name):\($0)" } }.first
        io.write("Default model, as provider:model (e.g. \(suggestion ?? "\(names[0]):MODEL-ID")); Enter for none.\n")
        return try ask("Default model", default: suggestion, allowEmpty: true) { text -> Step<ModelRef?> in
            if text.isEmpty { return .success(nil) }
            let prefix = String(text.prefix(while: { $0 != ":" }))
            if text.contains(":") && names.contains(prefix) {
                let ref = ModelRef.parse(text, knownProviders: Set(names), defaultProvider: prefix)
                return ref.model.isEmpty ? .failure("give a model id after \"\(prefix):\"") : .success(ref)
            }
            if names.count == 1 { return .success(ModelRef(provider: names[0], model: text)) }
            return .failure("start with one of the providers: \(names.map { "\($0):" }.joined(separator: ", "))")
        }
    }

    enum Step<Value> {
        case success(Value)
        case failure(String)
    }

    /// Asks until `validate` accepts the answer; an empty answer takes `default`. At the end of
    /// the input the default is used if there is one, since a script may answer only some questions.
    func ask<Value>(_ question: String, default defaultAnswer: String?, allowEmpty: Bool = false,
                            validate: (String) -> Step<Value>) throws -> Value {
        for _ in 0..<5 {
            io.write(defaultAnswer.map { "\(question) [\($0)]: " } ?? "\(question): ")
            let line = io.readLine()
            if line == nil { io.write("\n") }
            var answer = (line ?? "").trimmingCharacters(in: .whitespaces)
            if answer.isEmpty, let defaultAnswer { answer = defaultAnswer }
            if answer.isEmpty && !allowEmpty {
                if line == nil { throw Failure(description: "input ended before \"\(question)\" was answered") }
                io.write("  an answer is needed\n")
                continue
            }
            switch validate(answer) {
            case .success(let value):
                return value
            case .failure(let problem):
                io.write("  ✗ \(problem)\n")
                if line == nil { throw Failure(description: "input ended without a valid answer to \"\(question)\"") }
            }
        }
        throw Failure(description: "no valid answer to \"\(question)\" after 5 tries")
    }

    private func isSet(_ answer: Answer) -> Bool {
        guard case .environment(let variable, _) = answer.key else { return true }
        return !(environment[variable] ?? "").isEmpty
    }

    // MARK: Output

    static func render(providers: [Answer], defaultModel: ModelRef?) -> String {
        var lines = ["# Parley configuration, written by `parley setup`.",
                     "# Every key and its default: docs/configuration.md. Check with `parley config check`.",
                     "# API keys are never stored here: each provider names the variable or command that holds its key.",
                     ""]
        if let defaultModel {
            lines.append("default_model = \(TOMLWriter.quoted(defaultModel.description))")
            lines.append("favorites = \(TOMLWriter.array([defaultModel.description]))")
        } else {
            lines.append("# default_model = \"provider:model\"")
        }
        for provider in providers {
            lines.append("")
            lines.append("[providers.\(TOMLWriter.key(provider.name))]")
            lines.append("preset = \(TOMLWriter.quoted(provider.preset.rawValue))")
            if let url = provider.baseURL { lines.append("base_url = \(TOMLWriter.quoted(url))") }
            for (key, value) in provider.coordinates { lines.append("\(key) = \(TOMLWriter.quoted(value))") }
            if !provider.models.isEmpty { lines.append("models = \(TOMLWriter.array(provider.models))") }
            switch provider.key {
            case .none: break
            case .environment(let variable, _): lines.append("api_key_env = \(TOMLWriter.quoted(variable))")
            case .command(let command): lines.append("api_key_command = \(TOMLWriter.quoted(command))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func write(_ text: String) throws {
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            if manager.fileExists(atPath: path) {
                let backup = path + ".bak"
                try? manager.removeItem(atPath: backup)
                try manager.moveItem(atPath: path, toPath: backup)
            }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw Failure(description: "could not write \(DisplayPath.abbreviate(path)): \(error.localizedDescription)")
        }
    }
}
