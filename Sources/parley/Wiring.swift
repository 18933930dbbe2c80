import ArgumentParser
import Foundation
import ParleyGateway
import ParleySim

/// Options every command that talks to a provider shares.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $PARLEY_CONFIG, else $PARLEY_HOME/config.toml, else $XDG_CONFIG_HOME/parley/config.toml).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Talk to this OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1); bare model ids then go to it.", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Environment variable that holds the API key for --base-url.", valueName: "var"))
    var apiKeyEnv: String?
}

/// The providers a command can reach and how model references resolve, built once per process
/// from the configuration and the command line. With no configuration it is the built-in demo
/// gateway: the simulator, started in this process on a loopback port.
final class Wiring: Sendable {
    static let demoProviderName = "demo"
    static let customProviderName = "custom"

    let providers: [String: Provider]
    let defaultModel: ModelRef
    let client: GatewayClient
    private let demoServer: SimServer?

    private init(providers: [String: Provider], defaultModel: ModelRef, client: GatewayClient, demoServer: SimServer?) {
        self.providers = providers
        self.defaultModel = defaultModel
        self.client = client
        self.demoServer = demoServer
    }

    static func make(_ options: ProviderOptions, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> Wiring
    {
        var providers: [String: Provider] = [:]
        var defaultModel: ModelRef?

        if let baseURL = options.baseURL {
            guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw CommandFailure.usage("--base-url \(baseURL): expected an http:// or https:// URL")
            }
            var key: Secret?
            if let variable = options.apiKeyEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw CommandFailure.usage("--api-key-env \(variable): that environment variable is not set")
                }
                key = Secret(value)
            }
            providers[customProviderName] = Provider(name: customProviderName, preset: .custom, baseURL: baseURL, apiKey: key)
            defaultModel = ModelRef(provider: customProviderName, model: "default")
        } else if options.apiKeyEnv != nil {
            throw CommandFailure.usage("--api-key-env needs --base-url")
        }

        // The demo gateway is always there: it costs nothing until a demo model is used.
        let demo = try await SimServer.start(host: "127.0.0.1", port: 0)
        providers[demoProviderName] = Provider(name: demoProviderName, preset: .demo, baseURL: demo.baseURL)
        return Wiring(providers: providers,
                      defaultModel: defaultModel ?? ModelRef(provider: demoProviderName, model: "fast"),
                      client: GatewayClient(), demoServer: demo)
    }

    /// Resolves what the user typed (`provider:model` or a bare id) against the known providers.
    func resolve(_ text: String) -> ModelRef {
        ModelRef.parse(text, knownProviders: Set(providers.keys), defaultProvider: defaultModel.provider)
    }

    /// The provider of `model`, or a usage error naming the ones that exist.
    func provider(for model: ModelRef) throws -> Provider {
        guard let provider = providers[model.provider] else {
            let known = providers.keys.sorted().joined(separator: ", ")
            throw CommandFailure.usage("unknown provider '\(model.provider)' in '\(model)' (known: \(known))")
        }
        return provider
    }

    func shutdown() async {
        try? await client.shutdown()
        try? await demoServer?.shutdown()
    }
}
