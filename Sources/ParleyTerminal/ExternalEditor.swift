import Foundation
import Glibc
import ParleyUI

/// The user's own editor on the draft, the way git and crontab run it: `$VISUAL`, else
/// `$EDITOR`, else `vi`, through `/bin/sh` so a command with arguments (`code --wait`) works.
///
/// Runs on the terminal's thread with ncurses suspended (`CursesScreen.handOver`) and blocks it
/// until the editor ends, as the user is in the editor meanwhile. Ctrl-C there belongs to the
/// editor: Parley ignores SIGINT and SIGQUIT until it returns (the child gets the default back).
enum ExternalEditor {
    /// A file larger than this is not taken back as a draft.
    static let maximumDraftBytes = 16 << 20

    static func command(environment: [String: String]) -> String {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty { return value }
        }
        return "vi"
    }

    static func edit(_ draft: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> EditorOutcome {
        let editor = command(environment: environment)
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-draft-\(UUID().uuidString.prefix(8)).md").path
        // Owner-only, and never an existing file (O_EXCL): a draft can be private.
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return .failed("cannot create a file for the editor in \(FileManager.default.temporaryDirectory.path)") }
        let written = Array(draft.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }
        guard written == draft.utf8.count else { return .failed("cannot write the draft to \(path)") }

        let status: Int32
        switch run(["/bin/sh", "-c", "\(editor) \"$1\"", "parley-editor", path]) {
        case .failure(let failure): return .failed(failure.reason)
        case .success(let code): status = code
        }
        if status == 127 { return .failed("no editor: '\(editor)' was not found (set $VISUAL or $EDITOR)") }
        if status != 0 { return .failed("the editor (\(editor)) ended with status \(status)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failed("the editor (\(editor)) left no file to read back")
        }
        guard data.count <= maximumDraftBytes else {
            return .failed("the edited draft is over \(maximumDraftBytes >> 20) MB")
        }
        return .edited(String(decoding: data, as: UTF8.self))
    }

    struct SpawnFailure: Error { var reason: String }

    /// Spawns `arguments` on this terminal and waits: the exit status, or 128 + the signal that
    /// ended it.
    private static func run(_ arguments: [String]) -> Result<Int32, SpawnFailure> {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGWINCH, SIGPIPE, SIGTSTP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var noMask = sigset_t()
        sigemptyset(&noMask)
        posix_spawnattr_setsigmask(&attributes, &noMask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        ChildDescriptors.closeAllButStandard(&actions)

        // The editor owns Ctrl-C while it runs (the terminal is in cooked mode, so Ctrl-C is
        // SIGINT to the whole foreground group, Parley included).
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        var savedInterrupt = sigaction(), savedQuit = sigaction()
        sigaction(SIGINT, &ignore, &savedInterrupt)
        sigaction(SIGQUIT, &ignore, &savedQuit)
        defer {
            sigaction(SIGINT, &savedInterrupt, nil)
            sigaction(SIGQUIT, &savedQuit, nil)
        }

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
        guard spawned == 0 else { return .failure(SpawnFailure(reason: "cannot start the editor: \(String(cString: strerror(spawned)))")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return .failure(SpawnFailure(reason: "lost the editor: \(String(cString: strerror(errno)))")) }
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which do not import as functions.
        let signal = status & 0x7f
        return .success(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
    }
}

/// Spawn file actions that leave a child only descriptors 0, 1 and 2: the editor must not hold
/// the wake pipe, the database or a socket of Parley's open.
enum ChildDescriptors {
    static func closeAllButStandard(_ actions: inout posix_spawn_file_actions_t) {
        // `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34) does not import into Swift.
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }
}
