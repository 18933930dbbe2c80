// URLComponents: the Foundation on this toolchain is the one module every target here links.
import Foundation
import ParleyGateway

/// The cloud platforms' base URLs, derived from the coordinates a user knows (an Azure
/// resource, an AWS region, a Google Cloud project and location) rather than typed out.
///
/// Each value becomes part of a host name or path, so it is checked to be a plain DNS-label-like
/// word first: a value from the config file must not be able to point the key at another host.
enum PlatformCoordinates {
    /// Every coordinate key, for the config's list of valid provider keys.
    static let keys = ["resource", "region", "project", "location", "endpoint"]

    /// The keys each preset takes; any other coordinate on a provider is a mistake.
    static func keys(for preset: Provider.Preset) -> [String] {
        switch preset {
        case .azure: return ["resource"]
        case .bedrock: return ["region", "endpoint"]
        case .vertex: return ["project", "location"]
        default: return []
        }
    }

    /// Bedrock's two OpenAI-compatible endpoints.
    static let bedrockEndpoints = ["runtime", "mantle"]

    /// The base URL `preset` derives from `values`, or the first missing coordinate's key.
    static func baseURL(preset: Provider.Preset, values: [String: String]) -> Result<String?, Missing> {
        switch preset {
        case .azure:
            guard let resource = values["resource"] else { return .failure(Missing(key: "resource", example: "\"my-resource\"")) }
            return .success("https://\(resource).openai.azure.com/openai/v1")
        case .bedrock:
            guard let region = values["region"] else { return .failure(Missing(key: "region", example: "\"us-east-1\"")) }
            if values["endpoint"] == "mantle" { return .success("https://bedrock-mantle.\(region).api.aws/v1") }
            return .success("https://bedrock-runtime.\(region).amazonaws.com/openai/v1")
        case .vertex:
            guard let project = values["project"] else { return .failure(Missing(key: "project", example: "\"my-project\"")) }
            guard let location = values["location"] else {
                return .failure(Missing(key: "location", example: "\"us-central1\" or \"global\""))
            }
            // The global location has no regional host prefix.
            let host = location == "global" ? "aiplatform.googleapis.com" : "\(location)-aiplatform.googleapis.com"
            return .success("https://\(host)/v1/projects/\(project)/locations/\(location)/endpoints/openapi")
        default:
            return .success(preset.defaultBaseURL)
        }
    }

    /// Endpoints with no `GET /models` (Vertex's `openapi`, Bedrock's runtime): their models
    /// come from the configuration's `models = [...]`.
    static func listsNoModels(_ settings: ProviderSettings) -> Bool {
        switch settings.preset {
        case .vertex: return true
        case .bedrock: return !settings.baseURL.contains("bedrock-mantle.")
        default: return false
        }
    }

    struct Missing: Error, Equatable {
        var key: String
        var example: String
    }

    /// Letters, digits and '-' (and '_' inside project ids is not allowed by Google either).
    static func isPlainLabel(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 63 && text.first != "-" && text.last != "-"
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}

extension ConfigReader {
    /// Reads the coordinates written for this provider, refusing ones its preset does not take.
    func readCoordinates(_ body: [String: TOMLNode], at path: [String], preset: Provider.Preset) throws -> [String: String] {
        var values: [String: String] = [:]
        let accepted = PlatformCoordinates.keys(for: preset)
        for key in PlatformCoordinates.keys {
            guard let node = body[key] else { continue }
            guard accepted.contains(key) else {
                throw error(at: path + [key], "'\(key)' applies only to \(Self.coordinateOwner(key)), not to preset \"\(preset.rawValue)\"")
            }
            guard case .string(let text) = node else {
                throw error(at: path + [key], "expected \(key) as a string, found \(node.foundDescription)")
            }
            if key == "endpoint" {
                guard PlatformCoordinates.bedrockEndpoints.contains(text) else {
                    throw error(at: path + [key], "expected \"runtime\" or \"mantle\", found \(node.foundDescription)")
                }
            } else if !PlatformCoordinates.isPlainLabel(text) {
                throw error(at: path + [key], "expected a plain name of letters, digits and '-' (it becomes part of the URL), found \(node.foundDescription)")
            }
            values[key] = text
        }
        return values
    }

    private static func coordinateOwner(_ key: String) -> String {
        switch key {
        case "resource": return "preset = \"azure\""
        case "region", "endpoint": return "preset = \"bedrock\""
        default: return "preset = \"vertex\""
        }
    }

    /// Refuses a `base_url` that carries a credential: userinfo (`https://user:key@host`) or a
    /// key-like query parameter. The message never repeats the URL.
    func rejectCredentials(inBaseURL text: String, at path: [String]) throws {
        guard let components = URLComponents(string: text) else { return }
        if components.user != nil || components.password != nil {
            throw error(at: path, "a base_url must not carry credentials (user:key@host); "
                + "name the key with api_key_env or api_key_command instead")
        }
        for item in components.queryItems ?? [] {
            let name = item.name.lowercased()
            let value = item.value ?? ""
            if Self.literalSecretKeys.contains(name) || Self.credentialHeaders.contains(name) || SecretHeuristics.looksLikeKey(value) {
                throw error(at: path, "a base_url must not carry a key in its query string ('\(item.name)=…'); "
                    + "name the key with api_key_env or api_key_command instead")
            }
        }
    }
}
