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
            .filter { $0.key.hasPrefix("PARLEY_") || $0.key == "HOME" || $0.key == "NO_COLOR" || $0.key.hasSuffix("_API_KEY") || $0.key == "PATH" }
            .map { "\($0.key)=\(Self.quote($0.value))" }
            .sorted()
            .joined(separator: " ")
        let shellCommand = "env \(exports) TERM=xterm-256color \(command.map(Self.quote).joined(separator: " ")); sleep 600"
        try tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), shellCommand])
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

    func kill() {
        _ = try? tmux(["kill-server"])
    }

    struct ScreenTimeout: Error, CustomStringConvertible {
        var expected: String
        var screen: String
        var description: String { "timed out waiting for \"\(expected)\"; screen was:\n\(screen)" }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tmux", "-L", socket] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    private static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
