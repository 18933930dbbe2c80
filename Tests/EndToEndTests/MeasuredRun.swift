import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of the binary with its own peak resident memory, as the kernel accounts it to that
/// child (`wait4`'s `ru_maxrss`): the figure `/usr/bin/time -v` prints, without needing it.
struct MeasuredRun: Sendable {
    var status: Int32
    var stdout: Data
    var stderr: String
    /// Peak resident set size in KiB.
    var peakRSSKiB: Int

    var peakRSSMiB: Double { Double(peakRSSKiB) / 1024 }
}

enum MeasuredRunFailure: Error { case spawn(Int32), wait(Int32) }

/// Runs `parley arguments…` with stdin empty and both outputs captured in files (so a large
/// output cannot block it), killed if it outlives `deadline`.
func runParleyMeasured(_ arguments: [String], environment: [String: String],
                       deadline: Duration = .seconds(120)) async throws -> MeasuredRun {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parley-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let outPath = directory.appendingPathComponent("stdout").path
    let errPath = directory.appendingPathComponent("stderr").path

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let argv = ([ParleyBinary.url.path] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, ParleyBinary.url.path, &actions, nil, argv, envp)
    guard spawned == 0 else { throw MeasuredRunFailure.spawn(spawned) }

    let child = pid
    let watchdog = Task.detached {
        try await Task.sleep(for: deadline)
        kill(child, SIGKILL)
    }
    defer { watchdog.cancel() }
    let (status, rss) = try await Task.detached { () throws -> (Int32, Int) in
        var rawStatus: Int32 = 0
        var usage = rusage()
        while wait4(child, &rawStatus, 0, &usage) < 0 {
            guard errno == EINTR else { throw MeasuredRunFailure.wait(errno) }
        }
        // WIFEXITED / WEXITSTATUS by hand: the macros do not import.
        let exited = rawStatus & 0x7F == 0
        return (exited ? (rawStatus >> 8) & 0xFF : 128 + (rawStatus & 0x7F), Int(usage.ru_maxrss))
    }.value
    return MeasuredRun(status: status, stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(),
                       stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", peakRSSKiB: rss)
}
