//! The coordinator's training forms as they hold their text — a course, a session, a record,
//! hours by topic, a session's attendance sheet — and the requests the API takes. Pure: no
//! signals, no HTTP, so it is tested natively. A problem found here is named by the API's own
//! field (`hours.autism`, `capacity`), so the form shows it exactly as it shows the server's.

use std::collections::BTreeMap;

use confitrek_types::{
    AttendanceRequest, CourseDto, CourseInput, Delivery, FieldProblem, SessionInput,
    TrainingRecordDto, TrainingRecordInput, TrainingRecordUpdate, Verification,
};
use time::Date;
use uuid::Uuid;

use crate::format::{optional, parse_date_input};

fn problem(field: impl Into<String>, message: impl Into<String>) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// One line of an hours editor: a topic code and the hours typed for it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HoursRow {
    pub topic: String,
    pub hours: String,
}

/// "1,5" and "1.5" are both an hour and a half.
fn parse_number(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

/// The rows as hours by topic. Empty rows are skipped; a row without a topic, a topic given
/// twice, or hours that are not a number are named like the server names them.
pub fn hours_map(rows: &[HoursRow]) -> Result<BTreeMap<String, f64>, Vec<FieldProblem>> {
    let mut map = BTreeMap::new();
    let mut problems = Vec::new();
    for row in rows {
        let topic = row.topic.trim();
        if topic.is_empty() && row.hours.trim().is_empty() {
            continue;
        }
        if topic.is_empty() {
            problems.push(problem("hours", "choose the topic of each line of hours"));
            continue;
        }
        let field = format!("hours.{topic}");
        match parse_number(&row.hours) {
            Some(_) if map.contains_key(topic) => problems.push(problem(
                field,
                "is given twice: add the hours up on one line",
            )),
            Some(h) => {
                map.insert(topic.to_owned(), h);
            }
            None => problems.push(problem(field, "must be a number of hours, e.g. 4 or 1.5")),
        }
    }
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(problems)
    }
}

/// Hours by topic as editor rows, for editing what is stored.
pub fn hours_rows(hours: &BTreeMap<String, f64>) -> Vec<HoursRow> {
    hours
        .iter()
        .map(|(topic, h)| HoursRow {
            topic: topic.clone(),
            hours: format_hours(*h),
        })
        .collect()
}

/// 4 → "4", 1.5 → "1.5", 0.25 → "0.25".
pub fn format_hours(hours: f64) -> String {
    let text = format!("{hours:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// "8 h crisis intervention, 2 h use of force" with the topics' titles where known.
pub fn hours_summary(hours: &BTreeMap<String, f64>, titles: &BTreeMap<String, String>) -> String {
    hours
        .iter()
        .map(|(code, h)| {
            let title = titles
                .get(code)
                .cloned()
                .unwrap_or_else(|| code.replace('_', " "));
            format!("{} h {title}", format_hours(*h))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Dollars as typed ("150", "150.00", "$1,200.50") to cents; blank is no cost given.
pub fn cents(text: &str) -> Result<Option<i64>, FieldProblem> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '$' | ',' | ' '))
        .collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    let invalid = || {
        problem(
            "cost_cents",
            "must be an amount in dollars, e.g. 150 or 49.95",
        )
    };
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 2
    {
        return Err(invalid());
    }
    let dollars: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    dollars
        .checked_mul(100)
        .and_then(|c| c.checked_add(fraction))
        .map(Some)
        .ok_or_else(invalid)
}

/// Cents as dollars for a form or a list: 15000 → "150.00".
pub fn dollars(cents: Option<i64>) -> String {
    cents.map_or_else(String::new, |c| format!("{}.{:02}", c / 100, c % 100))
}

pub fn delivery_from(text: &str) -> Delivery {
    Delivery::parse(text).unwrap_or(Delivery::InPerson)
}

/// A course form's text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CourseForm {
    pub title: String,
    pub provider: String,
    pub post_course_number: String,
    pub delivery: String,
    pub cost: String,
    pub hours: Vec<HoursRow>,
    pub events: Vec<String>,
    pub active: bool,
}

impl CourseForm {
    pub fn of(course: &CourseDto) -> Self {
        CourseForm {
            title: course.title.clone(),
            provider: course.provider.clone().unwrap_or_default(),
            post_course_number: course.post_course_number.clone().unwrap_or_default(),
            delivery: course.delivery.as_str().to_owned(),
            cost: dollars(course.cost_cents),
            hours: hours_rows(&course.hours),
            events: course.events.clone(),
            active: course.active,
        }
    }

    pub fn input(&self) -> Result<CourseInput, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let cost = cents(&self.cost).map_err(|p| problems.push(p)).ok();
        let hours = hours_map(&self.hours).map_err(|p| problems.extend(p)).ok();
        match (cost, hours) {
            (Some(cost_cents), Some(hours)) if problems.is_empty() => Ok(CourseInput {
                title: self.title.trim().to_owned(),
                provider: optional(&self.provider),
                post_course_number: optional(&self.post_course_number),
                delivery: delivery_from(&self.delivery),
                cost_cents,
                hours,
                events: self.events.clone(),
                active: Some(self.active),
            }),
            _ => Err(problems),
        }
    }
}

fn date_field(field: &str, text: &str) -> Result<Option<Date>, FieldProblem> {
    parse_date_input(text).map_err(|m| problem(field, m))
}

/// A session form's fields, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SessionForm<'a> {
    pub course_id: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub start_time: &'a str,
    pub end_time: &'a str,
    pub location: &'a str,
    pub instructor: &'a str,
    pub capacity: &'a str,
}

/// A session form's text as the API's input. Times are passed on as typed ("HH:MM" from a
/// time field): the server judges them and names the field at fault.
pub fn session_input(form: &SessionForm) -> Result<SessionInput, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let course = Uuid::parse_str(form.course_id.trim()).ok();
    if course.is_none() {
        problems.push(problem("course_id", "choose the course"));
    }
    let starts = match date_field("starts_on", form.starts_on) {
        Ok(Some(day)) => Some(day),
        Ok(None) => {
            problems.push(problem("starts_on", "is required"));
            None
        }
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let ends = date_field("ends_on", form.ends_on)
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    let capacity = match form.capacity.trim() {
        "" => None,
        text => match text.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                problems.push(problem(
                    "capacity",
                    "must be a whole number of places, or empty for no limit",
                ));
                None
            }
        },
    };
    match (course, starts) {
        (Some(course_id), Some(starts_on)) if problems.is_empty() => Ok(SessionInput {
            course_id,
            starts_on,
            ends_on: ends,
            start_time: optional(form.start_time),
            end_time: optional(form.end_time),
            location: optional(form.location),
            instructor: optional(form.instructor),
            capacity,
        }),
        _ => Err(problems),
    }
}

/// The attendance sheet: the people ticked, in roster order, and the day (the session's last
/// day when left empty).
pub fn attendance_request(
    ticked: &[Uuid],
    completed_on: &str,
) -> Result<AttendanceRequest, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if ticked.is_empty() {
        problems.push(problem("person_ids", "Tick the people who attended first."));
    }
    let day = date_field("completed_on", completed_on)
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
    if problems.is_empty() {
        Ok(AttendanceRequest {
            person_ids: ticked.to_vec(),
            completed_on: day,
            no_shows: vec![],
        })
    } else {
        Err(problems)
    }
}

/// A record form's text: a new record for `person_id`, or (with `record`) a correction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecordForm {
    pub title: String,
    pub completed_on: String,
    pub course_id: String,
    pub hours: Vec<HoursRow>,
    pub events: Vec<String>,
}

impl RecordForm {
    pub fn of(record: &TrainingRecordDto) -> Self {
        RecordForm {
            title: record.title.clone(),
            completed_on: record.completed_on.to_string(),
            course_id: record.course_id.map(|c| c.to_string()).unwrap_or_default(),
            hours: hours_rows(&record.hours),
            events: record.events.clone(),
        }
    }

    fn parts(&self) -> Result<(Date, BTreeMap<String, f64>), Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let day = match date_field("completed_on", &self.completed_on) {
            Ok(Some(day)) => Some(day),
            Ok(None) => {
                problems.push(problem("completed_on", "is required"));
                None
            }
            Err(p) => {
                problems.push(p);
                None
            }
        };
        let hours = hours_map(&self.hours).map_err(|p| problems.extend(p)).ok();
        match (day, hours) {
            (Some(day), Some(hours)) if problems.is_empty() => Ok((day, hours)),
            _ => Err(problems),
        }
    }

    /// A new record. With a course chosen, whatever is left empty comes from the course.
    pub fn input(&self, person_id: Uuid) -> Result<TrainingRecordInput, Vec<FieldProblem>> {
        let (completed_on, hours) = self.parts()?;
        let course_id = Uuid::parse_str(self.course_id.trim()).ok();
        let from_course = course_id.is_some();
        Ok(TrainingRecordInput {
            person_id,
            course_id,
            title: optional(&self.title),
            completed_on,
            hours: (!(from_course && hours.is_empty())).then_some(hours),
            events: (!(from_course && self.events.is_empty())).then(|| self.events.clone()),
        })
    }

    /// A correction: the record's whole content.
    pub fn update(&self) -> Result<TrainingRecordUpdate, Vec<FieldProblem>> {
        let (completed_on, hours) = self.parts()?;
        Ok(TrainingRecordUpdate {
            title: self.title.trim().to_owned(),
            completed_on,
            hours,
            events: self.events.clone(),
        })
    }
}

pub fn verification_label(v: Verification) -> &'static str {
    match v {
        Verification::Verified => "Verified",
        Verification::Pending => "Awaiting verification",
        Verification::Rejected => "Rejected",
    }
}

pub fn verification_class(v: Verification) -> &'static str {
    match v {
        Verification::Verified => "badge good",
        Verification::Pending => "badge warn",
        Verification::Rejected => "badge bad",
    }
}

#[cfg(test)]
mod tests;
