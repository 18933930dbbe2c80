public import Foundation
public import ParleyEngine

/// How the read-only commands (`history`, `usage`) open the store: read-only, so they work on
/// a database that is read-only or locked; a failure is the storage exit status.
public enum CommandStore {
    public static func open(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Store {
        let url = Store.defaultURL(environment: environment)
        do {
            return try Store.openForReading(url: url)
        } catch {
            throw CommandFailure(status: ExitStatus.storage, message: "cannot open \(url.path): \(error)")
        }
    }
}
