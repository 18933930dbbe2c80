import ArgumentParser
import ParleyApp

/// `parley doctor`: is every configured provider reachable, is its key accepted, how many models
/// does it list and how fast.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every configured provider: reachable, key accepted, models listed, latency.",
        discussion: "Exit status: 0 all good, 1 a provider failed, 2 the configuration is invalid."
    ).parsedAlone()

    @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each provider.", valueName: "seconds"))
    var timeout: Double = 10

    @Flag(name: .long, help: "One JSON object per provider instead of lines.")
    var json = false

    func run() async throws {
        try await DoctorReport().check(flag: config, timeout: timeout, json: json)
    }
}
