import Foundation
import Testing

/// The cloud platforms' dialects through the real binary, against `parley sim` imitating each
/// (`/platform/NAME/…`, docs/simulator.md): `ask`, `models` and the chat.
@Suite("Cloud platforms, end to end")
struct PlatformEndToEndTests {
    /// A home with `config` written, a simulator, and the simulator's root URL (no `/v1`).
    private func setUp(_ config: (String) -> String) throws -> (TemporaryHome, SimProcess) {
        let home = try TemporaryHome()
        let sim = try SimProcess(environment: home.environment())
        let root = String(sim.baseURL.dropLast("/v1".count))
        try config(root).write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        return (home, sim)
    }

    /// A key command that prints a new token on every run and counts its runs in `file`.
    private func freshTokenCommand(_ file: URL) -> String {
        "n=$(cat \(file.path) 2>/dev/null || echo 0); n=$((n+1)); echo $n > \(file.path); echo tok-$n"
    }

    @Test func aHangingKeyCommandOfAnUnusedProviderNeitherRunsNorDelaysAsk() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.azure]
            preset = "azure"
            base_url = "\(root)/platform/azure/openai/v1"
            api_key_env = "AZ_KEY"

            [providers.vertex]
            preset = "vertex"
            project = "p"
            location = "us-central1"
            api_key_command = "touch MARKER; sleep 600; echo never"
            """.replacingOccurrences(of: "MARKER", with: "/tmp/never-\(home_marker)")
        }
        defer { home.remove(); sim.stop() }
        // A `sleep 600` that ran would hit this deadline long before finishing.
        let ask = try await runParley(["ask", "-m", "azure:echo", "hello azure"],
                                      environment: home.environment(["AZ_KEY": "k"]), deadline: .seconds(60))
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("hello azure"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/never-\(home_marker)"), "the unused provider's command ran")
    }

    @Test func azureContentFilterChunksAreAcceptedAndAFilteredAnswerSaysSo() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.azure]
            preset = "azure"
            base_url = "\(root)/platform/azure/openai/v1"
            api_key_env = "AZ_KEY"
            models = ["fast", "filtered-fast"]
            """
        }
        defer { home.remove(); sim.stop() }
        let env = home.environment(["AZ_KEY": "k"])
        let ok = try await runParley(["ask", "-m", "azure:echo", "through the filter"], environment: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("through the filter"))
        let filtered = try await runParley(["ask", "-m", "azure:filtered-fast", "tell me"], environment: env)
        #expect(filtered.status == 1)
        #expect(filtered.stderr.contains("content filter stopped the answer"), "\(filtered.stderr)")
        #expect(filtered.stderr.contains("violence"), "\(filtered.stderr)")
        let missing = try await runParley(["ask", "-m", "azure:gpt-4o-prod", "hi"], environment: env)
        #expect(missing.stderr.contains("no deployment named gpt-4o-prod"), "\(missing.stderr)")
        // Configured deployments come first and marked, then what /models lists.
        let models = try await runParley(["models", "azure"], environment: env)
        #expect(models.status == 0, "\(models.stderr)")
        let lines = models.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count > 3)
        #expect(lines[1].hasPrefix("azure:fast ") && lines[1].contains("(configured)"), "\(models.stdout)")
        #expect(lines[2].hasPrefix("azure:filtered-fast"), "\(models.stdout)")
        #expect(lines.filter { $0.hasPrefix("azure:fast ") }.count == 1, "no duplicates: \(models.stdout)")
    }

    @Test func geminiIdsLoseTheirPrefixAndItsRetryDelayIsHonoured() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.gemini]
            preset = "gemini"
            base_url = "\(root)/platform/gemini/v1beta/openai"
            """
        }
        defer { home.remove(); sim.stop() }
        let env = home.environment(["GEMINI_API_KEY": "g"])
        let models = try await runParley(["models", "gemini", "--json"], environment: env)
        #expect(models.status == 0, "\(models.stderr)")
        #expect(models.stdout.contains("\"fast\""), "\(models.stdout)")
        #expect(!models.stdout.contains("models/"), "\(models.stdout)")
        // The listed form still works when typed: requests take the bare id.
        let ask = try await runParley(["ask", "-m", "gemini:models/echo", "bare ids"], environment: env)
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("bare ids"))
        // 429 with its wait only in an array-wrapped body's RetryInfo: retried after that wait.
        let limited = try await runParley(["ask", "-v", "-m", "gemini:rate-limited@retry=0.2", "hi"], environment: env)
        #expect(limited.stderr.contains("You exceeded your current quota"), "\(limited.stderr)")
        #expect(limited.stderr.contains("retry in 0.2 s"), "\(limited.stderr)")
    }

    @Test func anthropicOverloadIsRetriedAndItsModelListIsRead() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.anthropic]
            preset = "anthropic"
            base_url = "\(root)/platform/anthropic/v1"

            [providers.plain]
            preset = "custom"
            base_url = "\(root)/v1"
            """
        }
        defer { home.remove(); sim.stop() }
        let env = home.environment(["ANTHROPIC_API_KEY": "a"])
        let ask = try await runParley(["ask", "-v", "-m", "anthropic:flaky@fails=1", "again"], environment: env)
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stderr.contains("529"), "\(ask.stderr)")
        let models = try await runParley(["models", "anthropic"], environment: env)
        #expect(models.status == 0, "\(models.stderr)")
        #expect(models.stdout.contains("anthropic:fast"), "\(models.stdout)")
        // The Anthropic dialect pages its list four models at a time (`has_more`, `after_id`):
        // every page is read, so it lists what the same simulator lists in one plain page.
        let plain = try await runParley(["models", "plain"], environment: env)
        let paged = models.stdout.split(separator: "\n").filter { $0.contains("anthropic:") }.count
        let whole = plain.stdout.split(separator: "\n").filter { $0.contains("plain:") }.count
        #expect(whole > 4 && paged == whole, "anthropic listed \(paged), plain \(whole):\n\(models.stdout)")
    }

    @Test func bedrockColonIdsConfiguredModelsAndItsAuthRefusal() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.bedrock]
            preset = "bedrock"
            base_url = "\(root)/platform/bedrock/openai/v1"
            api_key_env = "BR_KEY"
            models = ["openai.echo-1:0"]
            """
        }
        defer { home.remove(); sim.stop() }
        let ask = try await runParley(["ask", "-m", "bedrock:openai.echo-1:0", "colons"],
                                      environment: home.environment(["BR_KEY": "b"]))
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("colons"))
        // The runtime endpoint has no /models: the configured list is what there is.
        let models = try await runParley(["models", "bedrock"], environment: home.environment(["BR_KEY": "b"]))
        #expect(models.status == 0, "\(models.stderr)")
        #expect(models.stdout.contains("bedrock:openai.echo-1:0"), "\(models.stdout)")
        let refused = try await runParley(["ask", "-m", "bedrock:openai.echo-1:0", "hi"],
                                          environment: home.environment(["BR_KEY": "invalid-key"]))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("403 authentication failed: The security token included in the request is invalid"),
                "\(refused.stderr)")
    }

    @Test func aChatSurvivesAVertexTokenExpiringBetweenTwoMessages() async throws {
        let counter = FileManager.default.temporaryDirectory.appendingPathComponent("parley-token-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: counter) }
        let (home, sim) = try setUp { root in
            """
            default_model = "vertex:google/echo"

            [providers.vertex]
            preset = "vertex"
            base_url = "\(root)/platform/vertex/v1/projects/p/locations/us-central1/endpoints/openapi"
            api_key_command = "\(freshTokenCommand(counter))"
            models = ["google/echo"]
            """
        }
        defer { home.remove(); sim.stop() }
        let tui = try TmuxSession.parley(["chat"], environment: home.environment(), width: 100, height: 40)
        defer { tui.kill() }
        try await tui.waitFor("vertex:google/echo")
        try tui.send("first message", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("◆ vertex:google/echo", deadline: .seconds(60))
        // The simulator's Vertex takes each token once: the second message meets a 401
        // ACCESS_TOKEN_EXPIRED, and the key command runs again.
        try tui.send("second message", literal: true)
        try tui.send("Enter")
        let screen = try await tui.waitUntil(deadline: .seconds(60), "the second answer arrives") {
            $0.components(separatedBy: "second message").count > 2
        }
        #expect(!screen.contains("authentication failed"), "\(screen)")
        #expect((try? String(contentsOf: counter, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
        #expect(!screen.contains("tok-"), "a token never reaches the screen:\n\(screen)")
    }

    @Test func aTokenThatIsRefusedEvenFreshSaysTheCredentialsAreWrong() async throws {
        let (home, sim) = try setUp { root in
            """
            [providers.vertex]
            preset = "vertex"
            base_url = "\(root)/platform/vertex/v1/projects/p/locations/us-central1/endpoints/openapi"
            api_key_command = "echo same-token-every-time"
            """
        }
        defer { home.remove(); sim.stop() }
        let first = try await runParley(["ask", "-m", "vertex:google/echo", "one"], environment: home.environment())
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await runParley(["ask", "-m", "vertex:google/echo", "two"], environment: home.environment())
        #expect(second.status == 1)
        #expect(second.stderr.contains("ACCESS_TOKEN_EXPIRED") || second.stderr.contains("invalid authentication"), "\(second.stderr)")
        #expect(second.stderr.contains("the credentials are wrong"), "\(second.stderr)")
        #expect(!second.stderr.contains("same-token-every-time"))
    }
}

/// A file name no other test run uses.
private let home_marker = UUID().uuidString

@Suite("Cloud platforms in the chat, end to end")
struct PlatformChatEndToEndTests {
    @Test func thePickerOffersConfiguredModelsOfAnEndpointThatListsNone() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let sim = try SimProcess(environment: home.environment())
        defer { sim.stop() }
        let root = String(sim.baseURL.dropLast("/v1".count))
        try """
            default_model = "bedrock:openai.echo-1:0"

            [providers.bedrock]
            preset = "bedrock"
            base_url = "\(root)/platform/bedrock/openai/v1"
            api_key_env = "BR_API_KEY"
            models = ["openai.echo-1:0", "openai.fast-1:0"]
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let tui = try TmuxSession.parley(["chat"], environment: home.environment(["BR_API_KEY": "b"]), width: 100, height: 30)
        defer { tui.kill() }
        try await tui.waitFor("bedrock:openai.echo-1:0")
        try tui.send("C-o")
        try await tui.waitFor("Models")
        // Only the configuration names this model: the runtime endpoint lists none.
        try tui.send("fast-1", literal: true)
        try await tui.waitFor("bedrock:openai.fast-1:0")
        try tui.send("Enter")
        try await tui.waitUntil("status shows the chosen model") {
            $0.split(separator: "\n").last?.contains("bedrock:openai.fast-1:0") == true
        }
        try tui.send("colon ids in the chat", literal: true)
        try tui.send("Enter")
        try await tui.waitFor("◆ bedrock:openai.fast-1:0", deadline: .seconds(60))
    }
}

@Suite("Cloud platforms in doctor, end to end")
struct PlatformDoctorEndToEndTests {
    @Test func doctorChecksTokenCommandsFreshTokensAndConfiguredModels() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let sim = try SimProcess(environment: home.environment())
        defer { sim.stop() }
        let root = String(sim.baseURL.dropLast("/v1".count))
        let vertexURL = "\(root)/platform/vertex/v1/projects/p/locations/l/endpoints/openapi"
        try """
            [providers.wrong]
            preset = "vertex"
            base_url = "\(vertexURL)"
            api_key_command = "echo invalid-but-fresh"

            [providers.broken]
            preset = "vertex"
            base_url = "\(vertexURL)"
            api_key_command = "echo \\"$SECRET_OUT\\"; echo 'gcloud: You do not currently have an active account' >&2; exit 3"

            [providers.runtime]
            preset = "bedrock"
            base_url = "\(root)/platform/bedrock/openai/v1"
            api_key_env = "BR_KEY"
            models = ["openai.fast-1:0"]
            """.write(to: home.url.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let doctor = try await runParley(["doctor"], environment: home.environment(["BR_KEY": "b", "SECRET_OUT": "ya29.secretsecret"]))
        let text = doctor.stdout + doctor.stderr
        let lines = text.split(separator: "\n")
        #expect(doctor.status == 1)
        #expect(lines.contains { $0.contains("✗") && $0.contains("wrong") && $0.contains("the credentials are wrong") }, "\(text)")
        #expect(lines.contains { $0.contains("✗") && $0.contains("broken") && $0.contains("failed with exit status 3")
                && $0.contains("no active account") == false && $0.contains("gcloud: You do not currently have an active account") }, "\(text)")
        #expect(lines.contains { $0.contains("✓") && $0.contains("runtime") && $0.contains("1 model") }, "\(text)")
        #expect(!text.contains("ya29.secretsecret") && !text.contains("invalid-but-fresh"), "no command output anywhere:\n\(text)")
    }
}
