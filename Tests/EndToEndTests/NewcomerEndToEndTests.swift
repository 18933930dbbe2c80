import Foundation
import Testing

/// What a new user tripped over in the chat (issue 17), driven in tmux against the demo gateway.
@Suite("What a newcomer trips over, end to end")
struct NewcomerEndToEndTests {
    private func start(_ arguments: [String] = [], home: TemporaryHome, width: Int = 100, height: Int = 30) throws -> TmuxSession {
        return try TmuxSession.parley(arguments, environment: home.environment(), width: width, height: height)
    }

    /// Runs a slash command and waits for its notice. The first-run scan may post its own notice
    /// a moment later (servers it finds on this machine), which replaces ours: then run it again.
    private func run(_ line: String, expecting text: String, in tui: TmuxSession) async throws -> String {
        for _ in 0..<2 {
            try tui.send(line, literal: true)
            try tui.send("Enter")
            if let screen = try? await tui.waitFor(text, deadline: .seconds(10)) { return screen }
        }
        try tui.send(line, literal: true)
        try tui.send("Enter")
        return try await tui.waitFor(text)
    }

    /// `/theme mine` finds the user's own `themes/mine.toml` beside the config (PARLEY_HOME), as
    /// `--theme mine` does; an unknown name lists the names there are. The welcome names the
    /// config file this run really reads.
    @Test func slashThemeUsesTheUsersOwnThemesAndTheWelcomeNamesTheRealConfigPath() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let themes = home.url.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try "name = \"mine\"\n[styles]\ntext = { fg = \"33\" }\n"
            .write(to: themes.appendingPathComponent("mine.toml"), atomically: true, encoding: .utf8)
        let tui = try start(home: home)
        defer { tui.kill() }
        let welcome = try await tui.waitFor("Welcome to Parley")
        // HOME is the temporary home too, so PARLEY_HOME/config.toml shows as ~/config.toml.
        #expect(welcome.contains("write ~/config.toml"), "\(welcome)")
        #expect(!welcome.contains(".config/parley"), "\(welcome)")
        _ = try await run("/theme mine", expecting: "theme: mine", in: tui)
        let screen = try await run("/theme nosuch", expecting: "unknown theme nosuch", in: tui)
        #expect(screen.contains("available: mine"), "\(screen)")
    }

    /// In the demo, `/route gateway` sends one request with `models: [...]`; the demo gateway
    /// serves the first model that does not fail and says which, as OpenRouter does.
    @Test func routeGatewayWorksInTheDemo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let tui = try start(home: home, height: 40)
        defer { tui.kill() }
        try await tui.waitFor("Welcome to Parley")
        _ = try await run("/route gateway", expecting: "route: gateway", in: tui)
        try tui.send("Who answers?", literal: true)
        try tui.send("Enter")
        let screen = try await tui.waitFor("done:", deadline: .seconds(60))
        #expect(screen.contains("chooses among overloaded, fast"), "\(screen)")
        #expect(screen.contains("◆ demo:fast"), "the answer names the model that served:\n\(screen)")
        #expect(!screen.contains("✗"), "no failed turn:\n\(screen)")
    }
}
