import Foundation
import Testing

/// Hostile numbers, closed pipes and odd flags through the real binary (the release build in
/// CI): each must end in a clear message or a quiet stop, never a trap with a backtrace.
@Suite("Hostile input, end to end", .serialized)
struct HostileInputEndToEndTests {
    private func run(_ arguments: [String], home: TemporaryHome) async throws -> RunResult {
        try await runParley(arguments, environment: home.environment())
    }

    private func expectNoTrap(_ result: RunResult, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.stderr.contains("Backtrac"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test func modelsListsTheDemoCatalogueInEveryForm() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let all = try await run(["models"], home: home)
        #expect(all.status == 0, "\(all.stderr)")
        expectNoTrap(all)
        #expect(all.stdout.contains("MODEL"))
        #expect(all.stdout.contains("demo:fast"))
        #expect(all.stdout.contains("128000"))

        let one = try await run(["models", "demo"], home: home)
        #expect(one.status == 0, "\(one.stderr)")
        #expect(one.stdout.contains("demo:echo"))

        let json = try await run(["models", "--json"], home: home)
        #expect(json.status == 0, "\(json.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let fast = try #require(rows.first { $0["id"] as? String == "fast" })
        #expect(fast["provider"] as? String == "demo")
        #expect(fast["context_length"] as? Int == 128_000)

        let unknown = try await run(["models", "nowhere"], home: home)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown provider 'nowhere'"))
    }

    /// Every provider's list under its own name, asked all at once, one dead provider reported
    /// alone. (The release build once attributed one provider's list to another, or to none: see
    /// ModelsCommand.catalogues.)
    @Test func modelsOfManyProvidersKeepTheirOwnRows() async throws {
        let home = try TemporaryHome()
        let sim = try SimProcess(environment: home.environment())
        defer { home.remove(); sim.stop() }
        let names = ["alpha", "bravo", "charlie", "delta", "echo"]
        var config = names.map { name in
            "[providers.\(name)]\npreset = \"custom\"\nbase_url = \"\(sim.baseURL)\"\nmodels = [\"only-\(name)\"]\n"
        }.joined(separator: "\n")
        config += "\n[providers.dead]\npreset = \"custom\"\nbase_url = \"http://127.0.0.1:1/v1\"\n"
        try config.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        for _ in 0..<3 {
            let models = try await run(["models"], home: home)
            expectNoTrap(models)
            #expect(models.status == 1, "\(models.stderr)")
            let failures = models.stderr.split(separator: "\n")
            #expect(failures.count == 1 && failures.first?.hasPrefix("parley: dead: ") == true, "\(models.stderr)")
            let lines = models.stdout.split(separator: "\n")
            for name in names {
                // The configured id and the listed catalogue, both under this provider's name.
                #expect(lines.contains { $0.contains("\(name):only-\(name)") }, "\(name):\n\(models.stdout)")
                #expect(lines.contains { $0.contains("\(name):fast") }, "\(name):\n\(models.stdout)")
                #expect(!lines.contains { $0.contains("\(name):only-") && !$0.contains("\(name):only-\(name)") })
            }
        }
    }

    @Test func anAbsurdRetryAfterSkipsTheModelWithALogLine() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await run(["ask", "-v", "-m", "demo:retry-forever", "--fallback", "demo:echo", "still answered"], home: home)
        #expect(result.status == 0, "\(result.stderr)")
        expectNoTrap(result)
        #expect(result.stdout.contains("still answered"))
        #expect(result.stderr.contains("more than 60 s"), "\(result.stderr)")
    }

    @Test func aPortOutsideItsRangeIsAUsageError() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let flag = try await run(["ask", "--base-url", "http://127.0.0.1:99999/v1", "-m", "x", "hi"], home: home)
        #expect(flag.status == 2)
        expectNoTrap(flag)
        #expect(flag.stderr.contains("--base-url"))
        #expect(flag.stderr.contains("from 1 to 65535"))

        let timeout = try await run(["ask", "--timeout", "1e300", "hi"], home: home)
        #expect(timeout.status == 2)
        #expect(timeout.stderr.contains("--timeout"))
    }

    @Test func configCheckListsEveryProblemWithItsLine() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try """
            [providers.local]
            base_url = "http://127.0.0.1:70000/v1"

            [timeouts]
            total = 1e300
            connect = 1e18

            [retry]
            cooldown = 1e300
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let check = try await run(["config", "check"], home: home)
        #expect(check.status == 2)
        expectNoTrap(check)
        for fragment in ["config.toml:2: key 'providers.local.base_url'", "config.toml:6: key 'timeouts.connect'",
                         "config.toml:5: key 'timeouts.total'", "config.toml:9: key 'retry.cooldown'"] {
            #expect(check.stderr.contains(fragment), "\(fragment) missing from \(check.stderr)")
        }
        #expect(check.stderr.contains("from 0 to 86400"))
        // Any command that loads the file stops at it the same way, with status 2.
        let ask = try await run(["ask", "hi"], home: home)
        #expect(ask.status == 2)
        #expect(ask.stderr.contains("config.toml:2"))
    }

    @Test(arguments: [["ask", "-m", "demo:long"], ["compare", "-m", "demo:long", "-m", "demo:fast"]])
    func aClosedStdoutEndsQuietlyAndKeepsTheAnswer(command: [String]) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let process = Process()
        process.executableURL = ParleyBinary.url
        process.arguments = command + ["a long answer please"]
        process.environment = home.environment()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stderrDrain = PipeDrain(err)
        let watchdog = Watchdog(pid: process.processIdentifier, deadline: .seconds(60))
        // Like `| head -c 1`: read one byte, then go away.
        _ = await readSome(out, upTo: 1)
        try out.fileHandleForReading.close()
        await waitForExit(process)
        watchdog.cancel()
        let stderr = await stderrDrain.collect()
        let result = RunResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: stderr, as: UTF8.self))
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(result.status == 0, "\(result.stderr)")
        expectNoTrap(result)
        // What was recorded stays: the question and the answer are in the history.
        let history = try await run(["history"], home: home)
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("a long answer please"))
    }
}
