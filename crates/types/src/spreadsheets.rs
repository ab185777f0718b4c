//! Spreadsheets in the shape imports read: the template of a kind of file, and the agency's
//! roster and training history written the same way, as CSV or XLSX downloads.

use serde::{Deserialize, Serialize};

use crate::ImportKind;

pub use confitrek_vocabulary::spreadsheets::*;

/// `GET /spreadsheets/{kind}` and `GET /spreadsheets/{kind}/template` query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct SpreadsheetQuery {
    /// `csv` (default) or `xlsx`.
    pub format: Option<SpreadsheetFormat>,
}

/// Whether the agency's rows of `kind` can be downloaded in the shape they are imported in:
/// its roster and its training history.
pub fn has_export(kind: ImportKind) -> bool {
    matches!(kind, ImportKind::People | ImportKind::Training)
}
