import Foundation
import ParleySim
import Testing

/// The chat against a simulated Ollama whose Modelfile sets `num_ctx 256`: a long message is
/// stopped with a warning that Ollama would cut it silently, and nothing is sent.
@Suite("Ollama's real context window, end to end", .serialized)
struct LocalWindowEndToEndTests {
    @Test func aLongMessageToOllamaIsWarnedAboutBeforeItIsSent() async throws {
        try await withSimServer { server in
            let home = try TemporaryHome()
            defer { home.remove() }
            try """
                [providers.local]
                preset = "ollama"
                base_url = "\(String(server.baseURL.dropLast(3)))/platform/ollama/v1"
                """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
            let tui = try TmuxSession.parley(["chat", "-m", "local:echo@ctx=256"], environment: home.environment(), width: 220, height: 30)
            defer { tui.kill() }
            try await tui.waitFor("local:echo@ctx=256", deadline: .seconds(60))
            // The chat asks Ollama at start; the warning depends on its answer having arrived.
            #expect(try await eventually(.seconds(60)) { await server.stats()["echo@ctx=256"].showRequests >= 1 })

            try tui.paste(String(repeating: "a fairly long line of words ", count: 50))   // ~350 tokens
            try tui.send("Enter")
            let screen = try await tui.waitFor("Ollama would truncate this conversation silently", deadline: .seconds(60))
            #expect(screen.contains("Ollama runs local:echo@ctx=256 with a window of 256"), "\(screen)")
            #expect(await server.stats()["echo@ctx=256"].requests == 0, "nothing was sent")

            // A short message after /new goes through.
            try tui.send("C-u")
            try tui.send("/new", literal: true)
            try tui.send("Enter")
            try tui.send("hello there", literal: true)
            try tui.send("Enter")
            #expect(try await eventually(.seconds(60)) { await server.stats()["echo@ctx=256"].completed == 1 })
        }
    }
}

/// Tab after `/attach ` completes the path from the real file system.
@Suite("/attach path completion, end to end", .serialized)
struct AttachCompletionEndToEndTests {
    @Test func tabCompletesTheAttachPath() async throws {
        try await withSimServer { server in
            let home = try TemporaryHome()
            defer { home.remove() }
            try home.configureSimProvider(server.baseURL)
            let folder = home.url.appendingPathComponent("papers")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "milk\n".write(to: folder.appendingPathComponent("shopping-list.txt"), atomically: true, encoding: .utf8)
            try "a\n".write(to: folder.appendingPathComponent("summary-2025.md"), atomically: true, encoding: .utf8)
            try "b\n".write(to: folder.appendingPathComponent("summary-2026.md"), atomically: true, encoding: .utf8)
            let tui = try TmuxSession.parley(["chat", "-m", "sim:echo"], environment: home.environment(), width: 160, height: 30)
            defer { tui.kill() }
            try await tui.waitFor("sim:echo", deadline: .seconds(60))
            try tui.send("/attach \(folder.path)/sh", literal: true)
            try tui.send("Tab")
            try await tui.waitFor("/attach \(folder.path)/shopping-list.txt", deadline: .seconds(60))
            try tui.send("C-u")
            try tui.send("/attach \(folder.path)/su", literal: true)
            try tui.send("Tab")
            let screen = try await tui.waitFor("summary-2025.md  summary-2026.md", deadline: .seconds(60))
            #expect(screen.contains("/attach \(folder.path)/summary-202"), "\(screen)")
        }
    }
}
