import Glibc

/// The calling thread's name as the kernel shows it (`top -H`, `ps -L`, perf): at most 15 bytes.
///
/// `pthread_setname_np` is a GNU extension Glibc's Swift module does not export; writing
/// `/proc/thread-self/comm` is what it does for the calling thread.
enum ThreadName {
    static func setCurrent(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
