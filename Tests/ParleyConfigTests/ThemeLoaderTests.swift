import Foundation
import ParleyUI
import Testing
@testable import ParleyConfig

@Suite struct ThemeLoaderTests {
    private func directory() throws -> String {
        let path = NSTemporaryDirectory() + "parley-themes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path + "/themes", withIntermediateDirectories: true)
        return path
    }

    @Test func readsWhatThemeTomlTextWrites() throws {
        for builtin in Theme.builtins {
            let theme = try ThemeLoader.parse(builtin.tomlText, file: "\(builtin.name).toml", defaultName: "x")
            #expect(theme == builtin)
        }
    }

    @Test func userThemesComeFirstThenShippedThenBuiltIn() throws {
        let config = try directory()
        let shipped = try directory() + "/themes"
        try "name = \"dark\"\n[styles]\ntext = { fg = \"red\" }\n".write(toFile: config + "/themes/dark.toml", atomically: true, encoding: .utf8)
        try "name = \"sea\"\n[styles]\ntext = { fg = \"#0000ff\", attrs = [\"bold\"] }\n".write(toFile: shipped + "/sea.toml", atomically: true, encoding: .utf8)
        let loader = ThemeLoader(configDirectory: config, shippedThemeDirectories: [shipped])
        #expect(try loader.load(named: "dark")[.text].foreground == Color.parse("red"))
        #expect(try loader.load(named: "sea")[.text].bold)
        #expect(try loader.load(named: "nord") == Theme.nord)
        #expect(loader.availableThemeNames().prefix(2) == ["dark", "sea"])
    }

    @Test func errorsNameFileLineAndKey() throws {
        #expect(throws: ConfigError(file: "t.toml", line: 3, key: "styles.txt",
                                    message: "unknown key 'styles.txt' — did you mean 'styles.text'?")) {
            try ThemeLoader.parse("name = \"t\"\n[styles]\ntxt = { fg = \"red\" }\n", file: "t.toml", defaultName: "t")
        }
        do {
            _ = try ThemeLoader.parse("[styles]\nerror = { fg = \"bleu\" }\n", file: "t.toml", defaultName: "t")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix("t.toml:2: key 'styles.error.fg': expected a colour"))
        }
        let loader = ThemeLoader(configDirectory: nil, shippedThemeDirectories: [])
        do {
            _ = try loader.load(named: "drak", configFile: "/x/config.toml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".hasPrefix(#"/x/config.toml: key 'theme': no theme called "drak" — did you mean "dark"?"#))
        }
    }
}
