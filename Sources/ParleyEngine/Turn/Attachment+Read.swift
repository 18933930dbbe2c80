public import Foundation
public import ParleyModel

extension Attachment {
    /// Reads `path` (relative to `directory`, `~` expanded) as UTF-8 text, or as an image when its
    /// first bytes are PNG, JPEG, GIF or WebP (at most `maximumImageBytes`). A directory, a
    /// missing or unreadable file, a text over `maximumBytes`, or one that is neither (a NUL byte,
    /// invalid UTF-8) is refused with an error naming the file. Whether the model takes images
    /// is checked where the model is known.
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
        do { data = try handle.read(upToCount: max(maximumBytes, maximumImageBytes) + 1) ?? Data() } catch {
            throw AttachmentError(file: shown, problem: "cannot be read: \(error.localizedDescription)")
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
}
