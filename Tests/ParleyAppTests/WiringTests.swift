import Foundation
import Testing
import ParleyEngine
import ParleyGateway
@testable import ParleyApp

/// A throwaway `PARLEY_HOME`: no configuration, a fresh database.
struct TemporaryHome {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Only what the wiring reads: nothing of the machine's own configuration leaks in.
    var environment: [String: String] {
        ["PARLEY_HOME": url.path, "XDG_CONFIG_HOME": url.appendingPathComponent("config").path,
         "XDG_DATA_HOME": url.appendingPathComponent("data").path, "HOME": url.path]
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with the wiring `options` build in `home`, and always shuts it down (the HTTP
/// client traps when it is released without a shutdown).
func withWiring(_ options: ConnectionOptions = ConnectionOptions(), in home: TemporaryHome,
                demo: Wiring.DemoUse, _ body: (Wiring) async throws -> Void) async throws {
    let wiring = try await Wiring.make(options, environment: home.environment, demo: demo)
    do {
        try await body(wiring)
    } catch {
        await wiring.shutdown()
        throw error
    }
    await wiring.shutdown()
}

@Suite struct WiringTests {
    @Test func withNoConfigurationTheDemoGatewayStartsAndIsTheDefault() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try await withWiring(in: home, demo: .ifUsed([])) { wiring in
            #expect(wiring.configuration == nil)
            #expect(wiring.defaultModel == ModelRef(provider: Wiring.demoProviderName, model: "fast"))
            let demo = try #require(wiring.providers[Wiring.demoProviderName])
            // The simulator's own port, not the placeholder the probe uses.
            #expect(demo.baseURL.hasPrefix("http://127.0.0.1:"))
            #expect(!demo.baseURL.hasPrefix("http://127.0.0.1:1/"))
        }
    }

    @Test func aCustomEndpointLeavesTheDemoGatewayStoppedUnlessADemoModelIsUsed() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let options = ConnectionOptions(baseURL: "http://127.0.0.1:9/v1")
        try await withWiring(options, in: home, demo: .ifUsed([])) { plain in
            #expect(plain.providers[Wiring.demoProviderName] == nil)
            #expect(plain.providers[Wiring.customProviderName]?.baseURL == "http://127.0.0.1:9/v1")
            #expect(plain.defaultModel == ModelRef(provider: Wiring.customProviderName, model: "default"))
        }
        try await withWiring(options, in: home, demo: .ifUsed(["demo:fast"])) { withDemo in
            #expect(withDemo.providers[Wiring.demoProviderName] != nil)
        }
    }

    @Test func anAPIKeyVariableNeedsABaseURLAndMustBeSet() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        do {
            try await withWiring(ConnectionOptions(apiKeyEnv: "PARLEY_TEST_KEY"), in: home, demo: .ifUsed([])) { _ in }
            Issue.record("--api-key-env without --base-url was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.status == ExitStatus.usage)
            #expect(failure.message == "--api-key-env needs --base-url")
        }
        do {
            try await withWiring(ConnectionOptions(baseURL: "http://127.0.0.1:9/v1", apiKeyEnv: "PARLEY_TEST_KEY"),
                                 in: home, demo: .ifUsed([])) { _ in }
            Issue.record("an unset key variable was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.status == ExitStatus.usage)
            #expect(failure.message.contains("PARLEY_TEST_KEY"))
        }
    }

    @Test func aMalformedBaseURLIsAUsageError() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        do {
            try await withWiring(ConnectionOptions(baseURL: "not a url"), in: home, demo: .ifUsed([])) { _ in }
            Issue.record("a malformed --base-url was accepted")
        } catch let failure as CommandFailure {
            #expect(failure.status == ExitStatus.usage)
            #expect(failure.message.hasPrefix("--base-url"))
        }
    }
}
