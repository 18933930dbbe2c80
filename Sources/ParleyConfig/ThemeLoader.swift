import Foundation
import ParleyGateway
public import ParleyUI

/// Finds and reads colour themes.
///
/// A name resolves to the first of: `<config dir>/themes/NAME.toml` (the user's own), then the
/// shipped `themes/NAME.toml` (next to the working directory, or the executable's `../../themes`
/// for a build tree and `../share/parley/themes` for an install), then ParleyUI's built-in
/// themes. A value containing `/` or ending in `.toml` is read as a path.
///
/// Theme files have the shape `Theme.tomlText` writes: `name` and a `[styles]` table of
/// `role = { fg = "75", bg = "default", attrs = ["bold"] }`.
public struct ThemeLoader: Sendable {
    public var userThemeDirectory: String?
    public var shippedThemeDirectories: [String]

    /// `configDirectory` is `ConfigLocation.directory`; user themes live in its `themes/`.
    public init(configDirectory: String?, shippedThemeDirectories: [String]? = nil) {
        self.userThemeDirectory = configDirectory.map { $0 + "/themes" }
        self.shippedThemeDirectories = shippedThemeDirectories ?? Self.defaultShippedDirectories()
    }

    /// The shipped themes next to the program (`../share/parley/themes` from its `bin/`).
    /// Not the working directory's `themes/`: any project can have one (a Hugo site does), and
    /// it would shadow the built-in themes, which the shipped files are copies of (and cost a
    /// file read and a TOML parse at every start).
    static func defaultShippedDirectories() -> [String] {
        var directories: [String] = []
        if let binDirectory = PathName.executableDirectory() {
            directories.append(PathName.standardized(binDirectory + "/../../themes"))
            directories.append(PathName.standardized(binDirectory + "/../share/parley/themes"))
        }
        var unique: [String] = []
        for directory in directories where !unique.contains(directory) { unique.append(directory) }
        return unique
    }

    /// The theme called `name`. `configFile` is named in the error when no theme is found.
    public func load(named name: String, configFile: String? = nil) throws -> Theme {
        if name.contains("/") || name.hasSuffix(".toml") {
            let path = (name as NSString).expandingTildeInPath
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigError(file: configFile.map { DisplayPath.abbreviate($0) } ?? "config", line: nil, key: "theme",
                                  problem: "theme file \(TOMLWriter.quoted(DisplayPath.abbreviate(path))) does not exist")
            }
            return try Self.load(path: path)
        }
        for directory in searchDirectories {
            let path = directory + "/" + name + ".toml"
            if FileManager.default.fileExists(atPath: path) { return try Self.load(path: path) }
        }
        if let builtin = Theme.named(name) { return builtin }

        let known = availableThemeNames()
        let hint = Levenshtein.nearest(to: name, among: known).map { " — did you mean \"\($0)\"?" } ?? ""
        let places = searchDirectories.map { DisplayPath.abbreviate($0) }.joined(separator: ", ")
        throw ConfigError(file: configFile.map { DisplayPath.abbreviate($0) } ?? "config", line: nil, key: "theme",
                          problem: "no theme called \(TOMLWriter.quoted(name))\(hint) (available: \(known.joined(separator: ", ")); "
                            + "looked for \(name).toml in \(places))")
    }

    /// Every theme name this loader can resolve, user themes first.
    public func availableThemeNames() -> [String] {
        var names: [String] = []
        for directory in searchDirectories {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for file in files.sorted() where file.hasSuffix(".toml") {
                let name = String(file.dropLast(5))
                if !names.contains(name) { names.append(name) }
            }
        }
        for theme in Theme.builtins where !names.contains(theme.name) { names.append(theme.name) }
        return names
    }

    private var searchDirectories: [String] { [userThemeDirectory].compactMap { $0 } + shippedThemeDirectories }

    static func load(path: String) throws -> Theme {
        let display = DisplayPath.abbreviate(path)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: display, line: nil, key: nil, problem: "cannot read the theme file")
        }
        let fallbackName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, file: display, defaultName: fallbackName)
    }

    /// Reads theme TOML; errors name the file, line and key like config errors do.
    public static func parse(_ text: String, file: String, defaultName: String) throws -> Theme {
        let document = try TOMLNode.parseDocument(text, file: file)
        let index = KeyLineIndex(source: text)
        func error(_ path: [String], _ problem: String) -> ConfigError {
            ConfigError(file: file, line: index.line(of: path), key: KeyPath.display(path), problem: problem)
        }
        func unknown(_ key: String, at path: [String], valid: [String]) -> ConfigError {
            let shown = KeyPath.display(path + [key])
            let hint = Levenshtein.nearest(to: key, among: valid).map { " — did you mean '\(KeyPath.display(path + [$0]))'?" }
                ?? " (valid keys here: \(valid.joined(separator: ", ")))"
            return ConfigError(file: file, line: index.line(of: path + [key]), key: shown, message: "unknown key '\(shown)'\(hint)")
        }

        for key in document.keys.sorted() where !["name", "styles"].contains(key) {
            throw unknown(key, at: [], valid: ["name", "styles"])
        }
        var name = defaultName
        if let value = document["name"] {
            guard case .string(let text) = value, !text.isEmpty else {
                throw error(["name"], "expected the theme's name, found \(value.foundDescription)")
            }
            name = text
        }
        guard case .table(let table)? = document["styles"] else {
            throw error(["styles"], "expected a [styles] table, found \(document["styles"]?.foundDescription ?? "nothing")")
        }
        let roles = Theme.Role.allCases.map(\.rawValue)
        var styles: [String: Style] = [:]
        for (role, value) in table.sorted(by: { (index.line(of: ["styles", $0.key]) ?? 0) < (index.line(of: ["styles", $1.key]) ?? 0) }) {
            let path = ["styles", role]
            guard roles.contains(role) else { throw unknown(role, at: ["styles"], valid: roles) }
            guard case .table(let fields) = value else {
                throw error(path, "expected a style like { fg = \"75\", attrs = [\"bold\"] }, found \(value.foundDescription)")
            }
            for key in fields.keys.sorted() where !["fg", "bg", "attrs"].contains(key) {
                throw unknown(key, at: path, valid: ["fg", "bg", "attrs"])
            }
            func colour(_ key: String) throws -> String? {
                guard let node = fields[key] else { return nil }
                guard case .string(let text) = node, Color.parse(text) != nil else {
                    throw error(path + [key], "expected a colour: \"default\", an ANSI name (\"red\", \"bright-blue\"), "
                                + "a 256-colour index as a string (\"75\") or \"#rrggbb\"; found \(node.foundDescription)")
                }
                return text
            }
            var attributes: [String] = []
            if let node = fields["attrs"] {
                let valid = Style.Attribute.allCases.map(\.rawValue)
                guard case .array(let items) = node else {
                    throw error(path + ["attrs"], "expected a list of attributes (\(valid.joined(separator: ", "))), found \(node.foundDescription)")
                }
                for item in items {
                    guard case .string(let text) = item, valid.contains(text.lowercased()) else {
                        let hint: String
                        if case .string(let text) = item, let near = Levenshtein.nearest(to: text, among: valid) {
                            hint = " — did you mean \"\(near)\"?"
                        } else {
                            hint = " (expected one of \(valid.joined(separator: ", ")))"
                        }
                        throw error(path + ["attrs"], "unknown attribute: \(item.foundDescription)\(hint)")
                    }
                    attributes.append(text)
                }
            }
            guard let style = Style(fg: try colour("fg"), bg: try colour("bg"), attributes: attributes) else {
                throw error(path, "this style could not be read")
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }
}
