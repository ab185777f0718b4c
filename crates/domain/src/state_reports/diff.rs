//! What changed between two versions of a report: rows added and removed, fields changed.
//! Rows are matched by their key (the person), fields by their column key.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::snapshot::{Row, Snapshot};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    RowAdded {
        row: String,
    },
    RowRemoved {
        row: String,
    },
    FieldChanged {
        row: String,
        field: String,
        from: String,
        to: String,
    },
}

impl Change {
    /// How the change names its row.
    pub fn row(&self) -> &str {
        match self {
            Change::RowAdded { row } | Change::RowRemoved { row } => row,
            Change::FieldChanged { row, .. } => row,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &str| {
            if v.is_empty() {
                "(empty)".to_owned()
            } else {
                v.to_owned()
            }
        };
        match self {
            Change::RowAdded { row } => write!(f, "{row}: added"),
            Change::RowRemoved { row } => write!(f, "{row}: removed"),
            Change::FieldChanged {
                row,
                field,
                from,
                to,
            } => write!(f, "{row}: {field} {} → {}", shown(from), shown(to)),
        }
    }
}

/// The changes from `previous` to `next`: first the rows of `previous` in its order (removed,
/// or each field changed in the columns' order), then the rows new in `next`, in its order.
pub fn diff(previous: &Snapshot, next: &Snapshot) -> Vec<Change> {
    let next_rows: BTreeMap<&str, &Row> = next.rows.iter().map(|r| (r.key.as_str(), r)).collect();
    let mut changes = Vec::new();
    for before in &previous.rows {
        let Some(after) = next_rows.get(before.key.as_str()) else {
            changes.push(Change::RowRemoved {
                row: before.label.clone(),
            });
            continue;
        };
        for column in &next.columns {
            let was = previous.cell(before, &column.key).unwrap_or_default();
            let is = next.cell(after, &column.key).unwrap_or_default();
            if was != is {
                changes.push(Change::FieldChanged {
                    row: after.label.clone(),
                    field: column.header.clone(),
                    from: was.to_owned(),
                    to: is.to_owned(),
                });
            }
        }
        // A column the new layout dropped, with something in it, is a change too.
        for column in previous
            .columns
            .iter()
            .filter(|c| !next.columns.iter().any(|n| n.key == c.key))
        {
            let was = previous.cell(before, &column.key).unwrap_or_default();
            if !was.is_empty() {
                changes.push(Change::FieldChanged {
                    row: after.label.clone(),
                    field: column.header.clone(),
                    from: was.to_owned(),
                    to: String::new(),
                });
            }
        }
    }
    let previous_keys: std::collections::BTreeSet<&str> =
        previous.rows.iter().map(|r| r.key.as_str()).collect();
    for after in next
        .rows
        .iter()
        .filter(|r| !previous_keys.contains(r.key.as_str()))
    {
        changes.push(Change::RowAdded {
            row: after.label.clone(),
        });
    }
    changes
}
