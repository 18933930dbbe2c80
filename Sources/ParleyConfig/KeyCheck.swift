import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ParleyGateway

/// Confirms a key where listing models does not: OpenRouter's `/models` is public, so a wrong
/// key would pass `doctor` unnoticed. `GET /key` describes the key and answers 401 for a bad one.
enum KeyCheck {
    /// nil when the key is accepted (or the provider has no such check); otherwise the reason.
    static func problem(with provider: Provider, timeout: Duration) async -> String? {
        guard provider.preset == .openrouter, let key = provider.apiKey,
              let url = URL(string: provider.baseURL + "/key") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        request.setValue("Bearer \(key.value)", forHTTPHeaderField: "Authorization")
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            guard let status = (response as? HTTPURLResponse)?.statusCode else { return nil }
            switch status {
            case 200..<300: return nil
            case 401, 403: return "key rejected (HTTP \(status)) by \(provider.baseURL)/key"
            default: return nil   // the check itself is unavailable; the model list already passed
            }
        } catch {
            return nil
        }
    }
}
