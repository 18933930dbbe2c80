public import ArgumentParser
public import ParleyEngine

/// `--route` parses straight into the one `Route` (its `init?(argument:)` is the parser).
extension Route: ExpressibleByArgument {
    public static var allValueStrings: [String] {
        allCases.map(\.rawValue) + GatewaySort.allCases.map { Route.gateway(sort: $0).rawValue }
    }
}
