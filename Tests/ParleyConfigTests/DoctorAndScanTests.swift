import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

@Suite struct DoctorTests {
    @Test func oneGoodOneRefusedOneWithABadKey() async throws {
        let server = try TinyModelServer()
        defer { server.stop() }
        let deadPort = closedLoopbackPort()
        let configuration = try ParleyConfiguration.parse("""
            [providers.good]
            preset = "custom"
            base_url = "\(server.baseURL)"
            api_key_env = "TINY_KEY"
            models = ["tiny-a", "tiny-z"]

            [providers.local]
            preset = "llamacpp"
            base_url = "http://127.0.0.1:\(deadPort)/v1"

            [providers.badkey]
            base_url = "\(server.baseURL)"
            api_key_env = "WRONG_KEY"

            [providers.nokey]
            preset = "openrouter"
            """, file: "c.toml")
        let reports = await Doctor.check(configuration, environment: ["TINY_KEY": "good-key", "WRONG_KEY": "bad"],
                                         timeout: .seconds(5))
        #expect(reports.map(\.provider) == ["good", "local", "badkey", "nokey"])
        #expect(reports.map(\.passed) == [true, false, false, false])
        guard case .passed(let count, _, let missing) = reports[0].outcome else { Issue.record("good failed"); return }
        #expect(count == 2)
        #expect(missing == ["tiny-z"])
        #expect(reports[0].line().hasPrefix("✓ good  2 models  "))
        #expect(reports[1].line() == "✗ local  connection refused at http://127.0.0.1:\(deadPort)/v1")
        #expect(reports[2].line().hasPrefix("✗ badkey  key rejected (HTTP 401)"))
        #expect(reports[3].line() == "✗ nokey  environment variable OPENROUTER_API_KEY is not set (the openrouter preset's usual variable; set api_key_env to use another)")
        #expect(!reports.map { $0.line() }.joined().contains("good-key"))
        let lines = Doctor.format(reports)
        #expect(lines[1].hasPrefix("✗ local   connection refused"))
    }
}

@Suite struct FirstRunScanTests {
    @Test func findsKeyVariablesByNameOnly() {
        let keys = FirstRunScan.detectKeys(environment: ["OPENROUTER_API_KEY": "sk-or-x", "DEEPSEEK_API_KEY": "", "PATH": "/bin"])
        #expect(keys == [.init(preset: .openrouter, variable: "OPENROUTER_API_KEY")])
        let scan = FirstRunScan(keys: keys)
        #expect(scan.suggestions == [#"OPENROUTER_API_KEY is set — add [providers.openrouter] with preset = "openrouter""#])
        #expect(!scan.suggestions.joined().contains("sk-or-x"))
    }

    @Test func probesLocalServersConcurrentlyWithAShortTimeout() async throws {
        let server = try TinyModelServer(requireKey: false)
        defer { server.stop() }
        let candidates = [Provider(name: "ollama", preset: .ollama, baseURL: "http://127.0.0.1:\(closedLoopbackPort())/v1"),
                          Provider(name: "llamacpp", preset: .llamacpp, baseURL: server.baseURL)]
        // A generous limit: the test asserts what is found, not how fast (machines here are shared).
        let scan = await FirstRunScan.run(environment: [:], localServers: candidates, probeTimeout: .seconds(10))
        #expect(scan.localServers == [.init(preset: .llamacpp, baseURL: server.baseURL, models: ["tiny-a", "tiny-b"])])
        #expect(scan.suggestions == ["llama.cpp answers at \(server.baseURL) (2 models) — add [providers.llamacpp] with preset = \"llamacpp\""])
        #expect(scan.suggestedDefaultModel == "llamacpp:tiny-a")
        let suggested = try #require(scan.suggestedConfig)
        #expect(try ParleyConfiguration.parse(suggested, file: "suggested.toml").providers.map(\.name) == ["llamacpp"])
    }

    @Test func nothingFoundSaysWhatToDo() {
        #expect(FirstRunScan().suggestions.first?.contains("parley setup") == true)
        #expect(FirstRunScan().suggestedConfig == nil)
    }
}
