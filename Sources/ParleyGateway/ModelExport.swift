// The shared value types (ModelRef, ChatMessage, GatewayError, …) live in ParleyModel; whoever
// imports the gateway sees them too, as before they moved.
@_exported public import ParleyModel
