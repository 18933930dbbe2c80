public import Foundation
import ParleyEngine
public import ParleyUI

/// `parley usage`'s body: what the ledger says was spent, to `output`.
public struct UsageListing: Sendable {
    public var output: HeadlessOutput
    /// Where the store is (`PARLEY_HOME` and the like).
    public var environment: [String: String]

    public init(output: HeadlessOutput = HeadlessTurn.output,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.output = output
        self.environment = environment
    }

    /// `--by`, `--since` and `--json` as given; a bad value is a usage error.
    public func show(by: String, since: String?, json: Bool) async throws {
        guard let grouping = UsageGrouping(rawValue: by) else {
            throw CommandFailure.usage("--by must be one of model, provider, day (got '\(by)')")
        }
        var start: Date?
        if let since {
            guard let day = UsageReport.parseDay(since) else {
                throw CommandFailure.usage("--since must be a date as YYYY-MM-DD (got '\(since)')")
            }
            start = day
        }
        let store = try CommandStore.open(environment: environment)
        let report = try await store.usageReport(by: grouping, since: start)
        if json {
            output.out(try StoreJSON.string(report) + "\n")
        } else if report.rows.isEmpty {
            output.err("no usage recorded\(since.map { " since \($0)" } ?? "")\n")
        } else {
            output.out(report.renderTable())
        }
    }
}
