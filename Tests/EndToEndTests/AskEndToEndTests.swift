import Foundation
import Testing

/// `parley ask` as a script runs it: the real binary against the simulator, checking stdout,
/// stderr and the exit status.
@Suite("parley ask, end to end", .serialized)
struct AskEndToEndTests {
    private func ask(_ arguments: [String], stdin: String? = nil) async throws -> RunResult {
        let home = try TemporaryHome()
        defer { home.remove() }
        return try await runParley(["ask"] + arguments, stdin: stdin, environment: home.environment())
    }

    @Test func answersOnTheDemoGatewayWithNoConfiguration() async throws {
        let result = try await ask(["-m", "demo:echo", "hello from the test"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("hello from the test"))
        #expect(!result.stderr.contains("error"))
    }

    @Test func readsThePromptFromStdin() async throws {
        let piped = try await ask(["-m", "demo:echo"], stdin: "a prompt on stdin\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.contains("a prompt on stdin"))
        let dash = try await ask(["-m", "demo:echo", "-"], stdin: "dash prompt")
        #expect(dash.stdout.contains("dash prompt"))
    }

    @Test func jsonOutputHasModelTextUsageAndTimings() async throws {
        let result = try await ask(["-m", "demo:fast", "--json", "Tell me something"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "demo:fast")
        #expect((object["text"] as? String)?.isEmpty == false)
        let usage = try #require(object["usage"] as? [String: Any])
        #expect((usage["completion_tokens"] as? Int ?? 0) > 0)
        let timings = try #require(object["timings"] as? [String: Any])
        #expect(timings["first_token_ms"] is Double || timings["first_token_ms"] is Int)
        #expect(object["error"] is NSNull)
    }

    @Test func noStreamGivesTheSameAnswerAsStreaming() async throws {
        let streamed = try await ask(["-m", "demo:fast", "same prompt"])
        let whole = try await ask(["-m", "demo:fast", "--no-stream", "same prompt"])
        #expect(streamed.status == 0 && whole.status == 0)
        #expect(streamed.stdout == whole.stdout)
    }

    @Test(arguments: [
        ("demo:rate-limited", "429"),
        ("demo:broken", "500"),
        ("demo:error-chunk", "error inside the stream"),
        ("demo:drop", "network error"),
        ("demo:no-such-model", "404"),
        ("demo:unauthorized", "401 authentication failed"),
        ("demo:forbidden", "403 authentication failed"),
        ("demo:no-credit", "402 payment required"),
        ("demo:overloaded", "503"),
        ("demo:garbage", "malformed stream"),
        ("demo:litellm-error", "error inside the stream"),
    ])
    func failingModelsExitOneWithOneClearLine(_ model: String, _ expected: String) async throws {
        let result = try await ask(["-m", model, "--first-token-timeout", "5", "--idle-timeout", "5", "hi"])
        #expect(result.status == 1, "stdout: \(result.stdout) stderr: \(result.stderr)")
        let lines = result.stderr.split(separator: "\n").filter { $0.hasPrefix("parley: ") }
        #expect(lines.contains { $0.contains(model) && $0.contains(expected) }, "stderr was: \(result.stderr)")
    }

    @Test func aStreamWithoutUsageGetsEstimatedFigures() async throws {
        let result = try await ask(["-m", "demo:no-usage", "--json", "count my tokens"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let usage = try #require(object["usage"] as? [String: Any])
        #expect(usage["estimated"] as? Bool == true)
        #expect((usage["completion_tokens"] as? Int ?? 0) > 0)
    }

    @Test func aSilentServerHitsTheFirstTokenTimeout() async throws {
        let result = try await ask(["-m", "demo:silent", "--first-token-timeout", "1", "hi"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("demo:silent failed: timed out waiting for the first token"), "\(result.stderr)")
    }

    @Test func aStalledStreamKeepsItsTextAndFailsOnTheIdleTimeout() async throws {
        let result = try await ask(["-m", "demo:stall", "--idle-timeout", "1", "hi"])
        #expect(result.status == 1)
        #expect(!result.stdout.isEmpty, "the partial answer stays on stdout")
        #expect(result.stderr.contains("stalled"), "\(result.stderr)")
    }

    @Test func pipedOutputPassesEscapesThroughAsReceived() async throws {
        let result = try await ask(["-m", "demo:escapes", "hi"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\u{1B}["))
    }

    @Test func usageErrorsExitTwo() async throws {
        let unknownProvider = try await ask(["-m", "nowhere:model", "hi"])
        #expect(unknownProvider.status == 2)
        #expect(unknownProvider.stderr.contains("unknown provider 'nowhere'"))
        let badFlag = try await ask(["--timeout", "-3", "hi"])
        #expect(badFlag.status == 2)
        let emptyStdin = try await ask(["-m", "demo:echo"], stdin: "  \n")
        #expect(emptyStdin.status == 2)
        #expect(emptyStdin.stderr.contains("empty"))
        let keyWithoutURL = try await ask(["--api-key-env", "X", "hi"])
        #expect(keyWithoutURL.status == 2)
    }

    @Test func talksToAnyBaseURLWithAKeyFromTheEnvironment() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let sim = try SimProcess(environment: home.environment())
        defer { sim.stop() }
        let env = home.environment(["MY_TEST_KEY": "sk-test-0123456789abcdef"])
        let result = try await runParley(["ask", "--base-url", sim.baseURL, "--api-key-env", "MY_TEST_KEY", "-m", "echo", "via base url"],
                                         environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("via base url"))
        #expect(!result.stdout.contains("0123456789abcdef") && !result.stderr.contains("0123456789abcdef"))
    }

    @Test func interruptExits130() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let (process, out) = try launchParley(["ask", "-m", "demo:slow", "tell me a long story"],
                                              environment: home.environment())
        // Wait for the answer to start streaming, then interrupt it.
        _ = await readSome(out, upTo: 1)
        kill(process.processIdentifier, SIGINT)
        await waitForExit(process)
        #expect(process.terminationStatus == 130)
    }

    @Test func helpAndVersion() async throws {
        let help = try await ask(["--help"])
        #expect(help.status == 0)
        for flag in ["--model", "--base-url", "--api-key-env", "--system", "--no-stream", "--json", "--timeout", "--first-token-timeout"] {
            #expect(help.stdout.contains(flag), "help lacks \(flag)")
        }
        let home = try TemporaryHome()
        defer { home.remove() }
        let version = try await runParley(["--version"], environment: home.environment())
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
