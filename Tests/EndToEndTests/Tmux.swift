import Foundation

/// A detached tmux session running the real binary: type with `send`, read with `screen`.
/// Each session has its own tmux server socket, so tests never see each other or the user's tmux.
final class TmuxSession: @unchecked Sendable {
    // Immutable after init; tmux itself serialises commands sent to one server.
    let name: String
    private let socket: String

    init(command: [String], environment: [String: String], width: Int = 100, height: Int = 30) throws {
        name = "parley-\(UUID().uuidString.prefix(8))"
        socket = "parley-test-\(UUID().uuidString.prefix(8))"
        let exports = environment
            .filter { $0.key.hasPrefix("PARLEY_") || ["HOME", "NO_COLOR", "PATH", "EDITOR", "VISUAL"].contains($0.key) || $0.key.hasSuffix("_API_KEY") }
            .map { "\($0.key)=\(Self.quote($0.value))" }
            .sorted()
            .joined(separator: " ")
        let shellCommand = "env \(exports) TERM=xterm-256color \(command.map(Self.quote).joined(separator: " "))"
        // The first command starts the tmux server, which would inherit (and hold open) a pipe
        // for its output: give it none.
        // `remain-on-exit` keeps the pane (and what the program printed last) after it exits, so
        // tests can read the screen after quitting without leaving a process behind.
        try tmux(["-f", "/dev/null", "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
                  "new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), shellCommand],
                 readingOutput: false)
    }

    /// The Parley binary under test run with `arguments`; when it exits, the shell prints
    /// `PARLEY EXITED <status>`, so a test can wait for the exit and read its status.
    static func parley(_ arguments: [String], environment: [String: String], width: Int = 100,
                       height: Int = 30) throws -> TmuxSession {
        try TmuxSession(command: ["sh", "-c", "\"$0\" \"$@\"; echo \"PARLEY EXITED $?\"", ParleyBinary.url.path] + arguments,
                        environment: environment, width: width, height: height)
    }

    /// Sends keys as tmux names them (`Enter`, `C-n`, `PageUp`) or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", name] + (literal ? ["-l"] : []) + keys)
    }

    /// Pastes `text` the way a terminal does with bracketed paste on.
    func paste(_ text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-paste.txt")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try tmux(["load-buffer", "-b", "p", file.path])
        try tmux(["paste-buffer", "-p", "-d", "-b", "p", "-t", name])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    /// The visible screen as text.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name])
    }

    /// Waits until the screen contains `text` (or the deadline passes) and returns the screen.
    @discardableResult
    func waitFor(_ text: String, deadline: Duration = .seconds(30)) async throws -> String {
        var last = ""
        let found = try await eventually(deadline) {
            last = try screen()
            return last.contains(text)
        }
        if !found { throw ScreenTimeout(expected: text, screen: last) }
        return last
    }

    /// Waits until `predicate` holds for the screen.
    @discardableResult
    func waitUntil(deadline: Duration = .seconds(30), _ what: String, _ predicate: (String) -> Bool) async throws -> String {
        var last = ""
        let found = try await eventually(deadline) {
            last = try screen()
            return predicate(last)
        }
        if !found { throw ScreenTimeout(expected: what, screen: last) }
        return last
    }

    /// The pid of the program in the pane (the shell's child).
    func panePID() throws -> Int32 {
        Int32(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// The title the program in the pane set (an OSC 0/2 sequence would change it).
    func paneTitle() throws -> String {
        try tmux(["display-message", "-p", "-t", name, "#{pane_title}"])
    }

    /// Sets a server option (`set-clipboard on` lets OSC 52 fill tmux's paste buffer).
    func setServerOption(_ name: String, _ value: String) throws {
        try tmux(["set-option", "-s", name, value])
    }

    /// The newest paste buffer's contents (what an OSC 52 copy put there), or "" when none.
    func showBuffer() throws -> String {
        (try? tmux(["show-buffer"])) ?? ""
    }

    /// Ends the session and its server. (`kill-server` alone was seen to leave tmux 3.3a's server
    /// running here; killing the session first ends it.)
    func kill() {
        let socketPath = try? tmux(["display-message", "-p", "#{socket_path}"])
        _ = try? tmux(["kill-session", "-t", name], readingOutput: false)
        _ = try? tmux(["kill-server"], readingOutput: false)
        // The server leaves its socket file behind; one per test would pile up in /tmp.
        if let path = socketPath?.trimmingCharacters(in: .whitespacesAndNewlines), path.hasSuffix(socket) {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    struct ScreenTimeout: Error, CustomStringConvertible {
        var expected: String
        var screen: String
        var description: String { "timed out waiting for \"\(expected)\"; screen was:\n\(screen)" }
    }

    @discardableResult
    private func tmux(_ arguments: [String], readingOutput: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket] + arguments
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        guard readingOutput else {
            try Self.spawnAndWait(["tmux", "-L", socket] + arguments)
            return ""
        }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs a command and waits for it with `posix_spawnp` and `waitpid`. Foundation's `Process`
    /// cannot be used to start the tmux server: the server inherits the descriptor Foundation
    /// watches to learn that its child exited, so `waitUntilExit` would wait for the server.
    private static func spawnAndWait(_ arguments: [String]) throws {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        // The server lives as long as the test: it must not hold other tests' pipes open.
        closeInheritedDescriptors(&actions)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) == -1 && errno == EINTR {}
    }

    private static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
