import Foundation
import ParleyModel

/// `/set`, `/role`, `/attach` and `/detach`: the commands that shape the next requests.
extension AppState {
    /// `/set` shows the parameters; `/set temperature 0.3`, `/set max_tokens 500`; `default`
    /// (or `off`) as the value clears one back to the role's or the config's.
    mutating func runSet(_ args: [String]) -> [Command] {
        let usage = "usage: /set temperature 0…2 | /set max_tokens N | /set NAME default"
        guard !args.isEmpty else {
            let mine = shape.parameters.summary ?? "nothing set"
            let role = shape.role.flatMap { role in role.parameters.summary.map { " · role \(role.name): \($0)" } } ?? ""
            notice = Notice(VisibleText.make("parameters: \(mine)\(role) (the rest as the config says)"))
            return []
        }
        guard args.count == 2 else {
            notice = Notice(usage, isError: true)
            return []
        }
        let name = args[0].lowercased().replacingOccurrences(of: "-", with: "_")
        let value = args[1]
        let clears = ["default", "off", "reset", "none"].contains(value.lowercased())
        switch name {
        case "temperature", "temp":
            if clears { shape.parameters.temperature = nil }
            else {
                guard let number = Double(value), number.isFinite else {
                    notice = Notice("temperature: expected a number from 0 to 2", isError: true)
                    return []
                }
                if let problem = RequestParameters.temperatureProblem(number) {
                    notice = Notice(problem, isError: true)
                    return []
                }
                shape.parameters.temperature = number
            }
            notice = Notice("temperature: " + (shape.parameters.temperature.map(RequestParameters.format) ?? "as configured"))
        case "max_tokens", "maxtokens":
            if clears { shape.parameters.maxTokens = nil }
            else {
                guard let count = Int(value) else {
                    notice = Notice("max_tokens: expected a whole number of tokens", isError: true)
                    return []
                }
                if let problem = RequestParameters.maxTokensProblem(count) {
                    notice = Notice(problem, isError: true)
                    return []
                }
                shape.parameters.maxTokens = count
            }
            notice = Notice("max_tokens: " + (shape.parameters.maxTokens.map(String.init) ?? "as configured"))
        default:
            notice = Notice("unknown parameter \(VisibleText.make(args[0])) — /set knows temperature and max_tokens", isError: true)
            return []
        }
        return [parametersCommand]
    }

    /// `/role` lists the roles, `/role NAME` puts one on, `/role off` takes it off.
    mutating func runRole(_ args: [String]) -> [Command] {
        guard let name = args.first else {
            let names = shape.roles.keys.sorted()
            let current = shape.role.map { " (now: \($0.name))" } ?? ""
            notice = Notice(VisibleText.make(names.isEmpty
                ? "no roles in the config: add [roles.NAME] with system = \"…\" (docs/configuration.md)"
                : "roles: " + names.joined(separator: ", ") + current + " — /role NAME, /role off"))
            return []
        }
        guard args.count == 1 else {
            notice = Notice("usage: /role NAME | /role off", isError: true)
            return []
        }
        if ["off", "none"].contains(name.lowercased()) {
            notice = Notice(shape.role == nil ? "no role is on" : "role off")
            return dropRole()
        }
        guard let role = shape.roles[name] else {
            let names = shape.roles.keys.sorted()
            notice = Notice(VisibleText.make("no role \(name)" + (names.isEmpty ? " (the config defines none)" : " — roles: " + names.joined(separator: ", "))),
                            isError: true)
            return []
        }
        if let model = role.chain.first, let problem = catalogueProblem(with: model) {
            notice = Notice(problem, isError: true)
            return []
        }
        let commands = applyRole(role)
        notice = Notice(VisibleText.make("role: \(role.name)" + (role.chain.isEmpty ? "" : " on \(currentModel)")))
        return commands
    }

    /// `/attach` lists the pending files; `/attach PATH` reads one (the runtime answers with
    /// `.attachmentRead` or an error naming the file).
    mutating func runAttach(_ path: String) -> [Command] {
        guard !path.isEmpty else {
            notice = Notice(shape.attachments.isEmpty ? "nothing attached — /attach FILE"
                            : "attached to the next message: " + shape.attachments.map(\.name).joined(separator: ", ") + " — /detach drops them")
            return []
        }
        guard shape.attachments.count < Attachment.maximumCount else {
            notice = Notice("at most \(Attachment.maximumCount) files per message", isError: true)
            return []
        }
        return [.readAttachment(path: path)]
    }

    /// The path typed after `/attach `, when the draft is just that and the cursor is at its end
    /// (where Tab completes it).
    var attachPathBeingTyped: String? {
        let text = editor.text
        guard text.hasPrefix("/attach "), editor.cursor == text.count, !text.contains("\n") else { return nil }
        return String(text.dropFirst("/attach ".count).drop { $0 == " " })
    }

    /// A directory listed for Tab after `/attach `: the path completed as far as it is
    /// unambiguous, several candidates listed. Ignored when the draft changed meanwhile.
    mutating func directoryListed(typed: String, entries: [PathCompletion.Entry]?) {
        guard attachPathBeingTyped == typed else { return }
        guard let entries else {
            let directory = PathCompletion.split(typed).directory
            notice = Notice("cannot list " + VisibleText.make(directory.isEmpty ? "this directory" : directory), isError: true)
            return
        }
        switch PathCompletion.complete(typed, entries: entries) {
        case .noMatch:
            notice = Notice("no file starts with " + VisibleText.make(typed.isEmpty ? "that" : typed), isError: true)
        case .completed(let path, let candidates):
            editor.setText("/attach " + path)
            if !candidates.isEmpty { notice = Notice(VisibleText.make(PathCompletion.listing(candidates))) }
        }
    }

    mutating func runDetach() -> [Command] {
        notice = Notice(shape.attachments.isEmpty ? "nothing attached" : "attachments dropped")
        shape.attachments = []
        return []
    }

    /// A file `/attach` read: pending until the next message is sent.
    mutating func attachmentRead(_ file: Attachment) {
        shape.attachments.removeAll { $0.name == file.name }
        shape.attachments.append(file)
        let size = file.image?.byteCount ?? file.text.utf8.count
        let kind = file.image.map { "\($0.mediaType), " } ?? ""
        notice = Notice("attached \(file.name) (\(kind)\(size < 1024 ? "\(size) bytes" : "\(size / 1024) KiB")) — it goes with the next message")
    }
}
