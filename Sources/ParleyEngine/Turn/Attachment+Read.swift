public import Foundation
public import ParleyModel

extension Attachment {
    /// Reads `path` (relative to `directory`, `~` expanded) as UTF-8 text. A directory, a
    /// missing or unreadable file, one over `maximumBytes`, or one that is not text (a NUL byte,
    /// invalid UTF-8) is refused with an error naming the file.
    public static func read(_ path: String, relativeTo directory: String = FileManager.default.currentDirectoryPath)
        throws(AttachmentError) -> Attachment
    {
        let shown = displayName(path)
        let expanded = (path as NSString).expandingTildeInPath
        let full = expanded.hasPrefix("/") ? expanded : directory + "/" + expanded
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
            throw AttachmentError(file: shown, problem: "no such file")
        }
        guard !isDirectory.boolValue else { throw AttachmentError(file: shown, problem: "is a directory, not a file") }
        guard let handle = FileHandle(forReadingAtPath: full) else {
            throw AttachmentError(file: shown, problem: "cannot be read (permissions?)")
        }
        defer { try? handle.close() }
        // Read one byte past the cap instead of trusting the size the file system reports
        // (a FIFO or /dev/zero reports none).
        let data: Data
        do { data = try handle.read(upToCount: maximumBytes + 1) ?? Data() } catch {
            throw AttachmentError(file: shown, problem: "cannot be read: \(error.localizedDescription)")
        }
        guard data.count <= maximumBytes else {
            throw AttachmentError(file: shown, problem: "is larger than \(maximumBytes / 1024) KiB, the most Parley attaches")
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw AttachmentError(file: shown, problem: "is not a text file (binary or not UTF-8); only text can be attached")
        }
        return Attachment(name: shown, text: text)
    }
}
