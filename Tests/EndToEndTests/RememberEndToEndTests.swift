import Foundation
import Testing

/// What the chat was switched to is where the next chat starts; a flag still wins.
@Suite("Remembered choices, end to end")
struct RememberEndToEndTests {
    private func start(_ arguments: [String] = [], home: TemporaryHome) throws -> TmuxSession {
        return try TmuxSession.parley(arguments, environment: home.environment(), width: 100, height: 30)
    }

    private func statusBar(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    @Test func aRestartKeepsTheModelChainRouteAndEffort() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let first = try start(home: home)
        defer { first.kill() }
        try await first.waitFor("Welcome to Parley")
        for (line, shown) in [("/fallback demo:cheap demo:fast", "demo:cheap → demo:fast"),
                              ("/route cheapest", "[cheapest]"), ("/effort high", "effort high")] {
            try first.send(line, literal: true)
            try first.send("Enter")
            try await first.waitUntil("status bar shows \(shown)") { statusBar($0).contains(shown) }
        }
        try first.send("C-q")
        try await first.waitFor("PARLEY EXITED 0")

        let second = try start(home: home)
        defer { second.kill() }
        let screen = try await second.waitUntil("the remembered chain in the status bar") {
            statusBar($0).contains("demo:cheap → demo:fast [cheapest] · effort high")
        }
        #expect(!statusBar(screen).contains("overloaded"), "\(screen)")
        // It answers on the remembered model, not the demo's first-run one.
        try second.send("hello there", literal: true)
        try second.send("Enter")
        try await second.waitFor("◆ demo:cheap", deadline: .seconds(60))
        try second.send("C-q")
        try await second.waitFor("PARLEY EXITED 0")

        // --model wins over what was remembered.
        let third = try start(["-m", "demo:echo"], home: home)
        defer { third.kill() }
        let flagged = try await third.waitUntil("the flag's model") { statusBar($0).contains("demo:echo") }
        #expect(!statusBar(flagged).contains("demo:cheap"), "\(flagged)")
    }

    @Test func whatTheConfigWritesWinsAndWhatItLeavesOutIsRemembered() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let sim = try SimProcess(environment: home.environment())
        defer { sim.stop() }
        let config = home.url.appendingPathComponent("config.toml")
        let providers = """
            favorites = ["local:fast", "local:slow"]

            [providers.local]
            preset = "custom"
            base_url = "\(sim.baseURL)"
            """
        try providers.write(to: config, atomically: true, encoding: .utf8)

        let first = try start(home: home)
        defer { first.kill() }
        try await first.waitUntil("the first favourite") { statusBar($0).contains("local:fast") }
        try first.send("C-n")
        try await first.waitUntil("the next favourite") { statusBar($0).contains("local:slow") }
        try first.send("/route fastest", literal: true)
        try first.send("Enter")
        try await first.waitUntil("the route") { statusBar($0).contains("[fastest]") }
        try first.send("C-q")
        try await first.waitFor("PARLEY EXITED 0")

        // The config says nothing of the model or the route: the remembered ones are used.
        let second = try start(home: home)
        defer { second.kill() }
        try await second.waitUntil("the remembered favourite") { statusBar($0).contains("local:slow [fastest]") }
        try second.send("C-q")
        try await second.waitFor("PARLEY EXITED 0")

        // Now it writes both: they win.
        try ("default_model = \"local:fast\"\nroute = \"ordered\"\n" + providers)
            .write(to: config, atomically: true, encoding: .utf8)
        let third = try start(home: home)
        defer { third.kill() }
        let screen = try await third.waitUntil("the config's model") { statusBar($0).contains("local:fast") }
        #expect(!statusBar(screen).contains("local:slow") && !statusBar(screen).contains("[fastest]"), "\(screen)")
    }
}
