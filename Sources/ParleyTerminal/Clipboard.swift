import Foundation
import Glibc

/// Copying to the system clipboard with OSC 52 (`ESC ] 52 ; c ; BASE64 ESC \`), which xterm,
/// kitty, WezTerm, iTerm2, Alacritty, foot, Windows Terminal and tmux (with `set-clipboard on`)
/// accept, also over ssh. The text is base64-encoded, so nothing of it can act on the terminal.
enum Clipboard {
    /// More than this is refused: terminals cap what they take (xterm's default is about 100 KB
    /// of base64; tmux and kitty take more), and a clipboard is not a file transfer.
    static let maximumBytes = 1 << 20

    static func sequence(for text: String) -> [UInt8] {
        Array("\u{1b}]52;c;".utf8) + Array(Data(text.utf8).base64EncodedString().utf8) + [0x1b, UInt8(ascii: "\\")]
    }

    /// Why OSC 52 cannot work here, or nil when it can be tried. Inside tmux it is checked, as
    /// tmux's default (`set-clipboard external`) drops it from applications.
    static func problem(environment: [String: String], text: String,
                        tmuxClipboard: () -> String? = tmuxSetClipboard) -> String? {
        let term = environment["TERM"] ?? ""
        if term == "dumb" || term == "linux" || term.isEmpty {
            return "this terminal (TERM=\(term.isEmpty ? "unset" : term)) cannot take OSC 52 copies; /export writes the conversation to a file"
        }
        if text.utf8.count > maximumBytes {
            return "over \(maximumBytes >> 20) MB is too much for the clipboard; /export writes the conversation to a file"
        }
        if environment["TMUX"] != nil, let setting = tmuxClipboard(), setting != "on" {
            return "tmux drops OSC 52 from programs while set-clipboard is \(setting): run `tmux set -s set-clipboard on` (docs/keys.md), or /export"
        }
        return nil
    }

    /// `tmux show-options -sv set-clipboard`, or nil when it cannot be asked.
    static func tmuxSetClipboard() -> String? {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        ChildDescriptors.closeAllButStandard(&actions)
        let arguments = ["tmux", "show-options", "-sv", "set-clipboard"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, nil, &argv, environ)
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        guard spawned == 0 else { return nil }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while output.count < 4096 {
            let count = buffer.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let answer = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return answer.isEmpty ? nil : answer
    }
}
