public import Foundation
public import ParleyConfig
public import ParleyUI

/// `parley config`'s bodies: where the configuration is, what it amounts to, whether it is valid,
/// written to `output`. `flag` is `--config`.
public struct ConfigReport: Sendable {
    public var output: HeadlessOutput
    public var environment: [String: String]

    public init(output: HeadlessOutput = HeadlessTurn.output,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.output = output
        self.environment = environment
    }

    /// `config path`: the path on stdout, whether it exists and what chose it on stderr.
    public func path(flag: String?) {
        let location = ConfigLocator(environment: environment).locate(flag: flag)
        output.out(location.path + "\n")
        let state = location.exists ? "exists" : "does not exist — Parley runs on the built-in demo gateway; `parley setup` writes one"
        output.err("(\(state); chosen by \(location.source.rawValue))\n")
    }

    /// `config show`: the effective configuration as TOML, defaults included, keys never shown.
    public func show(flag: String?) throws {
        let locator = ConfigLocator(environment: environment)
        let loaded = try Self.load(locator, flag: flag)
        if loaded == nil {
            output.out("# No configuration file at \(locator.locate(flag: flag).displayPath):\n"
                        + "# Parley runs on the built-in demo gateway. These are the defaults.\n")
        }
        output.out((loaded ?? ParleyConfiguration()).renderTOML(environment: locator.environment))
    }

    /// `config check`: every problem, one per line, and exit 2; or that it is valid.
    public func check(flag: String?) throws {
        let locator = ConfigLocator(environment: environment)
        let location = locator.locate(flag: flag)
        let loaded: ParleyConfiguration?
        do {
            loaded = try locator.load(flag: flag)
        } catch let error as ConfigError {
            // Every problem of the file, one per line, so they can all be fixed in one go.
            let lines = error.allProblems.map { "parley: \($0)\n" }.joined()
            output.err(lines)
            let count = error.allProblems.count
            throw CommandFailure(status: ExitStatus.usage,
                                 message: count > 1 ? "\(count) problems in \(location.displayPath)" : "")
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
        }
        guard let configuration = loaded else {
            output.out("No configuration file at \(location.displayPath): nothing to check "
                        + "(Parley runs on the built-in demo gateway).\n")
            return
        }
        do {
            _ = try ThemeLoader(configDirectory: location.directory).load(named: configuration.theme, configFile: location.path)
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
        }
        let count = configuration.providers.count
        output.out("✓ \(location.displayPath) is valid (\(count) provider\(count == 1 ? "" : "s"))\n")
        // Keys are not part of the file, so a missing one is a warning here, not a failure:
        // the shell that runs `check` need not be the one that runs Parley.
        for provider in configuration.providers {
            if case .environment(let variable, _) = provider.keySource, (locator.environment[variable] ?? "").isEmpty {
                output.out("  ! provider '\(provider.name)': environment variable \(variable) is not set in this shell\n")
            }
        }
    }

    /// The configuration, nil when there is no file; a config error exits with status 2.
    public static func load(_ locator: ConfigLocator, flag: String?) throws -> ParleyConfiguration? {
        do {
            return try locator.load(flag: flag)
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
        }
    }
}
