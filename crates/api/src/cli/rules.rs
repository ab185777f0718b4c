//! `confitrek rules schema`: for authors of rule sets, offline.

use std::process::ExitCode;

use confitrek_domain::compliance::{requirement_schema, rule_set_schema};

/// Prints the JSON Schema of a rule-set file, or of one requirement.
pub fn schema(requirement: bool) -> ExitCode {
    let schema = if requirement {
        requirement_schema()
    } else {
        rule_set_schema()
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
