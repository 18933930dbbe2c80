import Foundation
import Testing

/// The real binary against the simulator's hostile models (docs/simulator.md, "Hostile models"):
/// memory stays bounded, nothing a server sends reaches the terminal raw, redirects do not carry
/// the request away, and every failure says what happened.
@Suite("Hostile servers, end to end", .serialized)
struct HostileServerEndToEndTests {
    /// The bound issue 12 sets for the whole process (the in-process simulator included).
    static let peakRSSLimitMiB = 128.0

    /// Characters that must never reach stdout or stderr raw: ESC, BEL, the C1 CSI, a
    /// right-to-left override, a zero-width space.
    static let rawControls: [Unicode.Scalar] = ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}", "\u{200B}"]

    private func hasRawControls(_ text: String) -> Bool {
        text.unicodeScalars.contains { Self.rawControls.contains($0) }
    }

    @Test(arguments: [
        ("demo:endless-line", "event too large"),   // 200 MB without a line end
        ("demo:endless-data", "event too large"),   // 1 GB of data: lines without a blank line
        ("demo:gzip-bomb", "response too large"),   // a gzip stream inflating to 2 GiB
    ])
    func memoryStaysBoundedAndTheChainGoesOn(model: String, message: String) async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let run = try await runParleyMeasured(["ask", "-m", model, "--fallback", "demo:echo", "-v", "still answered"],
                                              environment: home.environment())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(String(decoding: run.stdout, as: UTF8.self).contains("still answered"))
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.peakRSSMiB < Self.peakRSSLimitMiB, "peak RSS \(run.peakRSSMiB) MiB")
    }

    @Test func aLegitimateTwentyMegabyteAnswerStillWorks() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let run = try await runParleyMeasured(["ask", "-m", "demo:big-answer@mb=20", "a long one"],
                                              environment: home.environment(), deadline: .seconds(240))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.count >= 20 << 20)
        #expect(!run.stderr.contains("too large"))
    }

    @Test func aServedModelIdWithEscapesNeverReachesTheTerminalRaw() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let env = home.environment()
        let ask = try await runParley(["ask", "-m", "demo:escape-id", "--route", "gateway", "--json", "-v", "hi"],
                                      environment: env)
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(!hasRawControls(ask.stdout) && !hasRawControls(ask.stderr))
        // The id is shown, made visible: the log names what the gateway said it served.
        #expect(ask.stderr.contains("demo:sim/escape^[]0;pwned"), "\(ask.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        let model = try #require(object["model"] as? String)
        #expect(model.hasPrefix("demo:sim/escape^[]0;pwned"))
        #expect(!hasRawControls(model))

        for command in [["usage"], ["usage", "--json"], ["history"], ["history", "--json"]] {
            let result = try await runParley(command, environment: env)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!hasRawControls(result.stdout), "\(command) printed a raw control")
        }
        let usage = try await runParley(["usage"], environment: env)
        #expect(usage.stdout.contains("demo:sim/escape^[]0;pwned"))
    }

    @Test func jsonOutputEscapesC1Controls() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let ask = try await runParley(["ask", "-m", "demo:escapes", "--json", "hi"], environment: home.environment())
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(!ask.stdout.unicodeScalars.contains("\u{9B}"), "a raw C1 CSI in --json output")
        #expect(ask.stdout.contains("\\u009b"))
        // Escaped, not lost: a JSON reader gets the model's text back exactly.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])
        #expect((object["text"] as? String)?.unicodeScalars.contains("\u{9B}") == true)
    }

    @Test func escapesInAnErrorTextAreMadeVisible() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let ask = try await runParley(["ask", "-m", "demo:escape-error", "hi"], environment: home.environment())
        #expect(ask.status == 1)
        #expect(ask.stderr.contains("400"))
        #expect(ask.stderr.contains("^[]0;pwned"), "\(ask.stderr)")
        #expect(!hasRawControls(ask.stderr))
    }

    @Test func aRedirectToAnotherPortIsReportedNotFollowed() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let ask = try await runParley(["ask", "-m", "demo:redirect-away", "--fallback", "demo:echo", "-v", "hi"],
                                      environment: home.environment())
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("hi"))
        #expect(ask.stderr.contains("307 redirected to http://127.0.0.1:"), "\(ask.stderr)")
        #expect(ask.stderr.contains("set base_url to it"))
    }

    @Test func aSameOriginRedirectIsFollowedWithTheSameRequest() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let ask = try await runParley(["ask", "-m", "demo:redirect-same", "the same question"],
                                      environment: home.environment())
        #expect(ask.status == 0, "\(ask.stderr)")
        #expect(ask.stdout.contains("the same question"))
    }

    @Test func anHTMLPageSaysSo() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let ask = try await runParley(["ask", "-m", "demo:html", "hi"], environment: home.environment())
        #expect(ask.status == 1)
        #expect(ask.stderr.contains("the server answered with an HTML page, not an event stream"), "\(ask.stderr)")
        #expect(ask.stderr.contains("is base_url right?"))
    }

    @Test func aHugeErrorBodyKeepsItsStatusAndNoTypeNames() async throws {
        let home = try TemporaryHome()
        defer { home.remove() }
        let run = try await runParleyMeasured(["ask", "-m", "demo:huge-error@mb=100", "hi"],
                                              environment: home.environment())
        #expect(run.status == 1)
        #expect(run.stderr.contains("502"), "\(run.stderr)")
        #expect(run.stderr.contains("HTML page"))
        #expect(!run.stderr.contains("NIO") && !run.stderr.contains("Error("), "\(run.stderr)")
        #expect(run.peakRSSMiB < Self.peakRSSLimitMiB, "peak RSS \(run.peakRSSMiB) MiB")
    }
}
