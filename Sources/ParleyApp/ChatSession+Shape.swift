import Foundation
public import ParleyEngine
import ParleyGateway
public import ParleyUI

extension ChatSession {
    /// `/attach PATH`: the file read (off the UI), or an error naming it.
    public static func attachment(_ path: String) -> Action {
        do {
            return .attachmentRead(try Attachment.read(path))
        } catch {
            return .error(String(describing: error))
        }
    }

    /// Entries of a directory listed at most for Tab's completion: a huge directory is cut,
    /// not read whole.
    static let maximumListedEntries = 10_000

    /// Tab after `/attach TYPED`: the entries of TYPED's directory (relative to `directory`, `~`
    /// expanded), without names no one can type (control characters, over 255 bytes); nil when
    /// it cannot be listed.
    public static func directoryListing(typed: String,
                                        relativeTo base: String? = nil) -> Action {
        let directory = base ?? FileManager.default.currentDirectoryPath
        let part = PathCompletion.split(typed).directory
        let expanded = part.isEmpty ? "." : (part as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: full) else {
            return .directoryListed(typed: typed, entries: nil)
        }
        let entries = names.prefix(maximumListedEntries).compactMap { name -> PathCompletion.Entry? in
            guard name.utf8.count <= 255, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return nil }
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: full + "/" + name, isDirectory: &isDirectory)
            return PathCompletion.Entry(name: name, isDirectory: isDirectory.boolValue)
        }
        return .directoryListed(typed: typed, entries: entries)
    }
}

extension AppState {
    /// The config's roles, and the role and effort the last chat left on (the role's model is
    /// not applied again: the remembered chain already says where the chat was). Returns a
    /// problem to show when the remembered role is gone from the config.
    public mutating func restoreShape(roles: [String: PromptRole], remembered: RememberedChoices) -> [String] {
        shape = ChatShape(roles: roles)
        var problems: [String] = []
        if let name = remembered.role {
            if let role = roles[name] {
                _ = applyRole(role, keepModel: true)
            } else {
                problems.append("the remembered role \(Attachment.displayName(name)) is no longer in the config")
            }
        }
        // An effort chosen with /effort after the role wins over the role's.
        if let effort = remembered.effort { self.effort = effort }
        return problems
    }
}
