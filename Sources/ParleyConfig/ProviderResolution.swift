import Foundation
public import ParleyGateway

extension ParleyConfiguration {
    /// Every configured provider with its key read from the environment or its key command.
    /// Throws `ProviderKeyError` for the first provider whose key cannot be had; the error names
    /// the provider and the variable or command, never a key.
    public func providers(environment: [String: String]) throws -> [String: Provider] {
        var result: [String: Provider] = [:]
        for settings in providers {
            result[settings.name] = try settings.resolve(environment: environment)
        }
        return result
    }
}

extension ProviderSettings {
    /// This provider with its key, ready for `GatewayClient`.
    public func resolve(environment: [String: String], keyCommandTimeout: Duration = .seconds(10)) throws -> Provider {
        let key = try readKey(environment: environment, timeout: keyCommandTimeout)
        var provider = Provider(name: name, preset: preset, baseURL: baseURL, apiKey: key, extraHeaders: headers)
        provider.effort = effort
        provider.modelEfforts = modelEfforts
        return provider
    }

    private func readKey(environment: [String: String], timeout: Duration) throws -> Secret? {
        switch keySource {
        case .none:
            return nil
        case .environment(let variable, let isPresetDefault):
            let origin = isPresetDefault
                ? "the \(preset.rawValue) preset's usual variable; set api_key_env to use another"
                : "named by api_key_env"
            guard let value = environment[variable] else {
                throw ProviderKeyError(provider: name, message: "environment variable \(variable) is not set (\(origin))")
            }
            let key = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else {
                throw ProviderKeyError(provider: name, message: "environment variable \(variable) is set but empty (\(origin))")
            }
            return Secret(key)
        case .command(let command):
            let shown = "api_key_command \(TOMLWriter.quoted(SecretHeuristics.redactingKeys(in: command)))"
            do {
                return Secret(try KeyCommandRunner.run(command, environment: environment, timeout: timeout))
            } catch {
                throw ProviderKeyError(provider: name, message: "\(shown) \(Self.explain(error))")
            }
        }
    }

    private static func explain(_ failure: KeyCommandRunner.Failure) -> String {
        switch failure {
        case .couldNotStart(let code):
            return "could not be started: \(String(cString: strerror(code)))"
        case .timedOut(let seconds):
            return "did not finish within \(TOMLWriter.number(seconds)) s (it must not wait for input)"
        case .exited(let status, let stderr):
            // Only standard error is shown: standard output is where a key would be.
            let lastLine = stderr.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            let detail = lastLine.isEmpty ? "" : ": " + SecretHeuristics.redactingKeys(in: String(lastLine.prefix(200)))
            return "failed with exit status \(status)\(detail)"
        case .killed(let signal):
            return "was killed by signal \(signal)"
        case .emptyOutput:
            return "printed nothing (it should print the key on standard output)"
        case .controlCharacters:
            return "printed a first line with control characters in it, which is not a key (its output is not shown)"
        }
    }
}
