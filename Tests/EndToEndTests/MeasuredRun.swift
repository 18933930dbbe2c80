import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run of the binary with its own peak resident memory (the kernel's `VmHWM` for it), the
/// figure `/usr/bin/time -v` prints, without needing that tool.
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
    closeInheritedDescriptors(&actions)

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
    let watchdog = Watchdog(pid: child, deadline: deadline)
    // Not wait4's ru_maxrss: posix_spawn execs from a vfork of this test runner, and Linux
    // records the runner's own peak as the child's starting high-water mark. The child's VmHWM
    // (its own address space's peak) is polled until it exits instead; it only rises, so only
    // a peak in the last poll interval before exit could be missed.
    let outcome = await onOwnThread { () -> Result<(Int32, Int), MeasuredRunFailure> in
        var rawStatus: Int32 = 0
        var peak = 0
        while true {
            if let hwm = highWaterMarkKiB(of: child) { peak = max(peak, hwm) }
            let reaped = waitpid(child, &rawStatus, WNOHANG)
            if reaped == child { break }
            if reaped < 0, errno != EINTR { return .failure(MeasuredRunFailure.wait(errno)) }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS by hand: the macros do not import.
        let exited = rawStatus & 0x7F == 0
        return .success((exited ? (rawStatus >> 8) & 0xFF : 128 + (rawStatus & 0x7F), peak))
    }
    watchdog.cancel()
    let (status, rss) = try outcome.get()
    return MeasuredRun(status: status, stdout: (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data(),
                       stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "", peakRSSKiB: rss)
}

/// `VmHWM` from /proc/PID/status, in KiB (nil once the process has released its memory).
private func highWaterMarkKiB(of pid: pid_t) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return nil }
    return Int(line.dropFirst("VmHWM:".count).split(separator: " ").first ?? "")
}
