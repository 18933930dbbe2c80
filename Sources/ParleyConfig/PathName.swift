#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path strings made standard as text, without Foundation's `URL`: building a `URL` to clean a
/// path (`standardizedFileURL`) or to find the program (`Bundle.main`) went through
/// CoreFoundation's URL parser, about a millisecond of every chat's start.
enum PathName {
    /// `path` with empty and `.` components dropped and each `..` taking the component before
    /// it away (never above `/`), as text: like Go's `filepath.Clean`, without resolving
    /// symbolic links. Relative paths stay relative.
    static func standardized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var kept: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                if let last = kept.last, last != ".." {
                    kept.removeLast()
                } else if !absolute {
                    kept.append(component)
                }
            default:
                kept.append(component)
            }
        }
        let joined = kept.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// The directory of the running program, with symbolic links resolved (nil when the system
    /// does not say).
    static func executableDirectory() -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        guard let path = CommandLine.arguments.first.flatMap({ realpath($0, nil) }).map({ pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }) else { return nil }
        #endif
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
