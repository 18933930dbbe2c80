/// A named way of asking (`[roles.NAME]` in the config): a system prompt and, optionally, the
/// model or chain, the sampling parameters and the reasoning effort that go with it. `/role`,
/// `--role` and the remembered role name one.
public struct PromptRole: Sendable, Hashable {
    public var name: String
    public var system: String
    /// The model first, then its fallbacks; empty keeps the model the user chose.
    public var chain: [ModelRef]
    public var parameters: RequestParameters
    public var effort: ReasoningEffort?

    public init(name: String, system: String, chain: [ModelRef] = [],
                parameters: RequestParameters = RequestParameters(), effort: ReasoningEffort? = nil) {
        self.name = name
        self.system = system
        self.chain = chain
        self.parameters = parameters
        self.effort = effort
    }
}
