import Foundation
import Testing

/// Configuration through the real binary: `config check`, `doctor` against the simulator, and
/// the errors a broken file gives.
@Suite("Configuration, end to end")
struct ConfigEndToEndTests {
    @Test func doctorReportsOneGoodAndOneFailingProvider() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let sim = try SimProcess(environment: home.environment())
        defer { sim.stop() }
        try """
            default_model = "good:fast"

            [providers.good]
            preset = "custom"
            base_url = "\(sim.baseURL)"

            [providers.gone]
            preset = "custom"
            base_url = "http://127.0.0.1:9/v1"
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let check = try await runParley(["config", "check"], environment: home.environment())
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let doctor = try await runParley(["doctor"], environment: home.environment())
        #expect(doctor.status == 1)
        let lines = (doctor.stdout + doctor.stderr).split(separator: "\n")
        #expect(lines.contains { $0.contains("✓") && $0.contains("good") && $0.contains("models") }, "\(lines)")
        #expect(lines.contains { $0.contains("✗") && $0.contains("gone") }, "\(lines)")
        // And the configured provider answers.
        let ask = try await runParley(["ask", "-m", "good:echo", "configured"], environment: home.environment())
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("configured"))
    }

    @Test func aBrokenConfigNamesFileLineAndKeyAndExitsTwo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let file = home.url.appendingPathComponent("config.toml")
        try "defualt_model = \"demo:fast\"\n".write(to: file, atomically: true, encoding: .utf8)
        let check = try await runParley(["config", "check"], environment: home.environment())
        #expect(check.status == 2)
        let output = check.stdout + check.stderr
        #expect(output.contains("config.toml:1"), "\(output)")
        #expect(output.contains("default_model"), "suggests the nearest key: \(output)")
        let ask = try await runParley(["ask", "-m", "demo:echo", "hi"], environment: home.environment())
        #expect(ask.status == 2, "no half-configured start")
    }

    @Test func aKeyWrittenInTheFileIsRefusedWithoutBeingEchoed() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try "[providers.openrouter]\npreset = \"openrouter\"\napi_key = \"sk-or-v1-0123456789abcdef0123\"\n"
            .write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let check = try await runParley(["config", "check"], environment: home.environment())
        #expect(check.status == 2)
        let output = check.stdout + check.stderr
        #expect(output.contains("api_key_env"), "\(output)")
        #expect(!output.contains("0123456789abcdef"))
    }
}
