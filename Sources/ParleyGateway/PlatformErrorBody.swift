import Foundation

/// What the cloud platforms put in error bodies beyond OpenAI's `error.message`: Gemini's wait in
/// a `google.rpc.RetryInfo` detail (inside an array-wrapped body), Azure's `DeploymentNotFound`.
enum PlatformErrorBody {
    /// The `error` object of `{"error": …}` or of the first element of `[{"error": …}]`.
    static func errorObject(in body: Data) -> [String: JSONValue]? {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: body) else { return nil }
        switch root {
        case .object(let fields): return fields["error"]?.objectValue
        case .array(let items): return items.first?.objectValue?["error"]?.objectValue
        default: return nil
        }
    }

    /// `error.code` when it is a string (Azure's `DeploymentNotFound`).
    static func code(in body: Data) -> String? {
        errorObject(in: body)?["code"]?.stringValue
    }

    /// Gemini's `{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3s"}`, as a
    /// wait through the same clamp as `Retry-After` (1e300 s is "longer than I will wait").
    static func retryDelay(in body: Data) -> Duration? {
        guard case .array(let details)? = errorObject(in: body)?["details"] else { return nil }
        for case .object(let detail) in details {
            guard detail["@type"]?.stringValue?.hasSuffix("google.rpc.RetryInfo") == true,
                  let text = detail["retryDelay"]?.stringValue else { continue }
            return seconds(text).map { RetryAfter.clamped(milliseconds: $0 * 1000) }
        }
        return nil
    }

    /// A protobuf Duration in JSON: decimal seconds with an `s` suffix (`"3s"`, `"0.5s"`).
    static func seconds(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("s"), trimmed.utf8.count <= 32,
              let value = Double(trimmed.dropLast()), value.isFinite, value >= 0 else { return nil }
        return value
    }

    /// "no deployment named gpt-4o-prod in resource my-resource": Azure's `model` is a deployment
    /// name, and the resource is the first label of `RESOURCE.openai.azure.com`.
    static func deploymentMessage(model: String?, host: String?) -> String {
        let name = model.map { "no deployment named \($0)" } ?? "no such deployment"
        guard let host, !host.isEmpty else { return name }
        if host.hasSuffix(".openai.azure.com"), let resource = host.split(separator: ".").first {
            return "\(name) in resource \(resource)"
        }
        return "\(name) at \(host)"
    }
}
