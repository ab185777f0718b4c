//! A small iCalendar (RFC 5545) writer for what the feeds hold: all-day events. Lines end in
//! CRLF and are folded at 75 octets (never inside a UTF-8 character); text values escape
//! backslash, semicolon, comma and newlines (section 3.3.11).

use time::{Date, OffsetDateTime};

/// One all-day event: `DTSTART;VALUE=DATE` and an exclusive `DTEND` the day after `last_day`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Stable across fetches, so calendar apps update the event instead of adding one.
    pub uid: String,
    pub first_day: Date,
    pub last_day: Date,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub categories: Option<String>,
}

pub struct Calendar {
    pub name: String,
    pub time_zone: String,
    pub events: Vec<Event>,
}

impl Calendar {
    /// The whole `text/calendar` body; `now` is the `DTSTAMP` of every event.
    pub fn render(&self, now: OffsetDateTime) -> String {
        let stamp = utc_stamp(now);
        let mut out = String::new();
        line(&mut out, "BEGIN:VCALENDAR");
        line(&mut out, "VERSION:2.0");
        line(&mut out, "PRODID:-//ConfiTrek//Training compliance//EN");
        line(&mut out, "CALSCALE:GREGORIAN");
        line(&mut out, "METHOD:PUBLISH");
        line(&mut out, &format!("X-WR-CALNAME:{}", escape(&self.name)));
        line(
            &mut out,
            &format!("X-WR-TIMEZONE:{}", escape(&self.time_zone)),
        );
        line(&mut out, "REFRESH-INTERVAL;VALUE=DURATION:PT6H");
        line(&mut out, "X-PUBLISHED-TTL:PT6H");
        for e in &self.events {
            line(&mut out, "BEGIN:VEVENT");
            line(&mut out, &format!("UID:{}", escape(&e.uid)));
            line(&mut out, &format!("DTSTAMP:{stamp}"));
            line(
                &mut out,
                &format!("DTSTART;VALUE=DATE:{}", ics_date(e.first_day)),
            );
            let end = e.last_day.next_day().unwrap_or(e.last_day);
            line(&mut out, &format!("DTEND;VALUE=DATE:{}", ics_date(end)));
            line(&mut out, &format!("SUMMARY:{}", escape(&e.summary)));
            if let Some(d) = &e.description {
                line(&mut out, &format!("DESCRIPTION:{}", escape(d)));
            }
            if let Some(l) = &e.location {
                line(&mut out, &format!("LOCATION:{}", escape(l)));
            }
            if let Some(c) = &e.categories {
                line(&mut out, &format!("CATEGORIES:{}", escape(c)));
            }
            line(&mut out, "TRANSP:TRANSPARENT");
            line(&mut out, "END:VEVENT");
        }
        line(&mut out, "END:VCALENDAR");
        out
    }
}

pub fn ics_date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), u8::from(d.month()), d.day())
}

fn utc_stamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        ics_date(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// TEXT escaping: `\` `;` `,` and line breaks (a CR alone or CRLF become one `\n`).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line, folded so that no physical line exceeds 75 octets: each
/// continuation starts with one space, which counts toward its 75.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn text_escapes_the_characters_rfc_5545_reserves() {
        let cases = [
            ("plain", "plain"),
            ("a, b; c", "a\\, b\\; c"),
            ("back\\slash", "back\\\\slash"),
            ("two\nlines", "two\\nlines"),
            ("windows\r\nline", "windows\\nline"),
        ];
        for (given, expected) in cases {
            assert_eq!(escape(given), expected, "{given:?}");
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "é".repeat(80)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "é".repeat(80)));
    }

    #[test]
    fn an_all_day_event_ends_the_day_after_its_last_day() {
        let calendar = Calendar {
            name: "Training".into(),
            time_zone: "America/Chicago".into(),
            events: vec![Event {
                uid: "x@confitrek".into(),
                first_day: date!(2027 - 06 - 30),
                last_day: date!(2027 - 06 - 30),
                summary: "Due".into(),
                description: None,
                location: None,
                categories: None,
            }],
        };
        let text = calendar.render(datetime!(2027-01-02 03:04:05 UTC));
        assert!(text.contains("DTSTART;VALUE=DATE:20270630\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20270701\r\n"));
        assert!(text.contains("DTSTAMP:20270102T030405Z\r\n"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    }
}
