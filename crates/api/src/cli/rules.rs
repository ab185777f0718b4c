//! `confitrek rules schema` and `confitrek rules eval`: for authors of rule sets, offline.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use confitrek_domain::compliance::{
    Jurisdiction, Minutes, RuleSet, requirement_schema, rule_set_schema,
};
use confitrek_types::{RequirementResultDto, RequirementStatus, WhatIfReportDto};
use time::Date;

use crate::compliance::what_if::{self, DEFAULT_AT_RISK_DAYS};
use crate::http::ApiError;
use crate::http::json::parse_json;

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

/// Where `rules eval` reads and what it prints.
pub struct EvalArgs<'a> {
    pub files: &'a [PathBuf],
    pub input: &'a Path,
    pub as_of: Option<Date>,
    pub json: bool,
}

/// Judges the person described in `input` (the body of `POST /api/v1/compliance/evaluate`)
/// by the rule-set files, and prints the report. Exit status 1 on any problem.
pub fn eval(args: &EvalArgs<'_>) -> ExitCode {
    match run_eval(args) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            ExitCode::FAILURE
        }
    }
}

/// The report as text, or every problem found, each on a line.
pub fn run_eval(args: &EvalArgs<'_>) -> Result<String, Vec<String>> {
    let mut sets = Vec::new();
    let mut problems = Vec::new();
    for path in args.files {
        let name = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| vec![format!("{name}: cannot read: {e}")])?;
        match RuleSet::from_toml(&name, &text) {
            Ok(set) => sets.push(set),
            Err(errors) => problems.extend(errors.iter().map(ToString::to_string)),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let codes: Vec<&str> = sets.iter().map(|s| s.jurisdiction.as_str()).collect();
    if codes.windows(2).any(|w| w[0] != w[1]) {
        return Err(vec![format!(
            "the rule-set files are of different jurisdictions ({}): give the versions of one",
            codes.join(", ")
        )]);
    }
    let input_name = args.input.display().to_string();
    let body =
        read_input(args.input).map_err(|e| vec![format!("{input_name}: cannot read: {e}")])?;
    let in_input = |e: ApiError| -> Vec<String> {
        let problem = e.to_problem();
        if problem.errors.is_empty() {
            return vec![format!(
                "{input_name}: {}",
                problem.detail.unwrap_or(problem.title)
            )];
        }
        problem
            .errors
            .iter()
            .map(|f| format!("{input_name}: {}: {}", f.field, f.message))
            .collect()
    };
    let mut request: confitrek_types::WhatIfRequest = parse_json(&body).map_err(in_input)?;
    if let Some(day) = args.as_of {
        request.as_of = day;
    }
    let report = what_if::evaluate(&Jurisdiction::new(sets), request, DEFAULT_AT_RISK_DAYS)
        .map_err(in_input)?;
    if args.json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| vec![e.to_string()])?;
        return Ok(json + "\n");
    }
    Ok(plain(&report))
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    if path == Path::new("-") {
        let mut body = Vec::new();
        std::io::stdin().read_to_end(&mut body)?;
        Ok(body)
    } else {
        std::fs::read(path)
    }
}

fn amount(value: f64, unit: &str) -> String {
    if unit == "hours" {
        // Exact minutes, shown as the report's sentences show hours ("4.0", "0.25").
        Minutes((value * 60.0).round().max(0.0) as u32).to_string()
    } else {
        format!("{value}")
    }
}

/// A heading, then one line per requirement: status, id, earned/required, due date, sentence.
fn plain(report: &WhatIfReportDto) -> String {
    let versions: Vec<String> = report
        .rule_set_versions
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut out = format!(
        "{} as of {}: {} (rule-set version {})\n",
        report.jurisdiction,
        report.as_of,
        report.status.as_str(),
        if versions.is_empty() {
            "none".to_owned()
        } else {
            versions.join(", ")
        }
    );
    let width = |f: fn(&RequirementResultDto) -> usize| {
        report.requirements.iter().map(f).max().unwrap_or(0)
    };
    let id_width = width(|r| r.requirement_id.len());
    let status_width = width(|r| r.status.as_str().len());
    let amounts: Vec<String> = report
        .requirements
        .iter()
        .map(|r| match r.status {
            RequirementStatus::NotApplicable => "-".to_owned(),
            _ => format!(
                "{}/{} {}",
                amount(r.earned, &r.unit),
                amount(r.required, &r.unit),
                r.unit
            ),
        })
        .collect();
    let amount_width = amounts.iter().map(String::len).max().unwrap_or(0);
    for (r, earned) in report.requirements.iter().zip(&amounts) {
        let due = r
            .due
            .map(|d| format!("due {d}"))
            .unwrap_or_else(|| "no due date".into());
        out.push_str(&format!(
            "{:<status_width$}  {:<id_width$}  {:<amount_width$}  {:<14}  {}\n",
            r.status.as_str(),
            r.requirement_id,
            earned,
            due,
            r.explanation,
        ));
    }
    if let Some(day) = report.next_change_at {
        out.push_str(&format!("next change: {day}\n"));
    }
    if !report.history.is_empty() {
        out.push_str("history:\n");
        let verdict_width = report
            .history
            .iter()
            .map(|p| p.verdict.as_str().len())
            .max()
            .unwrap_or(0);
        for p in &report.history {
            out.push_str(&format!(
                "  {:<verdict_width$}  {:<id_width$}  {} to {}  {}\n",
                p.verdict.as_str(),
                p.requirement_id,
                p.period_start,
                p.period_end,
                p.explanation,
            ));
        }
    }
    out
}
