import Foundation
import GRDB

extension Store {
    /// Keeps a model's thinking with its answer. A separate statement so the message's own
    /// writes stay as they are; "" stores nothing, since most answers come without thinking.
    static func setReasoning(_ reasoning: String, ofMessage id: String, in db: Database) throws {
        guard !reasoning.isEmpty else { return }
        try db.execute(sql: "UPDATE message SET reasoning = ? WHERE id = ?", arguments: [reasoning, id])
    }
}
