import ArgumentParser
import ParleyApp

/// Options every command that talks to a provider shares.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Configuration file (default: $PARLEY_CONFIG, else $PARLEY_HOME/config.toml, else $XDG_CONFIG_HOME/parley/config.toml).", valueName: "path"))
    var config: String?

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Talk to this OpenAI-compatible endpoint (e.g. http://127.0.0.1:8080/v1); bare model ids then go to it.", valueName: "url"))
    var baseURL: String?

    @Option(name: .customLong("api-key-env"), help: ArgumentHelp("Environment variable that holds the API key for --base-url.", valueName: "var"))
    var apiKeyEnv: String?

    /// The flags as the app module takes them.
    var connection: ConnectionOptions {
        ConnectionOptions(config: config, baseURL: baseURL, apiKeyEnv: apiKeyEnv)
    }
}
