public import Foundation
import Glibc
public import ParleyModel

extension Attachment {
    /// Reads `path` (relative to `directory`, `~` expanded) as UTF-8 text, or as an image when its
    /// first bytes are PNG, JPEG, GIF or WebP (at most `maximumImageBytes`). A directory, a
    /// missing or unreadable file, a text over `maximumBytes`, or one that is neither (a NUL byte,
    /// invalid UTF-8), a device or an empty pipe is refused with an error naming the file. Whether the model takes images
    /// is checked where the model is known.
    public static func read(_ path: String, relativeTo directory: String = FileManager.default.currentDirectoryPath)
        throws(AttachmentError) -> Attachment
    {
        let shown = displayName(path)
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
        let opened = try open(full, shown: shown)
        defer { try? opened.file.close() }
        // Read one byte past the cap instead of trusting the size the file system reports
        // (a pipe reports none).
        let data: Data
        do { data = try opened.file.read(upToCount: max(maximumBytes, maximumImageBytes) + 1) ?? Data() } catch {
            throw AttachmentError(file: shown, problem: "cannot be read: \(error.localizedDescription)")
        }
        if opened.isPipe && data.isEmpty {
            throw AttachmentError(file: shown, problem: "is a pipe with nothing written to it")
        }
        if let mediaType = ImagePart.mediaType(of: data) {
            guard data.count <= maximumImageBytes else {
                throw AttachmentError(file: shown, problem: "is an image larger than \(maximumImageBytes >> 20) MiB, the most Parley sends")
            }
            return Attachment(name: shown, text: "", image: ImagePart(mediaType: mediaType, base64: data.base64EncodedString()))
        }
        guard data.count <= maximumBytes else {
            throw AttachmentError(file: shown, problem: "is larger than \(maximumBytes / 1024) KiB, the most Parley attaches")
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw AttachmentError(file: shown, problem: "is not a text file (binary or not UTF-8); only text can be attached")
        }
        return Attachment(name: shown, text: text)
    }

    /// `path` opened for reading: a file, or a pipe (`-f <(git diff)`, a named FIFO). A FIFO no
    /// process writes to would block a plain open until one does, so it is opened without
    /// waiting and then read as usual: with a writer, reads wait for its data; without one,
    /// they find it empty. A directory or a device (a terminal, `/dev/zero`) is refused.
    private static func open(_ path: String, shown: String) throws(AttachmentError) -> (file: FileHandle, isPipe: Bool) {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw AttachmentError(file: shown, problem: "no such file")
            case EACCES, EPERM: throw AttachmentError(file: shown, problem: "cannot be read (permissions?)")
            default: throw AttachmentError(file: shown, problem: "cannot be opened (\(String(cString: strerror(errno))))")
            }
        }
        let file = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw AttachmentError(file: shown, problem: "cannot be read (\(String(cString: strerror(errno))))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: throw AttachmentError(file: shown, problem: "is a directory, not a file")
        case S_IFCHR, S_IFBLK: throw AttachmentError(file: shown, problem: "is a device, not a file")
        case S_IFSOCK: throw AttachmentError(file: shown, problem: "is a socket, not a file")
        default: break
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return (file, info.st_mode & S_IFMT == S_IFIFO)
    }
}
