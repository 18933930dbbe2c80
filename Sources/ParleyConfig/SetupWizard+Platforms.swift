import ParleyGateway

extension SetupWizard {
    /// Asks a cloud platform for what its base URL is made of (`PlatformCoordinates`) and, where
    /// the endpoint lists no models or lists the wrong ones, for the model ids to offer.
    func askPlatformDetails(_ answer: inout Answer) throws {
        let questions: [(key: String, prompt: String, example: String?)]
        switch answer.preset {
        case .azure:
            questions = [("resource", "Azure OpenAI resource name (RESOURCE.openai.azure.com)", nil)]
        case .bedrock:
            questions = [("region", "AWS region", "us-east-1")]
        case .vertex:
            questions = [("project", "Google Cloud project id", nil), ("location", "Vertex AI location", "us-central1")]
        default:
            return
        }
        for question in questions {
            let value: String = try ask(question.prompt, default: question.example) { text in
                PlatformCoordinates.isPlainLabel(text)
                    ? .success(text) : .failure("expected a plain name of letters, digits and '-' (it becomes part of the URL)")
            }
            answer.coordinates.append((question.key, value))
        }
        if answer.preset == .bedrock {
            let endpoint: String = try ask("Bedrock endpoint: runtime (no model list) or mantle (lists models)",
                                           default: "runtime") { text in
                PlatformCoordinates.bedrockEndpoints.contains(text.lowercased())
                    ? .success(text.lowercased()) : .failure("answer runtime or mantle")
            }
            if endpoint == "mantle" { answer.coordinates.append(("endpoint", endpoint)) }
        }
        guard let hint = Self.modelsQuestion(answer.preset) else { return }
        io.write(hint.explanation + "\n")
        answer.models = try ask(hint.prompt, default: hint.example) { text in
            let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if ids.contains(where: { id in id.contains(where: { $0.isWhitespace || $0.isNewline || $0 == "\"" }) }) {
                return .failure("model ids have no spaces or quotes; separate several with commas")
            }
            return ids.isEmpty ? .failure("name at least one model") : .success(ids)
        }
    }

    /// The models question, for platforms whose `/models` lists nothing useful.
    private static func modelsQuestion(_ preset: Provider.Preset) -> (explanation: String, prompt: String, example: String)? {
        switch preset {
        case .azure:
            return ("Azure requests name a deployment, and its /models lists base models, not your deployments.",
                    "Deployment names, separated by commas", "gpt-4o")
        case .bedrock:
            return ("Bedrock's runtime endpoint has no /models; name the model ids to offer.",
                    "Model ids, separated by commas", "openai.gpt-oss-120b-1:0")
        case .vertex:
            return ("Vertex AI's OpenAI endpoint has no /models; name the model ids to offer.",
                    "Model ids, separated by commas", "google/gemini-2.5-flash")
        default:
            return nil
        }
    }

    /// Vertex takes an hourly OAuth token, not an API key: a command that prints one.
    static func suggestedKeyCommand(_ preset: Provider.Preset) -> String? {
        preset == .vertex ? "gcloud auth print-access-token" : nil
    }
}
