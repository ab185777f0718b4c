//! The agency's catalog: its own topics, courses (what is taught, for how many hours per
//! topic) and sessions (a course on dates, at a place, for so many people).

use std::collections::{BTreeMap, BTreeSet};

use time::Date;

use super::Catalog;
use super::hours::TrainingContent;
use super::record::parse_title;
use crate::compliance::Minutes;
use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

pub use confitrek_vocabulary::{Delivery, EnrollmentStatus};

pub const PROVIDER_MAX: usize = 200;
pub const COURSE_NUMBER_MAX: usize = 64;
pub const PLACE_MAX: usize = 200;
/// A hundred thousand dollars: more is a slip of the decimal point.
pub const MAX_COST_CENTS: i64 = 10_000_000;
pub const MAX_CAPACITY: u32 = 1000;

fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
    errors: &mut ValidationErrors,
) -> Option<String> {
    let text = value.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    errors.collect(field, parse_free_text(text, max))
}

#[derive(Debug, Clone, PartialEq)]
pub struct CourseDraft {
    pub title: String,
    pub provider: Option<String>,
    pub post_course_number: Option<String>,
    pub delivery: Delivery,
    pub cost_cents: Option<i64>,
    pub hours: BTreeMap<String, f64>,
    pub events: Vec<String>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCourse {
    pub title: String,
    pub provider: Option<String>,
    pub post_course_number: Option<String>,
    pub delivery: Delivery,
    pub cost_cents: Option<i64>,
    /// What attending earns: copied into each attendee's record.
    pub content: TrainingContent,
    pub active: bool,
}

impl ValidCourse {
    pub fn parse(draft: CourseDraft, catalog: &Catalog) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let title = parse_title(&draft.title, &mut errors);
        let provider = optional_text("provider", &draft.provider, PROVIDER_MAX, &mut errors);
        let post_course_number = optional_text(
            "post_course_number",
            &draft.post_course_number,
            COURSE_NUMBER_MAX,
            &mut errors,
        );
        if draft
            .cost_cents
            .is_some_and(|c| !(0..=MAX_COST_CENTS).contains(&c))
        {
            errors.push(
                "cost_cents",
                format!("must be from 0 to {MAX_COST_CENTS} cents"),
            );
        }
        let content = TrainingContent::parse(&draft.hours, &draft.events, catalog, &mut errors);
        match (title, content) {
            (Some(title), Some(content)) if errors.is_empty() => Ok(Self {
                title,
                provider,
                post_course_number,
                delivery: draft.delivery,
                cost_cents: draft.cost_cents,
                content,
                active: draft.active,
            }),
            _ => Err(errors),
        }
    }
}

/// Places left on a session's roster of `on_roster` people: `None` when the session has no
/// limit. Enrolling (by the training office, or by approving a request) stays within it;
/// recording who actually attended does not.
pub fn places_left(capacity: Option<u32>, on_roster: usize) -> Option<usize> {
    capacity.map(|c| {
        usize::try_from(c)
            .unwrap_or(usize::MAX)
            .saturating_sub(on_roster)
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDraft {
    pub starts_on: Date,
    pub ends_on: Date,
    /// "HH:MM" in the agency's time zone, on each day of the session.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub instructor: Option<String>,
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSession {
    pub starts_on: Date,
    pub ends_on: Date,
    /// "HH:MM", 24-hour clock, in the agency's time zone; the end only with a start, and
    /// after it.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub instructor: Option<String>,
    pub capacity: Option<u32>,
}

impl ValidSession {
    /// `course_minutes` is what the session's course earns in all topics: a session cannot
    /// teach more than 24 hours a day. `enrolled` is the roster's size now: the capacity
    /// cannot drop below it.
    pub fn parse(
        draft: SessionDraft,
        course_minutes: Minutes,
        enrolled: u32,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let location = optional_text("location", &draft.location, PLACE_MAX, &mut errors);
        let instructor = optional_text("instructor", &draft.instructor, PLACE_MAX, &mut errors);
        if draft.ends_on < draft.starts_on {
            errors.push(
                "ends_on",
                format!("must not be before the start ({})", draft.starts_on),
            );
        } else {
            let days = (draft.ends_on - draft.starts_on).whole_days() + 1;
            let most = Minutes(u32::try_from(days * 24 * 60).unwrap_or(u32::MAX));
            if course_minutes > most {
                errors.push(
                    "ends_on",
                    format!(
                        "a {course_minutes}-hour course needs more than {days} day(s): at most 24 hours a day"
                    ),
                );
            }
        }
        let start_time = clock_time("start_time", &draft.start_time, &mut errors);
        let end_time = clock_time("end_time", &draft.end_time, &mut errors);
        match (&start_time, &end_time) {
            (None, Some(_)) if draft.start_time.is_none() => {
                errors.push("end_time", "needs a start time")
            }
            // "HH:MM" orders as the times do.
            (Some(start), Some(end)) if end <= start => errors.push(
                "end_time",
                format!("must be after the start time ({start})"),
            ),
            _ => {}
        }
        match draft.capacity {
            Some(c) if c == 0 || c > MAX_CAPACITY => {
                errors.push("capacity", format!("must be from 1 to {MAX_CAPACITY}"))
            }
            Some(c) if c < enrolled => errors.push(
                "capacity",
                format!("must be at least the {enrolled} people already on the roster"),
            ),
            _ => {}
        }
        errors.into_result()?;
        Ok(Self {
            starts_on: draft.starts_on,
            ends_on: draft.ends_on,
            start_time,
            end_time,
            location,
            instructor,
            capacity: draft.capacity,
        })
    }
}

/// A time of day written "HH:MM" on a 24-hour clock ("8:00" is read as "08:00"); absent is
/// none, and anything else (a blank included) is refused.
fn clock_time(field: &str, text: &Option<String>, errors: &mut ValidationErrors) -> Option<String> {
    let text = text.as_deref()?;
    let parsed = text.split_once(':').and_then(|(h, m)| {
        let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 && text.len() <= 5).then(|| format!("{h:02}:{m:02}"))
    });
    if parsed.is_none() {
        errors.push(
            field,
            "must be a time of day written HH:MM, e.g. 08:00 or 16:30",
        );
    }
    parsed
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicDraft {
    pub code: String,
    pub title: String,
    pub creditable: bool,
}

/// An agency's own topic, e.g. `taser` or `defensive_tactics`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTopic {
    pub code: String,
    pub title: String,
    pub creditable: bool,
}

pub const CODE_MAX: usize = 64;

impl ValidTopic {
    /// `state` holds the codes of the jurisdiction's topics and events, which an agency topic
    /// may not shadow: records and rules name topics by code alone.
    pub fn parse(draft: TopicDraft, state: &BTreeSet<String>) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let code = draft.code.trim().to_owned();
        let well_formed = code.len() <= CODE_MAX
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            errors.push(
                "code",
                format!(
                    "must be 1 to {CODE_MAX} lower-case letters, digits or _, starting with a letter, e.g. defensive_tactics"
                ),
            );
        } else if state.contains(&code) {
            errors.push(
                "code",
                "is a topic of the state's rules; choose another code",
            );
        }
        let title = parse_title(&draft.title, &mut errors);
        match title {
            Some(title) if errors.is_empty() => Ok(Self {
                code,
                title,
                creditable: draft.creditable,
            }),
            _ => Err(errors),
        }
    }
}
