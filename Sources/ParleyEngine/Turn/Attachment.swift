public import Foundation
import ParleyGateway

/// A text file read to go with a question (`-f FILE`, `/attach FILE`).
public struct Attachment: Sendable, Hashable {
    /// The name as the user gave it, made safe to show and to put in a header: no control
    /// character or bidi override of a hostile file name reaches the screen or the model.
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// Bytes a file may have to be attached: a long source file or document fits, a log or a
    /// data dump (which would swamp any context) does not.
    public static let maximumBytes = 256 * 1024
    /// Files one question may carry.
    public static let maximumCount = 16

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

    /// A file name with every control character, bidi control and newline shown, at most 200
    /// characters: for headers, notices and error lines.
    public static func displayName(_ path: String) -> String {
        let visible = TextSanitizer.makeVisible(path, keepingNewlines: false, escapingInvisibles: true)
        return visible.count > 200 ? String(visible.prefix(199)) + "…" : visible
    }

    /// The user message carrying `attachments` and then `prompt`: each file under its name,
    /// fenced with more backticks than the file itself contains in a row, so its content cannot
    /// close the fence early.
    public static func message(_ prompt: String, attachments: [Attachment]) -> String {
        guard !attachments.isEmpty else { return prompt }
        var parts: [String] = []
        for file in attachments {
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(file.text) + 1))
            let body = file.text.hasSuffix("\n") ? String(file.text.dropLast()) : file.text
            parts.append("File: \(file.name)\n\(fence)\n\(body)\n\(fence)")
        }
        parts.append(prompt)
        return parts.joined(separator: "\n\n")
    }

    static func longestBacktickRun(_ text: String) -> Int {
        var longest = 0, run = 0
        for character in text {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        return longest
    }
}

/// Why a file was not attached, naming it (already made safe to show).
public struct AttachmentError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "cannot attach \(file): \(problem)" }
}
