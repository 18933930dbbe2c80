import ArgumentParser
import Foundation
import ParleyApp
import ParleyConfig
import ParleyGateway

/// `parley doctor`: is every configured provider reachable, is its key accepted, how many models
/// does it list and how fast.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every configured provider: reachable, key accepted, models listed, latency.",
        discussion: "Exit status: 0 all good, 1 a provider failed, 2 the configuration is invalid."
    )

    @Option(name: .long, help: ArgumentHelp("Configuration file to use instead of the usual one.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for each provider.", valueName: "seconds"))
    var timeout: Double = 10

    @Flag(name: .long, help: "One JSON object per provider instead of lines.")
    var json = false

    func run() async throws {
        let locator = ConfigLocator()
        guard let configuration = try ConfigReport.load(locator, flag: config) else {
            Console.out("No configuration file at \(locator.locate(flag: config).displayPath): nothing to check. "
                        + "Parley runs on the built-in demo gateway; `parley setup` writes a configuration.\n")
            return
        }
        if configuration.providers.isEmpty {
            Console.out("No providers are configured in \(locator.locate(flag: config).displayPath).\n")
            return
        }
        guard timeout > 0, timeout <= ConfigLimits.maxSeconds else {
            throw CommandFailure.usage("--timeout: expected a number of seconds above 0 and at most \(Int(ConfigLimits.maxSeconds))")
        }
        let reports = await Doctor.check(configuration, environment: locator.environment, timeout: .seconds(timeout))
        if json {
            for report in reports { Console.out(Self.json(report) + "\n") }
        } else {
            for line in Doctor.format(reports) { Console.out(line + "\n") }
        }
        if reports.contains(where: { !$0.passed }) {
            throw CommandFailure(status: ExitStatus.modelFailed, message: "")
        }
    }

    static func json(_ report: Doctor.Report) -> String {
        var object: [String: Any] = ["provider": report.provider, "base_url": report.baseURL, "ok": report.passed]
        switch report.outcome {
        case .passed(let count, let latency, let missing):
            object["models"] = count
            object["latency_ms"] = Int(latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000)
            if !missing.isEmpty { object["models_not_offered"] = missing }
        case .failed(let reason):
            object["error"] = reason
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: JSONOutput.escapingControls(data), as: UTF8.self)
    }
}
