import Foundation
import ParleySim
import Testing

/// Shaping the request through the real binary, proved on what the simulator received: the
/// role's system prompt, attached files, temperature and max tokens (flags, config, `/set`,
/// `/role`, `/attach`), and the context guard that refuses to cut a conversation silently.
@Suite("Request shape, end to end", .serialized)
struct RequestShapeEndToEndTests {
    private func home(_ server: SimServer, preset: String = "custom", extra: String = "") throws -> TemporaryHome {
        let home = try TemporaryHome()
        try """
            [providers.sim]
            preset = "\(preset)"
            base_url = "\(server.baseURL)"

            [roles.reviewer]
            system = "You review code tersely."
            model = "sim:recall"
            temperature = 0.2
            max_tokens = 700

            \(extra)
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        return home
    }

    private static let keys = ["OPENAI_API_KEY": "sk-test"]

    private func ask(_ arguments: [String], _ home: TemporaryHome, expect status: Int32 = 0) async throws -> RunResult {
        let result = try await runParley(["ask"] + arguments, environment: home.environment(Self.keys))
        #expect(result.status == status, "\(arguments): \(result.stderr)")
        return result
    }

    @Test func flagsAndTheConfigSetTemperatureAndMaxTokensInTheRightField() async throws {
        try await withSimServer { server in
            let custom = try home(server, extra: "[models.\"sim:echo\"]\ntemperature = 0.4\nmax_tokens = 321\n")
            defer { custom.remove() }
            _ = try await ask(["-m", "sim:echo", "Hi"], custom)
            let configured = try #require(await server.stats()["echo"].lastRequest)
            #expect(configured.temperature == 0.4 && configured.maxTokens == 321 && configured.maxCompletionTokens == nil)

            _ = try await ask(["-m", "sim:echo", "--temperature", "1.5", "Hi"], custom)
            let flagged = try #require(await server.stats()["echo"].lastRequest)
            #expect(flagged.temperature == 1.5 && flagged.maxTokens == 321)

            let openAI = try home(server, preset: "openai")
            defer { openAI.remove() }
            _ = try await ask(["-m", "sim:echo", "--max-tokens", "500", "Hi"], openAI)
            let limited = try #require(await server.stats()["echo"].lastRequest)
            #expect(limited.maxCompletionTokens == 500 && limited.maxTokens == nil)

            let bad = try await ask(["-m", "sim:echo", "--temperature", "3", "Hi"], custom, expect: 2)
            #expect(bad.stderr.contains("--temperature: temperature must be between 0 and 2"))
            let zero = try await ask(["-m", "sim:echo", "--max-tokens", "0", "Hi"], custom, expect: 2)
            #expect(zero.stderr.contains("--max-tokens: max tokens must be between 1"))
        }
    }

    @Test func aRoleBringsItsSystemPromptModelAndParametersToAskAndCompare() async throws {
        try await withSimServer { server in
            let home = try home(server)
            defer { home.remove() }
            _ = try await ask(["--role", "reviewer", "Look"], home)
            let asked = try #require(await server.stats()["recall"].lastRequest)
            #expect(asked.system == "You review code tersely.")
            #expect(asked.temperature == 0.2 && asked.maxTokens == 700)

            // The flags win over the role; compare's lanes keep their own models.
            let compared = try await runParley(["compare", "-m", "sim:echo", "-m", "sim:recall", "--role", "reviewer",
                                                "--temperature", "0.9", "Look"], environment: home.environment())
            #expect(compared.status == 0, "\(compared.stderr)")
            let lane = try #require(await server.stats()["echo"].lastRequest)
            #expect(lane.system == "You review code tersely." && lane.temperature == 0.9 && lane.maxTokens == 700)

            let unknown = try await ask(["--role", "poet", "Look"], home, expect: 2)
            #expect(unknown.stderr.contains("--role poet: no such role in the configuration — roles: reviewer"))
        }
    }

    @Test func filesGoIntoTheQuestionAndBinaryOrLargeOnesAreRefused() async throws {
        try await withSimServer { server in
            let home = try home(server)
            defer { home.remove() }
            let notes = home.url.appendingPathComponent("notes.txt")
            try "milk\neggs\n".write(to: notes, atomically: true, encoding: .utf8)
            let result = try await ask(["-m", "sim:echo", "-f", notes.path, "What is on the list?"], home)
            let sent = try #require(await server.stats()["echo"].lastRequest?.lastUser)
            #expect(sent == "File: \(notes.path)\n```txt\nmilk\neggs\n```\n\nWhat is on the list?")
            #expect(result.stdout.contains("milk"))

            let image = home.url.appendingPathComponent("photo.png")
            try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x00]).write(to: image)
            let binary = try await ask(["-m", "sim:echo", "-f", image.path, "Describe"], home, expect: 2)
            #expect(binary.stderr.contains("cannot attach \(image.path): is not a text file"))
            let big = home.url.appendingPathComponent("big.log")
            try Data(repeating: 0x61, count: 300 * 1024).write(to: big)
            let large = try await ask(["-m", "sim:echo", "-f", big.path, "Sum up"], home, expect: 2)
            #expect(large.stderr.contains("is larger than 256 KiB"))
        }
    }

    /// demo-style `echo` takes 8192 tokens: a conversation past that is refused, or with
    /// --truncate sent as its most recent turns, never cut silently.
    @Test func aConversationTooLongForTheModelIsRefusedUnlessTruncateIsGiven() async throws {
        try await withSimServer { server in
            let home = try home(server)
            defer { home.remove() }
            _ = try await ask(["-m", "sim:echo", String(repeating: "long words ", count: 2000)], home)   // ~5500 tokens
            let next = String(repeating: "and now? ", count: 340)                                      // ~770 tokens
            let refused = try await ask(["-m", "sim:echo", "--continue", next], home, expect: 2)
            #expect(refused.stderr.contains("sim:echo takes 8192"), "\(refused.stderr)")
            #expect(refused.stderr.contains("nothing was sent") && refused.stderr.contains("--truncate"))
            #expect(await server.stats()["echo"].completed == 1)

            let cut = try await ask(["-m", "sim:echo", "--continue", "--truncate", next], home)
            #expect(cut.stderr.contains("sending only the last 1 of 3 messages (--truncate)"), "\(cut.stderr)")
            let sent = try #require(await server.stats()["echo"].lastRequest)
            #expect(sent.messageCount == 1 && sent.lastUser == next)
        }
    }
}

/// `/set`, `/role` and `/attach` typed in the chat, proved on the request the simulator got.
@Suite("Request shape in the chat, end to end", .serialized)
struct RequestShapeChatEndToEndTests {
    private func chat(_ server: SimServer, home: TemporaryHome) throws -> TmuxSession {
        try home.configureSimProvider(server.baseURL, more: """
            [roles.reviewer]
            system = "You review code tersely."
            temperature = 0.2
            """)
        return try TmuxSession.parley(["chat", "-m", "sim:echo"], environment: home.environment(), width: 160, height: 30)
    }

    private func statusBar(_ screen: String) -> String {
        screen.split(separator: "\n").last.map(String.init) ?? ""
    }

    private func type(_ tui: TmuxSession, _ line: String) throws {
        try tui.send(line, literal: true)
        try tui.send("Enter")
    }

    @Test func setRoleAndAttachShapeTheNextMessage() async throws {
        try await withSimServer { server in
            let home = try TemporaryHome()
            defer { home.remove() }
            let notes = home.url.appendingPathComponent("todo.txt")
            try "call mum\n".write(to: notes, atomically: true, encoding: .utf8)
            let tui = try chat(server, home: home)
            defer { tui.kill() }
            try await tui.waitFor("sim:echo")

            try type(tui, "/set max_tokens 444")
            try await tui.waitUntil("max tokens in the status bar") { statusBar($0).contains("max_tokens 444") }
            try type(tui, "/role reviewer")
            try await tui.waitUntil("the role in the status bar") { statusBar($0).contains("role reviewer") }
            try type(tui, "/attach \(notes.path)")
            try await tui.waitUntil("the attachment pending") { statusBar($0).contains("attached todo.txt") }

            try type(tui, "what now?")
            #expect(try await eventually(.seconds(60)) { await server.stats()["echo"].completed == 1 })
            let asked = try #require(await server.stats()["echo"].lastRequest)
            #expect(asked.system == "You review code tersely.")
            #expect(asked.temperature == 0.2 && asked.maxTokens == 444)
            #expect(asked.lastUser == "File: \(notes.path)\n```txt\ncall mum\n```\n\nwhat now?")
            try await tui.waitUntil("the attachment sent") { !statusBar($0).contains("attached") }

            try type(tui, "/attach \(home.url.path)/missing.txt")
            try await tui.waitFor("cannot attach \(home.url.path)/missing.txt: no such file")

            // The role is remembered: the next chat starts with it.
            try tui.send("C-q")
            try await tui.waitFor("PARLEY EXITED 0")
            let again = try chat(server, home: home)
            defer { again.kill() }
            try await again.waitUntil("the remembered role") { statusBar($0).contains("role reviewer") }
        }
    }
}

/// `-f image.png`: sent as a data URL content part to a model whose catalogue lists image input,
/// refused for one that does not.
@Suite("Image attachments, end to end", .serialized)
struct ImageAttachmentEndToEndTests {
    /// A PNG's signature and IHDR start: enough for the magic-byte check, not a whole picture.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
                           0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00])

    @Test func anImageGoesAsADataURLToAModelThatTakesImagesAndIsRefusedElsewhere() async throws {
        try await withSimServer { server in
            let home = try TemporaryHome()
            defer { home.remove() }
            try home.configureSimProvider(server.baseURL)
            let image = home.url.appendingPathComponent("dot.png")
            try Self.png.write(to: image)
            let asked = try await runParley(["ask", "-m", "sim:vision", "-f", image.path, "What is it?"],
                                            environment: home.environment())
            #expect(asked.status == 0, "\(asked.stderr)")
            let sent = try #require(await server.stats()["vision"].lastRequest)
            #expect(sent.images == ["data:image/png;base64," + Self.png.base64EncodedString()])
            #expect(sent.lastUser == "Image: \(image.path)\n\nWhat is it?")
            #expect(asked.stdout.contains("[image image/png, \(Self.png.count) bytes]"), "\(asked.stdout)")

            let refused = try await runParley(["ask", "-m", "sim:echo", "-f", image.path, "What is it?"],
                                              environment: home.environment())
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("cannot attach \(image.path): sim:echo does not accept images"), "\(refused.stderr)")
            #expect(await server.stats()["echo"].requests == 0)
        }
    }

    @Test func attachInTheChatSendsTheImageToAVisionModel() async throws {
        try await withSimServer { server in
            try await askAboutTheImageInTheChat(server, baseURL: server.baseURL) { _ in }
        }
    }

    /// A gateway slow to list its models: an image sent before the list arrives is neither
    /// refused nor sent blind; it waits, says so, and goes when the list says the model takes it.
    @Test func anImageSentBeforeTheModelListArrivesWaitsForItAndGoes() async throws {
        try await withSimServer { server in
            try await askAboutTheImageInTheChat(server, baseURL: Self.slowModels(server)) { tui in
                try await tui.waitFor("waiting for the model lists to say whether sim:vision takes images", deadline: .seconds(60))
                #expect(await server.stats()["vision"].requests == 0, "nothing goes before the list says the model takes images")
            }
        }
    }

    /// `ask` waits a few seconds for a model list it has not cached: past that, it says the list
    /// did not answer rather than that the model takes no images.
    @Test func askSaysWhenTheModelListDidNotAnswerInTime() async throws {
        try await withSimServer { server in
            let home = try TemporaryHome()
            defer { home.remove() }
            try home.configureSimProvider(Self.slowModels(server))
            let image = home.url.appendingPathComponent("dot.png")
            try Self.png.write(to: image)
            let asked = try await runParley(["ask", "-m", "sim:vision", "-f", image.path, "What is it?"],
                                            environment: home.environment())
            #expect(asked.status == 2)
            #expect(asked.stderr.contains("cannot attach \(image.path): whether sim:vision takes images is not known: "
                                          + "the model list of 'sim' did not answer within 3 s; nothing was sent"), "\(asked.stderr)")
            #expect(await server.stats()["vision"].requests == 0)
        }
    }

    /// The simulator's base URL whose model list answers only after a pause (docs/simulator.md).
    private static func slowModels(_ server: SimServer) -> String {
        String(server.baseURL.dropLast(3)) + "/slow-models/v1"
    }

    /// A chat on `sim:vision` behind `baseURL`: dot.png attached and "what is it?" sent; after
    /// `whileSending`, the answer names the image and the model was sent it.
    private func askAboutTheImageInTheChat(_ server: SimServer, baseURL: String,
                                           whileSending: (TmuxSession) async throws -> Void) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try home.configureSimProvider(baseURL)
        let image = home.url.appendingPathComponent("dot.png")
        try Self.png.write(to: image)
        let tui = try TmuxSession.parley(["chat", "-m", "sim:vision"], environment: home.environment(), width: 200, height: 30)
        defer { tui.kill() }
        try await tui.waitFor("sim:vision", deadline: .seconds(60))
        try tui.send("/attach \(image.path)", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("(image/png, \(Self.png.count) bytes)", deadline: .seconds(60))
        try tui.send("what is it?", literal: true)
        try tui.send("Enter")
        try await whileSending(tui)
        try await tui.waitFor("[image image/png, \(Self.png.count) bytes]", deadline: .seconds(60))
        let sent = try #require(await server.stats()["vision"].lastRequest)
        #expect(sent.images == ["data:image/png;base64," + Self.png.base64EncodedString()])
    }
}
