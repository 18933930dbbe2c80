import Foundation
import ParleyGateway
import Testing
@testable import ParleyConfig

/// Captures what the wizard writes; reads answers from a real pipe like `parley setup < answers`.
final class PipeIO: SetupIO {
    private let reader: FileDescriptorIO
    private let pipe = Pipe()
    private(set) var output = ""

    init(answers: String) {
        pipe.fileHandleForWriting.write(Data(answers.utf8))
        try? pipe.fileHandleForWriting.close()
        reader = FileDescriptorIO(input: pipe.fileHandleForReading.fileDescriptor, output: -1)
    }

    func readLine() -> String? { reader.readLine() }
    func write(_ text: String) { output += text }
}

@Suite struct SetupWizardTests {
    private func temporaryPath() -> String {
        NSTemporaryDirectory() + "parley-setup-\(UUID().uuidString)/config.toml"
    }

    @Test func pipedAnswersWriteAConfigThatLoads() throws {
        let path = temporaryPath()
        let io = PipeIO(answers: "openrouter, ollama\nOPENROUTER_API_KEY\n\nopenrouter:openai/gpt-4o-mini\n")
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        #expect(configuration.providers.map(\.name) == ["openrouter", "ollama"])
        #expect(configuration.defaultModel == ModelRef(provider: "openrouter", model: "openai/gpt-4o-mini"))
        #expect(try ParleyConfiguration.load(from: path) == configuration)
        #expect(io.output.contains("✓ wrote"))
    }

    @Test func aKeyTypedAsAVariableNameIsRefusedAndNeverWritten() throws {
        let path = temporaryPath()
        let io = PipeIO(answers: "deepseek\nsk-abcdef0123456789abcdef0123\nDEEPSEEK_API_KEY\ndeepseek-chat\n")
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        #expect(io.output.contains("that looks like an API key itself"))
        #expect(!io.output.contains("abcdef0123"))
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!written.contains("abcdef0123"))
        #expect(configuration.defaultModel == ModelRef(provider: "deepseek", model: "deepseek-chat"))
        #expect(configuration.provider(named: "deepseek")?.keySource == .environment(variable: "DEEPSEEK_API_KEY", isPresetDefault: false))
    }

    @Test func defaultsAreTakenAtTheEndOfInput() throws {
        let path = temporaryPath()
        let scan = FirstRunScan(keys: [.init(preset: .openrouter, variable: "OPENROUTER_API_KEY")])
        let configuration = try SetupWizard(io: PipeIO(answers: ""), path: path, environment: [:], force: false, scan: scan).run()
        #expect(configuration.providers.map(\.name) == ["openrouter"])
        #expect(configuration.defaultModel == ModelRef(provider: "openrouter", model: "openai/gpt-4o-mini"))
    }

    @Test func anExistingFileIsNotOverwrittenWithoutForce() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "theme = \"light\"\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SetupWizard.Failure.self) {
            try SetupWizard(io: PipeIO(answers: "ollama\n"), path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "theme = \"light\"\n")
        try SetupWizard(io: PipeIO(answers: "ollama\n\n\n"), path: path, environment: [:], force: true, scan: FirstRunScan()).run()
        #expect(try String(contentsOfFile: path + ".bak", encoding: .utf8) == "theme = \"light\"\n")
        #expect(try ParleyConfiguration.load(from: path).providers.map(\.name) == ["ollama"])
    }

    @Test func aCustomProviderAsksForNameURLAndCommand() throws {
        let path = temporaryPath()
        let io = PipeIO(answers: "custom\nwork\nnot a url\nhttps://llm.example.com/v1\ncommand: pass show work\nwork:big-model\n")
        let configuration = try SetupWizard(io: io, path: path, environment: [:], force: false, scan: FirstRunScan()).run()
        let work = try #require(configuration.provider(named: "work"))
        #expect(work.baseURL == "https://llm.example.com/v1")
        #expect(work.keySource == .command("pass show work"))
        #expect(configuration.defaultModel == ModelRef(provider: "work", model: "big-model"))
    }
}
