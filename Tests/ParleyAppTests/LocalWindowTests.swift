import Foundation
import ParleySim
import Testing
import ParleyEngine
import ParleyGateway
@testable import ParleyApp

/// `ask` against a simulated Ollama whose Modelfile sets a small `num_ctx`: the question is
/// checked against that window, not the trained length, and never sent to be cut silently.
@Suite struct LocalWindowTests {
    private func withOllama(plain: Bool = false, _ body: (SimServer, TemporaryHome) async throws -> Void) async throws {
        let sim = try await SimServer.start()
        let home = try TemporaryHome()
        defer { home.remove() }
        try """
            [providers.local]
            preset = "ollama"
            base_url = "\(plain ? sim.baseURL : String(sim.baseURL.dropLast(3)) + "/platform/ollama/v1")"
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        do {
            try await body(sim, home)
        } catch {
            try? await sim.shutdown()
            throw error
        }
        try await sim.shutdown()
    }

    private func ask(_ prompt: String, model: String, truncate: Bool = false, home: TemporaryHome,
                     recorder: OutputRecorder) async throws -> Int32 {
        var options = HeadlessAsk.Options()
        options.model = model
        options.shape = RequestShape(truncate: truncate)
        var status: Int32 = -1
        try await withWiring(in: home, demo: .ifUsed([model])) { wiring in
            status = try await HeadlessAsk(options, output: recorder.output).answer(prompt, wiring: wiring)
        }
        return status
    }

    @Test func aQuestionOverOllamasWindowIsRefusedNamingTheSilentCut() async throws {
        try await withOllama { sim, home in
            let long = String(repeating: "tell me more ", count: 100)   // ~330 tokens; echo was trained on 8192
            let recorder = OutputRecorder()
            do {
                _ = try await ask(long, model: "local:echo@ctx=256", home: home, recorder: recorder)
                Issue.record("a question over Ollama's window was sent")
            } catch let failure as CommandFailure {
                #expect(failure.status == ExitStatus.contextTooLong)
                #expect(failure.message.contains("Ollama would truncate this conversation silently: it is about "), "\(failure.message)")
                #expect(failure.message.contains("Ollama runs local:echo@ctx=256 with a window of 256 (num_ctx in its Modelfile)"),
                        "\(failure.message)")
                #expect(failure.message.contains("nothing was sent"))
            }
            let stats = await sim.stats()
            #expect(stats["echo@ctx=256"].requests == 0)
            #expect(stats["echo@ctx=256"].showRequests == 1)

            // A short question goes, even below the size the guard skips for catalogued models.
            let short = OutputRecorder()
            #expect(try await ask("hi there", model: "local:echo@ctx=256", home: home, recorder: short) == ExitStatus.success)
            #expect(short.out.contains("hi there"))
        }
    }

    @Test func aServerThatDoesNotAnswerTheLookupFallsBackToTheCatalogue() async throws {
        // The plain simulator under an `ollama` preset: /api/show and /api/ps are 404, so no
        // window is known; its catalogue says `fast` takes 128000, and a question of ~5000
        // tokens (over Ollama's default 4096, which is not guessed) goes.
        try await withOllama(plain: true) { sim, home in
            let recorder = OutputRecorder()
            let long = String(repeating: "tell me more ", count: 1500)
            let status = try await ask(long, model: "local:fast@tps=0,ttft=0", home: home, recorder: recorder)
            #expect(status == ExitStatus.success, "\(recorder.err)")
            #expect(await sim.stats()["fast@tps=0,ttft=0"].completed == 1)
        }
    }
}

/// Tab's listing for `/attach`: the directory of the typed path, with names no one can type left out.
@Suite struct DirectoryListingTests {
    @Test func theTypedPathsDirectoryIsListedWithDirectoriesMarked() throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(at: home.url.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: home.url.appendingPathComponent("docs/a.txt"))
        try Data("x".utf8).write(to: home.url.appendingPathComponent("docs/bad\u{1B}[31mname"))
        try FileManager.default.createDirectory(at: home.url.appendingPathComponent("docs/sub"), withIntermediateDirectories: true)
        guard case .directoryListed(let typed, let entries?) = ChatSession.directoryListing(typed: "docs/a", relativeTo: home.url.path)
        else { Issue.record("no listing"); return }
        #expect(typed == "docs/a")
        #expect(Set(entries) == [.init(name: "a.txt", isDirectory: false), .init(name: "sub", isDirectory: true)])
        guard case .directoryListed(_, nil) = ChatSession.directoryListing(typed: "missing/a", relativeTo: home.url.path)
        else { Issue.record("a missing directory was listed"); return }
    }
}
