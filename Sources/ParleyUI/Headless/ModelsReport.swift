public import ParleyModel
import Foundation

/// What `parley models` prints: the catalogues as a table or as JSON for scripts.
public enum ModelsReport {
    public static func price(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value < 0.01 && value > 0 ? String(format: "%.4f", value) : String(format: "%.2f", value)
    }

    public static func table(_ rows: [(provider: String, model: ModelInfo)], configured: Set<String> = []) -> String {
        let header = ["MODEL", "CONTEXT", "IN $/M", "OUT $/M", "NAME"]
        let body = rows.map { row in
            let reference = "\(row.provider):\(row.model.id)"
            let mark = configured.contains(reference) ? "(configured)" : ""
            // The picker's mark: the catalogue says the model reasons (`/effort` applies).
            let thinks = row.model.supportsReasoning ? "(think)" : ""
            // llama.cpp lists the trained length; its server may run the model with far less.
            let trained = row.model.contextLengthIsTrained && row.model.contextLength != nil ? "(context: trained length)" : ""
            let images = row.model.acceptsImages == true ? "(images)" : ""
            return [
                reference,
                row.model.contextLength.map(String.init) ?? "-",
                price(row.model.promptPricePerMillion),
                price(row.model.completionPricePerMillion),
                [mark, thinks, images, trained, row.model.name ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
            ]
        }
        return TextTable.render(header: header, rows: body, rightAligned: [1, 2, 3])
    }

    public static func json(_ rows: [(provider: String, model: ModelInfo)], configured: Set<String> = []) -> String {
        let array: [JSONValue] = rows.map { row in
            .object([
                "provider": .string(row.provider),
                "configured": .bool(configured.contains("\(row.provider):\(row.model.id)")),
                "id": .string(row.model.id),
                "name": row.model.name.map { .string($0) } ?? .null,
                "context_length": row.model.contextLength.map { .number(Double($0)) } ?? .null,
                "prompt_usd_per_million": row.model.promptPricePerMillion.map { .number($0) } ?? .null,
                "completion_usd_per_million": row.model.completionPricePerMillion.map { .number($0) } ?? .null,
                "supports_reasoning": .bool(row.model.supportsReasoning),
                "context_length_is_trained": .bool(row.model.contextLengthIsTrained),
                "accepts_images": row.model.acceptsImages.map { .bool($0) } ?? .null,
            ])
        }
        return (try? JSONOutput.string(JSONValue.array(array), pretty: true)) ?? "[]"
    }
}
