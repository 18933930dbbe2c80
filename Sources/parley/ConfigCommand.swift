import ArgumentParser
import Foundation
import ParleyConfig

/// `parley config path|show|check`: where the configuration is, what it amounts to, whether it is valid.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show where the configuration file is, print it with defaults, or check it.",
        subcommands: [Path.self, Show.self, Check.self]
    )

    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the path of the configuration file in use and whether it exists.",
            discussion: "The path goes to stdout (for scripts); whether it exists and what chose it, to stderr.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            let location = ConfigLocator().locate(flag: config)
            Console.out(location.path + "\n")
            let state = location.exists ? "exists" : "does not exist — Parley runs on the built-in demo gateway; `parley setup` writes one"
            Console.err("(\(state); chosen by \(location.source.rawValue))\n")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective configuration as TOML, defaults included, keys never shown.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            let locator = ConfigLocator()
            let loaded = try ConfigCommand.load(locator, flag: config)
            if loaded == nil {
                Console.out("# No configuration file at \(locator.locate(flag: config).displayPath):\n"
                            + "# Parley runs on the built-in demo gateway. These are the defaults.\n")
            }
            Console.out((loaded ?? ParleyConfiguration()).renderTOML(environment: locator.environment))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration: exit 0 when it is valid, print every problem (one per line) and exit 2 otherwise.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            let locator = ConfigLocator()
            let location = locator.locate(flag: config)
            let loaded: ParleyConfiguration?
            do {
                loaded = try locator.load(flag: config)
            } catch let error as ConfigError {
                // Every problem of the file, one per line, so they can all be fixed in one go.
                let lines = error.allProblems.map { "parley: \($0)\n" }.joined()
                Console.err(lines)
                let count = error.allProblems.count
                throw CommandFailure(status: ExitStatus.usage,
                                     message: count > 1 ? "\(count) problems in \(location.displayPath)" : "")
            } catch {
                throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
            }
            guard let configuration = loaded else {
                Console.out("No configuration file at \(location.displayPath): nothing to check "
                            + "(Parley runs on the built-in demo gateway).\n")
                return
            }
            do {
                _ = try ThemeLoader(configDirectory: location.directory).load(named: configuration.theme, configFile: location.path)
            } catch {
                throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
            }
            let count = configuration.providers.count
            Console.out("✓ \(location.displayPath) is valid (\(count) provider\(count == 1 ? "" : "s"))\n")
            // Keys are not part of the file, so a missing one is a warning here, not a failure:
            // the shell that runs `check` need not be the one that runs Parley.
            for provider in configuration.providers {
                if case .environment(let variable, _) = provider.keySource, (locator.environment[variable] ?? "").isEmpty {
                    Console.out("  ! provider '\(provider.name)': environment variable \(variable) is not set in this shell\n")
                }
            }
        }
    }

    /// The configuration, nil when there is no file; a config error exits with status 2.
    static func load(_ locator: ConfigLocator, flag: String?) throws -> ParleyConfiguration? {
        do {
            return try locator.load(flag: flag)
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
        }
    }
}
