import ParleyGateway

/// Confirms a key where listing models does not: OpenRouter's `/models` is public, so a wrong
/// key would pass `doctor` unnoticed. `GET /key` describes the key and answers 401 for a bad one.
enum KeyCheck {
    /// nil when the key is accepted (or the provider has no such check); otherwise the reason.
    static func problem(with provider: Provider, timeout: Duration) async -> String? {
        guard provider.preset == .openrouter, let key = provider.apiKey else { return nil }
        do {
            let status = try await StatusProbe.status(of: provider.baseURL + "/key", bearer: key, timeout: timeout)
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
