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
    /// This provider with its key, ready for `GatewayClient`; the key command runs now.
    public func resolve(environment: [String: String], keyCommandTimeout: Duration = .seconds(10)) throws -> Provider {
        let key = try readKey(environment: environment, timeout: keyCommandTimeout)
        return withEfforts(Provider(name: name, preset: preset, baseURL: baseURL, apiKey: key, extraHeaders: headers,
                                    configuredModels: allowedModels ?? []))
    }

    /// The config's reasoning efforts on `provider`.
    private func withEfforts(_ provider: Provider) -> Provider {
        var provider = provider
        provider.effort = effort
        provider.modelEfforts = modelEfforts
        provider.modelParameters = modelParameters
        return provider
    }

    /// This provider with a key command that runs only when a request first needs the key (and
    /// again after a 401), so a slow or hanging command of an unused provider costs nothing.
    /// A key from the environment is read now: that is instant and its absence is worth knowing.
    public func resolveLazily(environment: [String: String], keyCommandTimeout: Duration = .seconds(10)) throws -> Provider {
        guard case .command = keySource else { return try resolve(environment: environment, keyCommandTimeout: keyCommandTimeout) }
        let settings = self
        let lazy = LazyKey {
            try await withCheckedThrowingContinuation { continuation in
                // The command blocks while it runs: keep it off the cooperative thread pool.
                DispatchQueue.global().async {
                    do {
                        continuation.resume(returning: try settings.readKey(environment: environment, timeout: keyCommandTimeout)
                            ?? Secret(""))
                    } catch let error as ProviderKeyError {
                        continuation.resume(throwing: GatewayError.credentials(message: error.description))
                    } catch {
                        continuation.resume(throwing: GatewayError.credentials(message: "provider \(settings.name): the key could not be read"))
                    }
                }
            }
        }
        return withEfforts(Provider(name: name, preset: preset, baseURL: baseURL, extraHeaders: headers, lazyKey: lazy,
                                    configuredModels: allowedModels ?? []))
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
