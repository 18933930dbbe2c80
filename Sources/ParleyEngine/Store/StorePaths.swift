public import Foundation

/// Where Parley keeps its data. The one place that decides it, so the chat, `parley usage` and
/// `parley history` can never disagree about which database they open.
public enum StorePaths {
    public static let databaseFileName = "parley.db"

    /// The data directory: `$PARLEY_HOME` when set (tests, several profiles), else
    /// `$XDG_DATA_HOME/parley`, else `~/.local/share/parley`. Empty variables count as unset,
    /// as the XDG specification asks.
    public static func dataDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: URL = FileManager.default.homeDirectoryForCurrentUser
    ) -> URL {
        if let home = nonEmpty(environment["PARLEY_HOME"]) {
            return URL(fileURLWithPath: home, isDirectory: true)
        }
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]) {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("parley", isDirectory: true)
        }
        return homeDirectory
            .appendingPathComponent(".local/share", isDirectory: true)
            .appendingPathComponent("parley", isDirectory: true)
    }

    /// The database file inside `dataDirectory(...)`. Does not touch the disk.
    public static func databaseURL(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: URL = FileManager.default.homeDirectoryForCurrentUser
    ) -> URL {
        dataDirectory(environment: environment, homeDirectory: homeDirectory)
            .appendingPathComponent(databaseFileName, isDirectory: false)
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
