import Foundation

/// Where the config file is, and why there.
public struct ConfigLocation: Sendable, Equatable {
    /// What decided the path, strongest first.
    public enum Source: String, Sendable, Equatable {
        case flag = "--config"
        case environment = "PARLEY_CONFIG"
        case parleyHome = "PARLEY_HOME"
        case xdgConfigHome = "XDG_CONFIG_HOME"
        case home = "~/.config"
    }

    public var path: String
    public var source: Source
    public var exists: Bool

    public init(path: String, source: Source, exists: Bool) {
        self.path = path
        self.source = source
        self.exists = exists
    }

    /// The directory holding the config file; user themes live in its `themes/`.
    public var directory: String { (path as NSString).deletingLastPathComponent }

    /// The path with the home directory shortened to `~`, for messages.
    public var displayPath: String { DisplayPath.abbreviate(path) }
}

/// Finds the config file: `--config` > `PARLEY_CONFIG` > `$PARLEY_HOME/config.toml` >
/// `$XDG_CONFIG_HOME/parley/config.toml` > `~/.config/parley/config.toml`.
public struct ConfigLocator: Sendable {
    public var environment: [String: String]
    /// Decides `exists`; replaceable so tests need no files.
    public var fileExists: @Sendable (String) -> Bool

    /// `environment` defaults to the process's; `fileExists` to the file system.
    public init(environment: [String: String]? = nil, fileExists: (@Sendable (String) -> Bool)? = nil) {
        self.environment = environment ?? ProcessInfo.processInfo.environment
        self.fileExists = fileExists ?? { FileManager.default.fileExists(atPath: $0) }
    }

    /// `flag` is the value of `--config`, if given.
    public func locate(flag: String? = nil) -> ConfigLocation {
        let (path, source) = choose(flag: flag)
        let absolute = absolutePath(path)
        return ConfigLocation(path: absolute, source: source, exists: fileExists(absolute))
    }

    /// Loads the located file. A missing file means "no configuration" (nil) — unless the user
    /// named it with `--config` or `PARLEY_CONFIG`, where a typo should not pass silently.
    public func load(flag: String? = nil) throws -> ParleyConfiguration? {
        let location = locate(flag: flag)
        guard location.exists else {
            switch location.source {
            case .flag, .environment:
                throw ConfigError(file: location.displayPath, line: nil, key: nil,
                                  problem: "no such file (named by \(location.source.rawValue))")
            case .parleyHome, .xdgConfigHome, .home:
                return nil
            }
        }
        return try ParleyConfiguration.load(from: location.path)
    }

    /// Where conversations and the usage ledger live: `$PARLEY_HOME`, else
    /// `$XDG_DATA_HOME/parley`, else `~/.local/share/parley`.
    public var dataDirectory: String {
        if let home = nonEmpty("PARLEY_HOME") { return absolutePath(home) }
        if let xdg = nonEmpty("XDG_DATA_HOME") { return absolutePath(xdg + "/parley") }
        return absolutePath(homeDirectory + "/.local/share/parley")
    }

    private func choose(flag: String?) -> (String, ConfigLocation.Source) {
        if let flag, !flag.isEmpty { return (flag, .flag) }
        if let path = nonEmpty("PARLEY_CONFIG") { return (path, .environment) }
        if let home = nonEmpty("PARLEY_HOME") { return (home + "/config.toml", .parleyHome) }
        // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
        if let xdg = nonEmpty("XDG_CONFIG_HOME"), xdg.hasPrefix("/") { return (xdg + "/parley/config.toml", .xdgConfigHome) }
        return (homeDirectory + "/.config/parley/config.toml", .home)
    }

    private var homeDirectory: String {
        nonEmpty("HOME") ?? FileManager.default.homeDirectoryForCurrentUser.path
    }

    private func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func absolutePath(_ path: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/") { path = homeDirectory + path.dropFirst() }
        if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
        return PathName.standardized(path)
    }
}
