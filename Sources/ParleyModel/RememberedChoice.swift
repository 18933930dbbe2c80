/// A choice the user made in the chat that the next chat starts with: the model (with its
/// fallback chain), the route, the theme, the reasoning effort and the role. What `--model`, `--theme` or
/// the config say wins over it (docs/configuration.md, "Remembered choices").
public enum RememberedChoice: Sendable, Hashable {
    /// The current model first, then its fallbacks.
    case chain([ModelRef])
    /// The route the chat was last set to.
    case route(Route)
    /// A theme name or path, as `/theme` was given it.
    case theme(String)
    /// `nil`: back to what the config says, so nothing is remembered.
    case effort(ReasoningEffort?)
    /// A role of the config by name (`/role`); `nil`: no role.
    case role(String?)
}

/// Everything remembered; `nil` (or an empty chain) where nothing is.
public struct RememberedChoices: Sendable, Hashable {
    public var chain: [ModelRef] = []
    public var route: Route?
    public var theme: String?
    public var effort: ReasoningEffort?
    public var role: String?

    public init(chain: [ModelRef] = [], route: Route? = nil, theme: String? = nil, effort: ReasoningEffort? = nil,
                role: String? = nil) {
        self.role = role
        self.chain = chain
        self.route = route
        self.theme = theme
        self.effort = effort
    }
}
