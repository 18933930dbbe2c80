import Foundation
import ParleyGateway

/// `parley doctor`'s checks: for each configured provider, is it reachable, is the key
/// accepted, how many models does it list and how long did that take.
public enum Doctor {
    public struct Report: Sendable, Equatable {
        public enum Outcome: Sendable, Equatable {
            /// `missingModels`: entries of the provider's `models` allow-list it does not offer.
            case passed(modelCount: Int, latency: Duration, missingModels: [String])
            case failed(reason: String)
        }

        public var provider: String
        public var baseURL: String
        public var outcome: Outcome

        public var passed: Bool {
            if case .passed = outcome { return true }
            return false
        }

        /// `✓ openrouter  312 models  142 ms` / `✗ local  connection refused at http://127.0.0.1:8080/v1`;
        /// `nameWidth` lines the columns up across providers.
        public func line(nameWidth: Int = 0) -> String {
            let name = provider.padding(toLength: max(nameWidth, provider.count), withPad: " ", startingAt: 0)
            switch outcome {
            case .passed(let count, let latency, let missing):
                let models = count == 1 ? "1 model" : "\(count) models"
                let milliseconds = latency.components.seconds * 1000 + latency.components.attoseconds / 1_000_000_000_000_000
                var text = "✓ \(name)  \(models)  \(milliseconds) ms"
                if !missing.isEmpty { text += "  (not offered: \(missing.joined(separator: ", ")))" }
                return text
            case .failed(let reason):
                return "✗ \(name)  \(reason)"
            }
        }
    }

    /// Checks every provider concurrently; reports come back in the configuration's order.
    public static func check(_ configuration: ParleyConfiguration, environment: [String: String],
                             timeout: Duration = .seconds(10)) async -> [Report] {
        let client = GatewayClient(connectTimeout: timeout)
        let reports = await withTaskGroup(of: (Int, Report).self) { group in
            for (position, settings) in configuration.providers.enumerated() {
                group.addTask {
                    // Awaited before the tuple is built: see ModelsListing.catalogues.
                    let report = await check(settings, environment: environment, client: client, timeout: timeout)
                    return (position, report)
                }
            }
            var results: [(Int, Report)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        try? await client.shutdown()
        return reports
    }

    /// Lines for all reports, names padded to one width.
    public static func format(_ reports: [Report]) -> [String] {
        let width = reports.map(\.provider.count).max() ?? 0
        return reports.map { $0.line(nameWidth: width) }
    }

    static func check(_ settings: ProviderSettings, environment: [String: String], client: GatewayClient,
                      timeout: Duration) async -> Report {
        var report = Report(provider: settings.name, baseURL: settings.baseURL, outcome: .failed(reason: ""))
        let provider: Provider
        do {
            // Lazily, as a session would: a 401 then runs the key command again once, and a
            // second 401 says the credentials themselves are wrong.
            provider = try settings.resolveLazily(environment: environment)
        } catch let error as ProviderKeyError {
            report.outcome = .failed(reason: error.message)
            return report
        } catch {
            report.outcome = .failed(reason: "\(error)")
            return report
        }
        // Only on this machine: a loopback connect is instant, so blocking for it is harmless.
        if provider.isLocal && TCPProbe.connect(to: provider.baseURL, timeout: .seconds(1)) == .refused {
            report.outcome = .failed(reason: "connection refused at \(provider.baseURL)")
            return report
        }
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let models = try await client.listModels(provider: provider, timeout: timeout)
            let latency = start.duration(to: clock.now)
            if let problem = await KeyCheck.problem(with: provider, timeout: timeout) {
                report.outcome = .failed(reason: problem)
                return report
            }
            let offered = Set(models.map(\.id))
            // Azure lists base models, never the deployments `models` names.
            let missing = settings.preset == .azure ? [] : (settings.allowedModels ?? []).filter { !offered.contains($0) }
            report.outcome = .passed(modelCount: models.count, latency: latency, missingModels: missing)
        } catch let error as GatewayError {
            if case .modelNotFound = error, PlatformCoordinates.listsNoModels(settings), let models = settings.allowedModels {
                // Vertex and Bedrock's runtime endpoint have no /models: the configured list stands.
                report.outcome = .passed(modelCount: models.count, latency: start.duration(to: clock.now), missingModels: [])
                return report
            }
            report.outcome = .failed(reason: explain(error, baseURL: provider.baseURL, timeout: timeout))
        } catch {
            report.outcome = .failed(reason: "\(error) at \(provider.baseURL)")
        }
        return report
    }

    static func explain(_ error: GatewayError, baseURL: String, timeout: Duration) -> String {
        switch error {
        case .network(let message):
            // lowercased(), not localizedCaseInsensitiveContains: no ICU `Locale` for an ASCII word.
            if message.lowercased().contains("connection refused") { return "connection refused at \(baseURL)" }
            return "\(message) (\(baseURL))"
        case .timeout:
            return "no answer within \(TOMLWriter.seconds(timeout)) s from \(baseURL)"
        case .authentication(let status, let message):
            return "key rejected (HTTP \(status)): \(message)"
        case .paymentRequired(let message):
            return "key accepted but out of credits (HTTP 402): \(message)"
        case .modelNotFound(let status, _):
            return "no model list at \(baseURL)/models (HTTP \(status)) — check base_url"
        case .cancelled:
            return "cancelled"
        case .credentials(let message):
            return message
        default:
            let status = error.status.map { "HTTP \($0): " } ?? ""
            return "\(status)\(error.message) (\(baseURL))"
        }
    }
}
