import ParleyGateway

extension ParleyConfiguration {
    /// The effective configuration as TOML, defaults included, for `parley config show`.
    ///
    /// Keys never appear: a key source is shown as the variable's name with whether it is set,
    /// or as the command (with anything key-like in it redacted), which is not run.
    public func renderTOML(environment: [String: String]) -> String {
        var lines: [String] = []
        if let sourcePath { lines.append("# Effective configuration from \(DisplayPath.abbreviate(sourcePath))") }
        lines.append("# (defaults filled in; API keys are never shown)")
        lines.append("")
        lines.append(defaultModel.map { "default_model = \(TOMLWriter.quoted($0.description))" } ?? "# default_model is not set")
        lines.append("favorites = \(TOMLWriter.array(favorites.map(\.description)))")
        lines.append("route = \(TOMLWriter.quoted(route.rawValue))")
        lines.append("theme = \(TOMLWriter.quoted(theme))")

        for provider in providers {
            lines.append("")
            lines.append("[providers.\(TOMLWriter.key(provider.name))]")
            lines.append("preset = \(TOMLWriter.quoted(provider.preset.rawValue))")
            for key in PlatformCoordinates.keys {
                if let value = provider.coordinates[key] { lines.append("\(key) = \(TOMLWriter.quoted(value))") }
            }
            let origin = provider.coordinates.isEmpty ? "preset default" : "derived by the preset"
            lines.append("base_url = \(TOMLWriter.quoted(provider.baseURL))" + (provider.baseURLIsExplicit ? "" : "  # \(origin)"))
            switch provider.keySource {
            case .none:
                lines.append("# no API key is sent")
            case .environment(let variable, let isPresetDefault):
                let state = environment[variable].map { $0.isEmpty ? "set but empty" : "set" } ?? "not set"
                lines.append("api_key_env = \(TOMLWriter.quoted(variable))  # \(state)" + (isPresetDefault ? " (preset default)" : ""))
            case .command(let command):
                lines.append("api_key_command = \(TOMLWriter.quoted(SecretHeuristics.redactingKeys(in: command)))  # run when a key is needed")
            }
            if !provider.headers.isEmpty {
                let pairs = provider.headers.sorted { $0.key < $1.key }
                    .map { "\(TOMLWriter.key($0.key)) = \(TOMLWriter.quoted(SecretHeuristics.redactingKeys(in: $0.value)))" }
                lines.append("headers = { \(pairs.joined(separator: ", ")) }")
            }
            if let models = provider.allowedModels {
                lines.append("models = \(TOMLWriter.array(models))")
            }
        }

        lines.append("")
        lines.append("[chains]")
        for name in chainNames {
            lines.append("\(TOMLWriter.key(name)) = \(TOMLWriter.array(chains[name, default: []].map(\.description)))")
        }

        lines.append("")
        lines.append("[timeouts]  # seconds; 0 = no limit")
        lines.append("connect = \(timeouts.connect.map(TOMLWriter.seconds) ?? "0")")
        lines.append("first_token = \(timeouts.firstToken.map(TOMLWriter.seconds) ?? "0")")
        lines.append("idle = \(timeouts.idle.map(TOMLWriter.seconds) ?? "0")")
        lines.append("total = \(timeouts.total.map(TOMLWriter.seconds) ?? "0")")

        lines.append("")
        lines.append("[retry]")
        lines.append("max_retries = \(retry.maxRetries)")
        lines.append("max_retry_after = \(TOMLWriter.seconds(retry.maxRetryAfter))")
        lines.append("cooldown = \(TOMLWriter.seconds(retry.cooldown))")

        lines.append("")
        lines.append("[budget]")
        lines.append(budget.dailyUSD.map { "daily_usd = \(TOMLWriter.number($0))" } ?? "# daily_usd is not set (no limit)")
        lines.append(budget.conversationUSD.map { "conversation_usd = \(TOMLWriter.number($0))" } ?? "# conversation_usd is not set (no limit)")

        lines.append("")
        lines.append("[keys]")
        for (command, keys) in keyBindings.sorted(by: { $0.key < $1.key }) {
            lines.append("\(TOMLWriter.key(command)) = " + (keys.count == 1 ? TOMLWriter.quoted(keys[0]) : TOMLWriter.array(keys)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
