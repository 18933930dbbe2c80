/// A file read to go with a question (`-f FILE`, `/attach FILE`): a text file, or an image
/// (PNG, JPEG, GIF, WebP) for a model that takes images.
public struct Attachment: Sendable, Hashable {
    /// The name as the user gave it, made safe to show and to put in a header: no control
    /// character or bidi override of a hostile file name reaches the screen or the model.
    public var name: String
    /// The text of a text file; empty for an image.
    public var text: String
    /// The image, when the file is one (by its first bytes).
    public var image: ImagePart?

    public init(name: String, text: String, image: ImagePart? = nil) {
        self.name = name
        self.text = text
        self.image = image
    }

    /// Bytes an image may have: a photo from a phone fits, base64 keeps the request under
    /// 7 MB (providers take 5–20 MB a request).
    public static let maximumImageBytes = 5 << 20

    /// Images among `attachments`, in order.
    public static func images(_ attachments: [Attachment]) -> [ImagePart] { attachments.compactMap(\.image) }

    /// Why `model` cannot take the images: nil when the catalogue or its local server says it
    /// accepts images, else a line for the user.
    public static func imageRefusal(_ names: [String], model: ModelRef, acceptsImages: Bool?) -> String? {
        guard acceptsImages != true, !names.isEmpty else { return nil }
        let what = acceptsImages == false ? "does not accept images (its catalogue lists no image input)"
            : "is not known to accept images (its catalogue does not say it takes image input)"
        return "cannot attach \(names.joined(separator: ", ")): \(model) \(what)"
    }

    /// Bytes a file may have to be attached: a long source file or document fits, a log or a
    /// data dump (which would swamp any context) does not.
    public static let maximumBytes = 256 * 1024
    /// Files one question may carry.
    public static let maximumCount = 16

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
            // An image goes as a content part; the text names it, for the history and the model.
            if file.image != nil {
                parts.append("Image: \(file.name)")
                continue
            }
            let fence = String(repeating: "`", count: max(3, longestBacktickRun(file.text) + 1))
            let body = file.text.hasSuffix("\n") ? String(file.text.dropLast()) : file.text
            parts.append("File: \(file.name)\n\(fence)\(language(of: file.name))\n\(body)\n\(fence)")
        }
        parts.append(prompt)
        return parts.joined(separator: "\n\n")
    }

    /// The question of a `message(_:attachments:)` without the files before it: what titles a
    /// conversation. A message that does not start with an attached file is returned whole.
    public static func question(of message: String) -> Substring {
        var rest = message[...]
        while rest.hasPrefix("Image: "), let end = rest.range(of: "\n\n"), !rest[..<end.lowerBound].contains("\n") {
            rest = rest[end.upperBound...]
        }
        while rest.hasPrefix("File: ") {
            let lines = rest.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            guard lines.count == 3 else { break }
            let fence = lines[1].prefix { $0 == "`" }
            guard fence.count >= 3, let close = lines[2].range(of: "\n" + fence + "\n\n") else { break }
            rest = lines[2][close.upperBound...]
        }
        return rest
    }

    /// The fence's info string: the file's extension (`main.swift` → `swift`), so the model and
    /// the chat's highlighting know the language; nothing when it is not a plain short word.
    static func language(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), !name[dot...].contains("/") else { return "" }
        let ext = name[name.index(after: dot)...].lowercased()
        let plain = !ext.isEmpty && ext.count <= 16
            && ext.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "+#-".unicodeScalars.contains($0) }
        return plain ? ext : ""
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
