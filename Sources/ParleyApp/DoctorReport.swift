public import Foundation
public import ParleyConfig
import ParleyGateway
public import ParleyUI

/// `parley doctor`'s body: is every configured provider reachable, is its key accepted, how many
/// models does it list and how fast — written to `output`.
public struct DoctorReport: Sendable {
    public var output: HeadlessOutput
    public var environment: [String: String]

    public init(output: HeadlessOutput = HeadlessTurn.output,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.output = output
        self.environment = environment
    }

    /// Checks every provider of the configuration `flag` names; a failed one is exit status 1.
    public func check(flag: String?, timeout: Double, json: Bool) async throws {
        let locator = ConfigLocator(environment: environment)
        guard let configuration = try ConfigReport.load(locator, flag: flag) else {
            output.out("No configuration file at \(locator.locate(flag: flag).displayPath): nothing to check. "
                        + "Parley runs on the built-in demo gateway; `parley setup` writes a configuration.\n")
            return
        }
        if configuration.providers.isEmpty {
            output.out("No providers are configured in \(locator.locate(flag: flag).displayPath).\n")
            return
        }
        guard timeout > 0, timeout <= ConfigLimits.maxSeconds else {
            throw CommandFailure.usage("--timeout: expected a number of seconds above 0 and at most \(Int(ConfigLimits.maxSeconds))")
        }
        let reports = await Doctor.check(configuration, environment: locator.environment, timeout: .seconds(timeout))
        if json {
            for report in reports { output.out(Self.json(report) + "\n") }
        } else {
            for line in Doctor.format(reports) { output.out(line + "\n") }
        }
        if reports.contains(where: { !$0.passed }) {
            throw CommandFailure(status: ExitStatus.modelFailed, message: "")
        }
    }

    public static func json(_ report: Doctor.Report) -> String {
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
