// The shared value types (EngineEvent, RoutePlan, store rows, …) live in ParleyModel; whoever
// imports the engine sees them too, as before they moved.
@_exported public import ParleyModel
