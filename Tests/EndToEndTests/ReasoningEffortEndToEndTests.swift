import Foundation
import ParleySim
import Testing

/// Asking for reasoning through the real binary, proved on what the simulator received: the
/// `--effort` flag, `effort = "…"` in the config and `/effort` typed in the chat, each mapped to
/// the fields of the provider's preset (ReasoningEffortFields). The simulator runs in the test
/// process so its `stats()` can be read.
@Suite("Reasoning effort, end to end", .serialized)
struct ReasoningEffortEndToEndTests {
    /// A home whose config has one provider `sim` with `preset` on the simulator, plus `extra`
    /// TOML after it.
    private func home(_ server: SimServer, preset: String, provider: String = "", extra: String = "") throws -> TemporaryHome {
        let home = try TemporaryHome()
        try """
            [providers.sim]
            preset = "\(preset)"
            base_url = "\(server.baseURL)"
            \(provider)

            \(extra)
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        return home
    }

    private static let keys = ["OPENROUTER_API_KEY": "sk-or-v1-test", "DEEPSEEK_API_KEY": "sk-test",
                               "OPENAI_API_KEY": "sk-test"]

    private func ask(_ arguments: [String], _ home: TemporaryHome) async throws -> RunResult {
        let result = try await runParley(["ask"] + arguments, environment: home.environment(Self.keys))
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result
    }

    @Test func effortHighOnAskBecomesEachPresetsField() async throws {
        try await withSimServer { server in
            let openRouter = try home(server, preset: "openrouter")
            defer { openRouter.remove() }
            _ = try await ask(["-m", "sim:thinker@think=0", "--effort", "high", "Why?"], openRouter)
            let asked = try #require(await server.stats()["thinker@think=0"].lastRequest)
            #expect(asked.openRouterEffort == "high")
            #expect(asked.reasoningEffort == nil && asked.openRouterEnabled == nil)

            let custom = try home(server, preset: "custom")
            defer { custom.remove() }
            _ = try await ask(["-m", "sim:echo", "--effort", "high", "Why?"], custom)
            #expect(await server.stats()["echo"].lastRequest?.reasoningEffort == "high")

            // No flag, no config: nothing about reasoning is sent.
            _ = try await ask(["-m", "sim:echo", "Why not?"], custom)
            let plain = try #require(await server.stats()["echo"].lastRequest)
            #expect(plain.reasoningEffort == nil && plain.openRouterEffort == nil && plain.thinkingType == nil)
        }
    }

    @Test func effortOffTurnsThinkingOffTheWayEachPresetSays() async throws {
        try await withSimServer { server in
            let deepSeek = try home(server, preset: "deepseek")
            defer { deepSeek.remove() }
            _ = try await ask(["-m", "sim:thinker@think=0", "--effort", "off", "Why?"], deepSeek)
            let asked = try #require(await server.stats()["thinker@think=0"].lastRequest)
            #expect(asked.thinkingType == "disabled")
            #expect(asked.reasoningEffort == nil)

            let openRouter = try home(server, preset: "openrouter")
            defer { openRouter.remove() }
            _ = try await ask(["-m", "sim:echo", "--effort", "off", "Why?"], openRouter)
            let off = try #require(await server.stats()["echo"].lastRequest)
            #expect(off.openRouterEnabled == false && off.openRouterEffort == nil)
        }
    }

    /// `effort = "low"` on the provider, `"high"` on one of its models; the flag wins over both.
    @Test func theConfigsEffortIsSentAndTheFlagWinsOverIt() async throws {
        try await withSimServer { server in
            let home = try home(server, preset: "llamacpp", provider: "effort = \"low\"",
                                extra: "[models.\"sim:thinker@think=0\"]\neffort = \"high\"\n")
            defer { home.remove() }
            _ = try await ask(["-m", "sim:echo", "Why?"], home)
            let provider = try #require(await server.stats()["echo"].lastRequest)
            #expect(provider.reasoningEffort == "low")
            #expect(provider.enableThinking == true)

            _ = try await ask(["-m", "sim:thinker@think=0", "Why?"], home)
            #expect(await server.stats()["thinker@think=0"].lastRequest?.reasoningEffort == "high")

            _ = try await ask(["-m", "sim:echo", "--effort", "off", "Why?"], home)
            let flag = try #require(await server.stats()["echo"].lastRequest)
            #expect(flag.enableThinking == false)
            #expect(flag.reasoningEffort == "none")
        }
    }

    /// `/effort high` typed in the chat goes with every later message (and not with earlier ones).
    @Test func effortTypedInTheChatIsSentWithTheNextMessage() async throws {
        try await withSimServer { server in
            let home = try home(server, preset: "custom")
            defer { home.remove() }
            let tui = try TmuxSession.parley(["chat", "-m", "sim:echo"], environment: home.environment(), width: 100, height: 30)
            defer { tui.kill() }
            try await tui.waitFor("sim:echo")
            try tui.send("before", literal: true)
            try tui.send("Enter")
            #expect(try await eventually { await server.stats()["echo"].completed == 1 })
            #expect(await server.stats()["echo"].lastRequest?.reasoningEffort == nil)

            try tui.send("/effort high", literal: true)
            try tui.send("Enter")
            try await tui.waitFor("· effort high")
            try tui.send("after", literal: true)
            try tui.send("Enter")
            #expect(try await eventually(.seconds(60)) { await server.stats()["echo"].completed == 2 })
            #expect(await server.stats()["echo"].lastRequest?.reasoningEffort == "high")
        }
    }

    /// The picker's mark, headless: `parley models` marks the demo's thinker, `--json` says so.
    @Test func modelsMarksTheModelsThatReason() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let table = try await runParley(["models", "demo"], environment: home.environment())
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("demo:thinker ") && $0.contains("(think)") }, "\(table.stdout)")
        #expect(lines.contains { $0.hasPrefix("demo:fast ") && !$0.contains("(think)") }, "\(table.stdout)")

        let json = try await runParley(["models", "demo", "--json"], environment: home.environment())
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.first { $0["id"] as? String == "thinker" }?["supports_reasoning"] as? Bool == true)
        #expect(rows.first { $0["id"] as? String == "fast" }?["supports_reasoning"] as? Bool == false)
        // The existing keys are kept.
        #expect(rows.first { $0["id"] as? String == "fast" }?["prompt_usd_per_million"] != nil)
    }
}

/// Runs `body` with a simulator in this process, shut down afterwards whatever happens.
func withSimServer(_ body: (SimServer) async throws -> Void) async throws {
    let server = try await SimServer.start()
    do {
        try await body(server)
    } catch {
        try? await server.shutdown()
        throw error
    }
    try await server.shutdown()
}
