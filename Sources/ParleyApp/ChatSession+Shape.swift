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
