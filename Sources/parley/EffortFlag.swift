public import ArgumentParser
public import ParleyGateway

/// `--effort off|low|medium|high` on `ask` and `compare`: parsed by `ReasoningEffort`'s own
/// `init?(argument:)`, so the flag, `/effort` and the config read the same words.
extension ReasoningEffort: ExpressibleByArgument {
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

extension ArgumentHelp {
    static let effort = ArgumentHelp(
        "How hard a reasoning model should think: off, low, medium or high (wins over the config's effort).",
        valueName: "effort")
}
