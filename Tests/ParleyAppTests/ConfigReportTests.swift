import Foundation
import Testing
@testable import ParleyApp

/// `config` and `doctor`'s bodies with no configuration file: where it would be, and the demo.
@Suite struct ConfigReportTests {
    @Test func pathNamesTheFileUnderParleyHomeAndSaysItIsMissing() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let recorder = OutputRecorder()
        ConfigReport(output: recorder.output, environment: home.environment).path(flag: nil)
        #expect(recorder.out == home.url.appendingPathComponent("config.toml").path + "\n")
        #expect(recorder.err.contains("does not exist"))
    }

    @Test func checkAndDoctorWithNoFileSayTheDemoGatewayRunsAndSucceed() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let check = OutputRecorder()
        try ConfigReport(output: check.output, environment: home.environment).check(flag: nil)
        #expect(check.out.hasPrefix("No configuration file at"))
        let doctor = OutputRecorder()
        try await DoctorReport(output: doctor.output, environment: home.environment)
            .check(flag: nil, timeout: 10, json: false)
        #expect(doctor.out.contains("nothing to check"))
    }

    @Test func checkReportsAnInvalidFileAsAUsageError() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = home.url.appendingPathComponent("config.toml")
        try Data("default_model = 42\n".utf8).write(to: file)
        let recorder = OutputRecorder()
        #expect {
            try ConfigReport(output: recorder.output, environment: home.environment).check(flag: nil)
        } throws: { error in
            (error as? CommandFailure)?.status == ExitStatus.usage
        }
        #expect(recorder.out.isEmpty)
    }
}
