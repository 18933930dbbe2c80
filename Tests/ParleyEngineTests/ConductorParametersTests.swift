import Foundation
import Testing
import ParleyGateway
@testable import ParleyEngine

/// Which temperature and token limit each request carries: the turn's (flags, `/set`, a role)
/// field by field over the model's in the config, else none.
@Suite struct ConductorParametersTests {
    private func parameters(for chain: [ModelRef], turn: RequestParameters) async -> [String: RequestParameters] {
        var configured = Provider(name: "p1", preset: .openrouter, baseURL: "http://127.0.0.1:9/v1")
        configured.modelParameters = ["tuned": RequestParameters(temperature: 0.1, maxTokens: 300)]
        var scripts: [String: [[Step]]] = [:]
        for model in chain.dropLast() { scripts[model.model] = [[.fail(.server(status: 400, message: "no", retryAfter: nil))]] }
        let transport = ScriptedTransport(scripts)
        let conductor = Conductor(providers: ["p1": configured], transport: transport,
                                  policy: ConductorPolicy(randomSeed: 1), clock: VirtualClock())
        _ = await collect(await conductor.send(question, plan: RoutePlan(chain: chain, parameters: turn)))
        let models = await transport.log.models, sent = await transport.log.parameters
        return Dictionary(zip(models, sent)) { first, _ in first }
    }

    @Test func theConfigsPerModelParametersAreSent() async {
        let sent = await parameters(for: [.t("tuned"), .t("plain")], turn: RequestParameters())
        #expect(sent["tuned"] == RequestParameters(temperature: 0.1, maxTokens: 300))
        #expect(sent["plain"] == RequestParameters())
    }

    @Test func theTurnsParametersWinFieldByField() async {
        let sent = await parameters(for: [.t("tuned"), .t("plain")], turn: RequestParameters(temperature: 0.9))
        #expect(sent["tuned"] == RequestParameters(temperature: 0.9, maxTokens: 300))
        #expect(sent["plain"] == RequestParameters(temperature: 0.9))
    }
}

/// Reading files for `-f` and `/attach`, and how they go into the message.
@Suite struct AttachmentTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-attach-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aTextFileIsReadAndFencedUnderItsName() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "let x = 1\n".write(to: dir.appendingPathComponent("main.swift"), atomically: true, encoding: .utf8)
        let file = try Attachment.read("main.swift", relativeTo: dir.path)
        #expect(file == Attachment(name: "main.swift", text: "let x = 1\n"))
        #expect(Attachment.message("Explain", attachments: [file]) == "File: main.swift\n```swift\nlet x = 1\n```\n\nExplain")
        // A file holding a fence gets a longer one, so it cannot close the fence early.
        let tricky = Attachment(name: "README.md", text: "```sh\nls\n```")
        #expect(Attachment.message("?", attachments: [tricky]) == "File: README.md\n````md\n```sh\nls\n```\n````\n\n?")
        // The extension names the language only when it is a plain short word.
        #expect(Attachment.message("?", attachments: [Attachment(name: "Makefile", text: "all:")]) == "File: Makefile\n```\nall:\n```\n\n?")
        #expect(Attachment.message("?", attachments: [Attachment(name: "a.<U+001B>[31m", text: "x")]) == "File: a.<U+001B>[31m\n```\nx\n```\n\n?")
    }

    /// A conversation started with attached files is titled by what was asked, not by the header.
    @Test func aConversationIsTitledByTheQuestionAfterItsFiles() {
        let files = [Attachment(name: "notes.txt", text: "milk\n```\neggs"), Attachment(name: "b.py", text: "x = 1\n")]
        let message = Attachment.message("What is on the list?\nBe brief.", attachments: files)
        #expect(Attachment.question(of: message) == "What is on the list?\nBe brief.")
        #expect(ConversationTurn.Target.title(for: message) == "What is on the list?")
        // Text that only looks like a header is the question itself.
        #expect(ConversationTurn.Target.title(for: "File: not a header") == "File: not a header")
        #expect(ConversationTurn.Target.title(for: String(repeating: "y", count: 80)).count == 60)
    }

    @Test func binaryLargeMissingAndDirectoriesAreRefusedByName() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]).write(to: dir.appendingPathComponent("logo.png"))
        try Data(repeating: 0x61, count: Attachment.maximumBytes + 1).write(to: dir.appendingPathComponent("big.txt"))
        try Data(repeating: 0x61, count: Attachment.maximumBytes).write(to: dir.appendingPathComponent("edge.txt"))
        try Data([0x66, 0xFF, 0xFE]).write(to: dir.appendingPathComponent("latin1.txt"))
        func problem(_ name: String) -> String {
            do { _ = try Attachment.read(name, relativeTo: dir.path); return "read" } catch { return String(describing: error) }
        }
        #expect(problem("logo.png") == "cannot attach logo.png: is not a text file (binary or not UTF-8); only text can be attached")
        #expect(problem("latin1.txt").contains("not a text file"))
        #expect(problem("big.txt") == "cannot attach big.txt: is larger than 256 KiB, the most Parley attaches")
        #expect(problem("edge.txt") == "read")
        #expect(problem("gone.txt") == "cannot attach gone.txt: no such file")
        #expect(problem(".") == "cannot attach .: is a directory, not a file")
    }

    /// `/attach` on a named pipe nobody writes to used to wait forever for a writer; a pipe
    /// with one (`-f <(git diff)`) is read like a file; a device is refused.
    @Test(.timeLimit(.minutes(1))) func pipesAreReadWithoutWaitingForAWriterAndDevicesAreRefused() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        func problem(_ path: String) -> String {
            do { _ = try Attachment.read(path, relativeTo: dir.path); return "read" } catch { return String(describing: error) }
        }
        #expect(problem("fifo") == "cannot attach fifo: is a pipe with nothing written to it")
        #expect(problem("/dev/null") == "cannot attach /dev/null: is a device, not a file")

        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let writer = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        try writer.write(contentsOf: Data("diff --git a/x b/x\n".utf8))
        try writer.close()
        let read = try Attachment.read("/proc/self/fd/\(ends[0])")
        close(ends[0])
        #expect(read.text == "diff --git a/x b/x\n")
    }

    @Test func aHostileFileNameIsShownHarmless() throws {
        let dir = try directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = "evil\u{1B}]52;c;AAAA\u{07}\n\u{202E}txt.sh"
        try "x".write(to: dir.appendingPathComponent(hostile), atomically: true, encoding: .utf8)
        let file = try Attachment.read(hostile, relativeTo: dir.path)
        #expect(!file.name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        #expect(file.name.hasPrefix("evil^[]52;c;AAAA^G^J"))
        do { _ = try Attachment.read(hostile + "-missing", relativeTo: dir.path) } catch {
            #expect(!String(describing: error).unicodeScalars.contains { $0.value < 0x20 })
        }
    }
}

/// The context guard: when a conversation is too long for a model, and the shorter one it offers.
@Suite struct ContextGuardTests {
    private func message(_ role: ChatMessage.Role, _ characters: Int) -> ChatMessage {
        ChatMessage(role: role, content: String(repeating: "a", count: characters))
    }

    @Test func anUnknownLengthOrAShortConversationFits() {
        let messages = [message(.user, 4000)]
        #expect(ContextGuard.check(messages, contextLength: nil) == .fits)
        #expect(ContextGuard.check(messages, contextLength: 8192) == .fits)
    }

    @Test func aLongConversationIsTooLongWithRoomForTheAnswer() {
        // 6500 tokens of question leave less than the 2048 kept for the answer in 8192.
        #expect(ContextGuard.check([message(.user, 24_000)], contextLength: 8192) == .fits)
        let verdict = ContextGuard.check([message(.user, 26_000)], contextLength: 8192)
        #expect(verdict == .tooLong(estimated: 6504, limit: 8192))
    }

    @Test func theRecentTurnsKeepTheSystemPromptAndStartWithAQuestion() throws {
        let messages = [message(.system, 40), message(.user, 12_000), message(.assistant, 12_000),
                        message(.user, 8000), message(.assistant, 4000), message(.user, 400)]
        let recent = try #require(ContextGuard.recentTurns(messages, contextLength: 8192))
        #expect(recent.map(\.role) == [.system, .user, .assistant, .user])
        #expect(recent.last == messages.last)
        #expect(ContextGuard.check(recent, contextLength: 8192) == .fits)
        #expect(ContextGuard.recentTurns([message(.user, 40_000)], contextLength: 8192) == nil)
    }
}
