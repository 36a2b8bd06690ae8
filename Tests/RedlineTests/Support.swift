@testable import Redline

func accept(_ s: String) -> String { Document(parsing: s).accepted }
func reject(_ s: String) -> String { Document(parsing: s).rejected }

/// Diagnostics as `line:col: severity: message` strings, for exact comparison.
func lint(_ s: String) -> [String] { Document(parsing: s).diagnostics.map(\.description) }

func kinds(_ s: String) -> [String] {
    Document(parsing: s).changes.map { ($0.style == .shorthand ? "~" : "") + $0.kind.rawValue + ($0.isBlock ? "+block" : "") }
}
