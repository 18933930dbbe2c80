#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the chat's start spends its time, for `bench/start-phases.sh`: with
/// `PARLEY_TRACE_START` naming a file, each `mark` appends a line to it, the wall-clock time in
/// nanoseconds since the Unix epoch and the phase. When the variable is unset, as it always is
/// outside that script, a mark is a load and a compare.
public enum StartupTrace {
    private static let file: Int32 = {
        guard let path = getenv("PARLEY_TRACE_START"), path.pointee != 0 else { return -1 }
        return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    }()

    public static func mark(_ phase: StaticString) {
        guard file >= 0 else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let line = "\(Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec)) \(phase)\n"
        _ = line.utf8.withContiguousStorageIfAvailable { write(file, $0.baseAddress, $0.count) }
    }
}
