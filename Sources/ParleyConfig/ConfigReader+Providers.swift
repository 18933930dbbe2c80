import Foundation
import ParleyGateway

// The `[providers.NAME]` tables: presets, coordinates, keys and headers.
extension ConfigReader {
    /// The providers that read cleanly, and the names of those that did not (their problems
    /// go to `problems`).
    func readProviders(_ value: TOMLNode?, problems: inout [ConfigError]) -> ([ProviderSettings], [String]) {
        guard let value else { return ([], []) }
        let providers: [String: TOMLNode]
        do {
            providers = try table(value, at: ["providers"], expected: "a table per provider ([providers.NAME])")
        } catch {
            problems.append(problem(error))
            return ([], [])
        }
        // TOMLKit's tables are sorted by key; the file's order is the one users expect back.
        let ordered = providers.sorted { lhs, rhs in
            (index.line(of: ["providers", lhs.key]) ?? 0, lhs.key) < (index.line(of: ["providers", rhs.key]) ?? 0, rhs.key)
        }
        var settings: [ProviderSettings] = []
        var broken: [String] = []
        for (name, body) in ordered {
            do {
                settings.append(try readProvider(name: name, body))
            } catch {
                problems.append(problem(error))
                broken.append(name)
            }
        }
        return (settings, broken)
    }

    func readProvider(name: String, _ value: TOMLNode) throws -> ProviderSettings {
        let path = ["providers", name]
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw error(at: path, "a provider name may hold only letters, digits, '-' and '_' "
                + "(it is the prefix of model references, as in \"NAME:model\")")
        }
        let body = try table(value, at: path, expected: "a table ([providers.\(name)])")
        try rejectUnknownKeys(in: body, at: path, valid: Self.providerKeys)

        var preset = Provider.Preset.custom
        if let presetValue = body["preset"] {
            guard case .string(let text) = presetValue else {
                throw error(at: path + ["preset"], "expected a preset name (\(Self.presetList)), found \(presetValue.foundDescription)")
            }
            guard let known = Provider.Preset(rawValue: text) else {
                let hint = Levenshtein.nearest(to: text, among: Provider.Preset.allCases.map(\.rawValue))
                    .map { " — did you mean \"\($0)\"?" } ?? ""
                throw error(at: path + ["preset"], "unknown preset \(TOMLWriter.quoted(text))\(hint) (known presets: \(Self.presetList))")
            }
            preset = known
        }

        let coordinates = try readCoordinates(body, at: path, preset: preset)
        var explicit = false
        var baseURL: String?
        switch PlatformCoordinates.baseURL(preset: preset, values: coordinates) {
        case .success(let derived): baseURL = derived
        case .failure(let missing) where body["base_url"] == nil:
            // `base_url` always wins over what a preset derives, so a coordinate is only missing without one.
            throw error(at: path, "provider '\(name)' has preset \"\(preset.rawValue)\", which needs \(missing.key) "
                + "(like \(missing.key) = \(missing.example)) to build its URL, or a base_url")
        case .failure: baseURL = nil
        }
        if let urlValue = body["base_url"] {
            guard case .string(let text) = urlValue else {
                throw error(at: path + ["base_url"], "expected an http:// or https:// URL (like \"http://127.0.0.1:8080/v1\"), found \(urlValue.foundDescription)")
            }
            // Credentials first: the URL problem below quotes the URL.
            try rejectCredentials(inBaseURL: text, at: path + ["base_url"])
            if let problem = EndpointURL.problem(in: text) {
                throw error(at: path + ["base_url"], "\(problem), found \(urlValue.foundDescription)")
            }
            baseURL = text
            explicit = true
        }
        guard let baseURL else {
            let suggestion = Provider.Preset(rawValue: name).flatMap { $0.defaultBaseURL == nil ? nil : $0 }
                .map { "add preset = \"\($0.rawValue)\", or base_url = \"https://…/v1\"" }
                ?? "add base_url = \"https://…/v1\", or preset = \"…\" for a known service (\(Self.presetList))"
            let what = body["preset"] == nil ? "has no base_url and no preset" : "has preset \"\(preset.rawValue)\", which needs a base_url"
            throw error(at: path, "provider '\(name)' \(what): \(suggestion)")
        }

        let keySource = try readKeySource(body, at: path, preset: preset)
        let effort = try body["effort"].map { try self.effort($0, at: path + ["effort"]) }

        var headers: [String: String] = [:]
        if let headerValue = body["headers"] {
            let table = try table(headerValue, at: path + ["headers"], expected: "a table of header names and values")
            for (header, value) in ordered(table, at: path + ["headers"]) {
                if Self.credentialHeaders.contains(header.lowercased()) {
                    throw error(at: path + ["headers", header],
                                "credentials are not read from the config file; the key from api_key_env or "
                                + "api_key_command is sent as \"Authorization: Bearer …\"")
                }
                guard case .string(let text) = value else {
                    throw error(at: path + ["headers", header], "expected a header value as a string, found \(value.foundDescription)")
                }
                headers[header] = text
            }
        }

        var models: [String]?
        if let modelValue = body["models"] {
            models = try strings(modelValue, at: path + ["models"], expected: "an array of model ids")
        }
        var settings = ProviderSettings(name: name, preset: preset, baseURL: baseURL, baseURLIsExplicit: explicit,
                                        keySource: keySource, headers: headers, allowedModels: models,
                                        coordinates: coordinates)
        settings.effort = effort
        return settings
    }

    func readKeySource(_ body: [String: TOMLNode], at path: [String], preset: Provider.Preset) throws -> KeySource {
        switch (body["api_key_env"], body["api_key_command"]) {
        case (.some, .some):
            throw error(at: path + ["api_key_command"], "set either api_key_env or api_key_command, not both")
        case (.some(let value), nil):
            let example = preset.defaultKeyVariable ?? "MY_API_KEY"
            guard case .string(let variable) = value, Self.isVariableName(variable) else {
                var found = value.foundDescription
                if case .string(let text) = value, SecretHeuristics.looksLikeKey(text) {
                    found += " — put the key itself in that variable, never in the file"
                }
                throw error(at: path + ["api_key_env"], "expected the name of an environment variable (like \(example)), found \(found)")
            }
            return .environment(variable: variable, isPresetDefault: false)
        case (nil, .some(let value)):
            guard case .string(let command) = value, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw error(at: path + ["api_key_command"], "expected a shell command that prints the key (like \"pass show \(path.last ?? "NAME")\"), found \(value.foundDescription)")
            }
            return .command(command)
        case (nil, nil):
            return preset.defaultKeyVariable.map { .environment(variable: $0, isPresetDefault: true) } ?? .none
        }
    }

    static func isVariableName(_ text: String) -> Bool {
        guard let first = text.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) } && !SecretHeuristics.looksLikeKey(text)
    }

    static var presetList: String { Provider.Preset.allCases.map(\.rawValue).joined(separator: ", ") }
}
