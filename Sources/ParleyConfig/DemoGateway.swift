public import ParleyGateway

/// The built-in demo gateway: the simulator, started inside `parley` on a loopback port. It is
/// started only when a command may use a demo model, so `ask -m openrouter:…` never opens a port.
public enum DemoGateway {
    public static let providerName = "demo"

    /// Which models a command may use.
    public enum Use: Sendable {
        /// Any (the chat and `models` offer every demo model).
        case always
        /// Only these references (models, comma-separated or named chains) and the default model.
        case ifUsed([String])
    }

    /// Whether the demo gateway has to run for `use`. `probe` resolves as if the demo provider
    /// existed, so `demo:fast` and chains naming it resolve to it.
    public static func isNeeded(_ use: Use, probe: ModelResolver) -> Bool {
        guard case .ifUsed(let texts) = use else { return true }
        let models = texts.flatMap(probe.mentioned) + [probe.defaultModel]
        return models.contains { $0.provider == providerName }
    }
}
