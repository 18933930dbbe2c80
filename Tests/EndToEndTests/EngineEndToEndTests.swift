import Foundation
import Testing

/// Fallback, the ledger, history and comparison through the real binary, against the demo
/// gateway (the simulator in process), with a fresh PARLEY_HOME per test.
@Suite("Fallback, ledger and history, end to end")
struct EngineEndToEndTests {
    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aFailingModelFallsBackAndTheJSONListsEveryAttempt() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["ask", "-m", "demo:broken", "--fallback", "demo:echo", "--json", "-v", "fall back please"],
                                         environment: home.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        #expect(object["model"] as? String == "demo:echo")
        #expect(object["text"] as? String == "fall back please")
        let attempts = try #require(object["attempts"] as? [[String: Any]])
        #expect(attempts.filter { $0["model"] as? String == "demo:broken" }.count == 3, "two retries, then fall back")
        #expect(attempts.last?["ok"] as? Bool == true)
        // --verbose: the fallback log on stderr.
        #expect(result.stderr.contains("demo:broken  500 server error"))
        #expect(result.stderr.contains("falling back to demo:echo"))
    }

    @Test func aStreamThatBreaksOffKeepsItsTextAndTheNextModelAnswers() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["ask", "-m", "demo:drop", "--fallback", "demo:echo", "partial then whole"],
                                         environment: home.environment())
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count >= 2)
        #expect(lines.last == "partial then whole")
        #expect(result.stderr.contains("demo:drop broke off"))
        let history = try await runParley(["history", "show", "--json", String(try await latestConversation(home))],
                                          environment: home.environment())
        #expect(history.stdout.contains("partial"), "the partial answer is stored and marked")
    }

    @Test func everyModelFailingExitsOneAndNamesEachModel() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["ask", "-m", "demo:broken", "--fallback", "demo:no-such", "nothing works"],
                                         environment: home.environment())
        #expect(result.status == 1)
        #expect(result.stderr.contains("every model failed: demo:broken: 500"), "\(result.stderr)")
        #expect(result.stderr.contains("demo:no-such: 404"))
        // The question was kept although no model answered.
        let history = try await runParley(["history", "search", "nothing works"], environment: home.environment())
        #expect(history.status == 0)
    }

    @Test func anAuthenticationFailureSkipsTheProvidersOtherModels() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["ask", "-m", "demo:unauthorized", "--fallback", "demo:echo", "-v", "who am I"],
                                         environment: home.environment())
        #expect(result.status == 1)
        #expect(result.stderr.contains("demo:echo  skipped"), "\(result.stderr)")
        #expect(result.stderr.contains("demo:unauthorized failed: 401 authentication failed"))
    }

    @Test func theLedgerSumsWhatTheAnswersReported() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        var completion = 0
        var cost = 0.0
        for prompt in ["first question", "second question", "a third, longer question about gateways"] {
            let result = try await runParley(["ask", "-m", "demo:cheap", "--json", prompt], environment: home.environment())
            #expect(result.status == 0)
            let object = try json(result.stdout)
            completion += (object["usage"] as? [String: Any])?["completion_tokens"] as? Int ?? 0
            cost += object["cost_usd"] as? Double ?? 0
        }
        let usage = try await runParley(["usage", "--json"], environment: home.environment())
        #expect(usage.status == 0, "\(usage.stderr)")
        let rows = try #require(try json(usage.stdout)["rows"] as? [[String: Any]])
        let cheap = try #require(rows.first { $0["key"] as? String == "demo:cheap" })
        #expect(cheap["requests"] as? Int == 3)
        #expect(cheap["completion_tokens"] as? Int == completion)
        #expect(abs((cheap["cost_usd"] as? Double ?? 0) - cost) < 1e-9)
        #expect(completion > 0)
    }

    @Test func continueSendsTheEarlierConversation() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        _ = try await runParley(["ask", "-m", "demo:echo", "remember the word heliotrope"], environment: home.environment())
        let second = try await runParley(["ask", "-m", "demo:echo", "--continue", "--json", "and now?"], environment: home.environment())
        #expect(second.status == 0)
        let list = try await runParley(["history", "list"], environment: home.environment())
        #expect(list.stdout.split(separator: "\n").count == 2, "one header and one conversation: \(list.stdout)")
        let export = try await runParley(["history", "export", String(try await latestConversation(home)), "--format", "md"],
                                         environment: home.environment())
        #expect(export.stdout.contains("heliotrope"))
        #expect(export.stdout.contains("and now?"))
    }

    @Test func killNineMidStreamLosesAtMostASecondAndLeavesTheDatabaseIntact() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        // 10 tokens per second for 40 tokens: plenty of time to kill it in the middle.
        let (process, out) = try launchParley(["ask", "-m", "demo:slow", "a story to be cut short"],
                                              environment: home.environment())
        var printed = Data()
        let clock = ContinuousClock()
        var firstByte: ContinuousClock.Instant?
        // Read until 2.5 s of streaming have been printed, then kill without warning.
        while firstByte.map({ clock.now - $0 < .milliseconds(2500) }) ?? true {
            let chunk = await readSome(out, upTo: 64)
            guard !chunk.isEmpty else { break }
            printed += chunk
            if firstByte == nil { firstByte = clock.now }
        }
        kill(process.processIdentifier, SIGKILL)
        await waitForExit(process)
        let printedText = String(decoding: printed, as: UTF8.self)
        #expect(printedText.count > 20)

        let show = try await runParley(["history", "show", String(try await latestConversation(home))], environment: home.environment())
        #expect(show.status == 0, "the database opens after kill -9: \(show.stderr)")
        #expect(show.stdout.contains("a story to be cut short"), "the question was committed before sending")
        // At 10 tokens per second, one second is ten words: what was saved must cover all but
        // the last second of what was printed.
        let words = printedText.split(separator: " ")
        let savedPrefix = words.dropLast(12).joined(separator: " ")
        #expect(show.stdout.contains(savedPrefix), "saved: \(show.stdout)\nprinted: \(printedText)")
    }

    @Test func twoProcessesAtOnceBothRecord() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        async let a = runParley(["ask", "-m", "demo:fast", "from process one"], environment: home.environment())
        async let b = runParley(["ask", "-m", "demo:fast", "from process two"], environment: home.environment())
        let (first, second) = try await (a, b)
        #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
        let usage = try await runParley(["usage", "--json"], environment: home.environment())
        let rows = try #require(try json(usage.stdout)["rows"] as? [[String: Any]])
        #expect(rows.first { $0["key"] as? String == "demo:fast" }?["requests"] as? Int == 2)
    }

    @Test func compareStreamsLanesAndOneFailureDoesNotSinkTheOthers() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let result = try await runParley(["compare", "-m", "demo:echo", "-m", "demo:broken", "-m", "demo:cheap", "--json", "compare me"],
                                         environment: home.environment())
        let object = try json(result.stdout)
        let lanes = try #require(object["lanes"] as? [[String: Any]])
        #expect(lanes.count == 3)
        #expect(lanes[0]["ok"] as? Bool == true && lanes[0]["text"] as? String == "compare me")
        #expect(lanes[1]["ok"] as? Bool == false)
        #expect(lanes[2]["ok"] as? Bool == true)
        let usage = try await runParley(["usage", "--json"], environment: home.environment())
        #expect(usage.stdout.contains("demo:cheap") && usage.stdout.contains("demo:broken"))
    }

    /// The id of the most recent conversation, from `history list --json`.
    private func latestConversation(_ home: TemporaryHome) async throws -> Substring {
        let text = try await runParley(["history", "list"], environment: home.environment()).stdout
        let row = try #require(text.split(separator: "\n").dropFirst().first)
        return try #require(row.split(separator: " ").first)
    }
}
