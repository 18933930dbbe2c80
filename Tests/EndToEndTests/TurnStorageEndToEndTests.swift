import Foundation
import Testing

/// The turn's budget and storage rules through the real binary: `compare` honours `[budget]`,
/// a failed write is a warning and exit status 3, and the read-only commands read a database
/// that cannot be written.
@Suite("budget and storage, end to end", .serialized)
struct TurnStorageEndToEndTests {
    @discardableResult
    private func sqlite(_ database: URL, _ sql: String) async throws -> String {
        let result = try await runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"), [database.path, sql])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func compareIsRefusedOverTheDailyBudget() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        try "[budget]\ndaily_usd = 0.000001\n".write(to: home.url.appendingPathComponent("config.toml"),
                                                      atomically: true, encoding: .utf8)
        let first = try await runParley(["ask", "-m", "demo:premium", "spend a little"], environment: home.environment())
        #expect(first.status == 0, "\(first.stderr)")
        let compare = try await runParley(["compare", "-m", "demo:fast", "-m", "demo:premium", "and more"],
                                          environment: home.environment())
        #expect(compare.status == 1)
        #expect(compare.stderr.contains("refused: daily budget"), "\(compare.stderr)")
        #expect(compare.stdout.isEmpty)
        let history = try await runParley(["history"], environment: home.environment())
        #expect(!history.stdout.contains("compare: and more"))
    }

    @Test func aFailedWriteWarnsAndExitsWithTheStorageStatusWhileTheAnswerIsPrinted() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let created = try await runParley(["ask", "-m", "demo:echo", "first"], environment: home.environment())
        #expect(created.status == 0)
        // Answers can no longer be stored, as on a full disk; the question still can.
        try await sqlite(home.url.appendingPathComponent("parley.db"), """
            CREATE TRIGGER full_disk BEFORE INSERT ON message WHEN NEW.role = 'assistant'
            BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
            """)
        let ask = try await runParley(["ask", "-m", "demo:echo", "second answer"], environment: home.environment())
        #expect(ask.status == 3, "\(ask.stderr)")
        #expect(ask.stdout.contains("second answer"))
        #expect(ask.stderr.contains("warning: could not save to the history"), "\(ask.stderr)")
        let compare = try await runParley(["compare", "-m", "demo:echo", "-m", "demo:fast", "third"],
                                          environment: home.environment())
        #expect(compare.status == 3, "\(compare.stderr)")
        #expect(compare.stdout.contains("=== [1] demo:echo ==="))
        #expect(compare.stderr.contains("warning: could not save to the history"))
    }

    @Test func historyAndUsageReadADatabaseLockedByAWriter() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let created = try await runParley(["ask", "-m", "demo:premium", "kept question"], environment: home.environment())
        #expect(created.status == 0)
        let database = home.url.appendingPathComponent("parley.db")
        // Another process holds the write lock for the whole test.
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        locker.arguments = [database.path]
        let input = Pipe()
        locker.standardInput = input
        try locker.run()
        // Killed by the timer if the test ends early; reaped below otherwise.
        let watchdog = Watchdog(pid: locker.processIdentifier, deadline: .seconds(90))
        input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\nINSERT INTO conversation (id, title, system_prompt, created_at, updated_at) VALUES ('x','x',NULL,0,0);\n".utf8))
        // Wait until the lock is really held: a writer that does not wait gets "locked".
        let held = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < held {
            let probe = try await runProgram(URL(fileURLWithPath: "/usr/bin/sqlite3"),
                                             [database.path, "BEGIN IMMEDIATE; ROLLBACK;"])
            if probe.status != 0, probe.stderr.contains("locked") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let history = try await runParley(["history"], environment: home.environment())
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("kept question"))
        let usage = try await runParley(["usage"], environment: home.environment())
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(usage.stdout.contains("demo:premium"))
        try? input.fileHandleForWriting.close()
        locker.terminate()
        await waitForExit(locker)
        watchdog.cancel()
    }

    @Test func historyAndUsageReadAReadOnlyDatabase() async throws {
        let home = try TemporaryHome()
        defer {
            try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: home.url.path)
            home.remove()
        }
        let created = try await runParley(["ask", "-m", "demo:premium", "read only question"], environment: home.environment())
        #expect(created.status == 0)
        let database = home.url.appendingPathComponent("parley.db")
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: home.url.path)
        let history = try await runParley(["history"], environment: home.environment())
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("read only question"))
        let usage = try await runParley(["usage"], environment: home.environment())
        #expect(usage.status == 0, "\(usage.stderr)")
        #expect(usage.stdout.contains("demo:premium"))
    }

    /// A database with one conversation and an answer left `streaming` (id `killed`), as a
    /// process killed mid-answer leaves it.
    private func databaseWithAKilledAnswer(in home: TemporaryHome) async throws -> URL {
        let created = try await runParley(["ask", "-m", "demo:echo", "before the crash"], environment: home.environment())
        #expect(created.status == 0)
        let database = home.url.appendingPathComponent("parley.db")
        try await sqlite(database, """
            INSERT INTO message (id, conversation_id, role, content, model, status, created_at, updated_at)
            SELECT 'killed', id, 'assistant', 'half an answ', 'demo:slow', 'streaming', 1, 1 FROM conversation LIMIT 1;
            """)
        return database
    }

    /// The chat leaves its start-up writes and the demo gateway's server until its first frame is
    /// drawn: both still happen, without a command from the user.
    @Test func theChatMarksAKilledAnswerInterruptedAndServesTheDemoAfterItsFirstFrame() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let database = try await databaseWithAKilledAnswer(in: home)
        let tui = try TmuxSession(command: [ParleyBinary.url.path, "-m", "demo:echo"], environment: home.environment())
        defer { tui.kill() }
        try await tui.waitFor("demo:echo")
        var row = ""
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            row = try await sqlite(database, "SELECT status || '|' || error FROM message WHERE id = 'killed'")
            if row.hasPrefix("partial|interrupted") { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(row.hasPrefix("partial|interrupted"), "\(row)")
        try tui.send("after the crash", literal: true)
        try tui.send("Enter")
        // The echo model's answer repeats the message under it.
        try await tui.waitUntil("the echoed answer") {
            $0.contains("◆ demo:echo") && $0.components(separatedBy: "after the crash").count == 3
        }
    }

    @Test func anAnswerAKilledProcessLeftStreamingIsMarkedInterruptedAtTheNextStart() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let database = try await databaseWithAKilledAnswer(in: home)
        let next = try await runParley(["ask", "-m", "demo:echo", "after the crash"], environment: home.environment())
        #expect(next.status == 0, "\(next.stderr)")
        let row = try await sqlite(database, "SELECT status || '|' || error FROM message WHERE id = 'killed'")
        #expect(row.hasPrefix("partial|interrupted"), "\(row)")
    }
}
