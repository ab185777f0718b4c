//! What a cell says: a date as a person or Excel writes it, a number of hours, a list.

use time::{Date, Month};

/// A cell shortened for an error message, so a 1 MB cell does not make a 1 MB answer.
pub fn shorten(cell: &str) -> String {
    const MAX: usize = 100;
    match cell.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &cell[..at]),
        None => cell.to_owned(),
    }
}

fn number(part: &str) -> Option<u32> {
    (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

fn day(year: u32, month: u32, day: u32, cell: &str) -> Result<Date, String> {
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok());
    let (Ok(year), Some(month), Ok(day)) = (i32::try_from(year), month, u8::try_from(day)) else {
        return Err(format!("{cell:?} is not a day of the calendar"));
    };
    Date::from_calendar_date(year, month, day)
        .map_err(|_| format!("{cell:?} is not a day of the calendar"))
}

/// A date written `YYYY-MM-DD` (what ConfiTrek and Excel's ISO format write, with or without
/// a time after it), `YYYY/MM/DD`, or `M/D/YYYY` (the United States' order, which is what
/// agencies' spreadsheets hold). A two-digit year is refused rather than guessed.
pub fn parse_date(cell: &str) -> Result<Date, String> {
    let text = cell.trim();
    // "2025-03-04 00:00:00" and "2025-03-04T00:00:00" are the day.
    let text = text.split([' ', 'T']).next().unwrap_or(text);
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else {
        return Err(format!(
            "{:?} is not a date: write it YYYY-MM-DD or MM/DD/YYYY",
            shorten(cell)
        ));
    };
    let (Some(x), Some(y), Some(z)) = (number(a), number(b), number(c)) else {
        return Err(format!(
            "{:?} is not a date: write it YYYY-MM-DD or MM/DD/YYYY",
            shorten(cell)
        ));
    };
    if a.len() == 4 {
        day(x, y, z, text)
    } else if c.len() == 4 {
        day(z, x, y, text)
    } else {
        Err(format!(
            "{text:?} has no four-digit year: write it YYYY-MM-DD or MM/DD/YYYY"
        ))
    }
}

/// A number of hours: decimal (`1.5`) or hours and minutes (`1:30`). Blank is `None`.
pub fn parse_hours(cell: &str) -> Result<Option<f64>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let value = match text.split_once(':') {
        Some((h, m)) => match (number(h), number(m)) {
            (Some(h), Some(m)) if m < 60 => f64::from(h) + f64::from(m) / 60.0,
            _ => return Err(format!("{:?} is not a number of hours", shorten(cell))),
        },
        None => text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                if text.contains(',') {
                    format!(
                        "{:?} is not a number of hours: write decimals with a point (1.5)",
                        shorten(cell)
                    )
                } else {
                    format!("{:?} is not a number of hours", shorten(cell))
                }
            })?,
    };
    if value < 0.0 {
        return Err(format!("{text:?}: hours must not be negative"));
    }
    Ok(Some(value))
}

/// A list in one cell: `a; b`, `a, b` or `a|b`, without blanks.
pub fn parse_list(cell: &str) -> Vec<String> {
    cell.split([';', ',', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An amount of US dollars: `1250`, `1,250.00` or `$1,250.50`, as cents. Blank is `None`.
pub fn parse_money(cell: &str) -> Result<Option<i64>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let plain: String = text
        .strip_prefix('$')
        .unwrap_or(text)
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let wrong = || format!("{:?} is not an amount of dollars", shorten(cell));
    let (whole, cents) = match plain.split_once('.') {
        Some((w, c)) if c.len() <= 2 && c.bytes().all(|b| b.is_ascii_digit()) => {
            (w, format!("{c:0<2}"))
        }
        Some(_) => return Err(wrong()),
        None => (plain.as_str(), "00".to_owned()),
    };
    if whole.is_empty() || whole.len() > 9 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(wrong());
    }
    let whole: i64 = whole.parse().map_err(|_| wrong())?;
    let cents: i64 = cents.parse().map_err(|_| wrong())?;
    Ok(Some(whole * 100 + cents))
}
