import ArgumentParser
import Foundation
import ParleyApp
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
            commandName: "path",
            abstract: "Print the path of the configuration file in use and whether it exists.",
            discussion: "The path goes to stdout (for scripts); whether it exists and what chose it, to stderr.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            ConfigReport().path(flag: config)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print the effective configuration as TOML, defaults included, keys never shown.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            try ConfigReport().show(flag: config)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate the configuration: exit 0 when it is valid, print every problem (one per line) and exit 2 otherwise.")

        @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
        var config: String?

        func run() throws {
            try ConfigReport().check(flag: config)
        }
    }
}
