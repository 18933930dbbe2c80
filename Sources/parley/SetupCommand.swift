import ArgumentParser
import Foundation
import ParleyApp
import ParleyConfig

/// `parley setup`: a short dialogue that writes a valid configuration file.
struct SetupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Write a configuration file by answering a few questions.",
        discussion: """
            Asks which providers to use, which environment variable holds each key (never the key \
            itself), and the default model; then writes the file and checks it. Answers can be piped \
            in, one per line; an empty line takes the offered default.
            """
    ).parsedAlone()

    @Option(name: .long, help: ArgumentHelp("Write this file instead of the usual one.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Replace an existing configuration file (the old one is kept as .bak).")
    var force = false

    @Flag(name: .customLong("no-scan"), help: "Do not look for API key variables and local servers first.")
    var noScan = false

    func run() async throws {
        let locator = ConfigLocator()
        let location = locator.locate(flag: config)
        let scan = noScan ? FirstRunScan() : await FirstRunScan.run(environment: locator.environment)
        let wizard = SetupWizard(io: FileDescriptorIO(), path: location.path, environment: locator.environment,
                                 force: force, scan: scan)
        do {
            try wizard.run()
        } catch {
            throw CommandFailure(status: ExitStatus.usage, message: "\(error)")
        }
    }
}
