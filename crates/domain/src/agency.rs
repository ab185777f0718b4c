//! Agencies: the tenants of ConfiTrek.

use std::ops::RangeInclusive;

use crate::expenses::FiscalYearStart;
use crate::free_text::parse_free_text;
use crate::people::Email;
use crate::validation::ValidationErrors;

/// The two-letter codes of the states, the District of Columbia and the territories whose
/// POST rules an agency may follow.
pub const STATE_CODES: [&str; 56] = [
    "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID",
    "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND",
    "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
];

/// An ORI, the FBI's Originating Agency Identifier: nine characters, letters and digits,
/// upper case (e.g. `MN0270100`) [U-14].
pub fn is_ori(s: &str) -> bool {
    s.len() == 9
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// An ORI as someone typed it, in its normal form: without surrounding blanks, upper case.
pub fn normal_ori(typed: &str) -> String {
    typed.trim().to_ascii_uppercase()
}

/// How many days before a deadline a person counts as at risk.
pub const AT_RISK_DAYS: RangeInclusive<u16> = 1..=365;

/// What a time zone that the IANA database does not know is told.
pub const UNKNOWN_ZONE: &str =
    "must be an IANA time zone name such as America/Chicago or America/Indiana/Indianapolis";

/// A change of an agency's settings, checked. `None` leaves a setting as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsChange {
    pub at_risk_days: u16,
    pub time_zone: Option<String>,
    pub count_unverified: Option<bool>,
    /// `Some(None)` removes the agency's ORI.
    pub ori: Option<Option<String>>,
    pub fiscal_year_start: Option<FiscalYearStart>,
}

/// The settings as asked for, before they are checked.
#[derive(Debug, Clone, Default)]
pub struct SettingsAsked<'a> {
    pub at_risk_days: u16,
    pub time_zone: Option<&'a str>,
    pub count_unverified: Option<bool>,
    /// An empty ORI removes it.
    pub ori: Option<&'a str>,
    pub fiscal_year_start_month: Option<u8>,
}

impl SettingsChange {
    /// Checks every setting asked for and names each one that is wrong; `is_zone` says
    /// whether the IANA database knows a time zone.
    pub fn parse(
        asked: SettingsAsked<'_>,
        is_zone: impl Fn(&str) -> bool,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if !AT_RISK_DAYS.contains(&asked.at_risk_days) {
            errors.push("at_risk_days", "must be from 1 to 365 days");
        }
        if asked.time_zone.is_some_and(|zone| !is_zone(zone)) {
            errors.push("time_zone", UNKNOWN_ZONE);
        }
        let ori = asked.ori.map(normal_ori).map(|ori| match ori.is_empty() {
            true => None,
            false => Some(ori),
        });
        if let Some(Some(ori)) = &ori
            && !is_ori(ori)
        {
            errors.push("ori", "must be 9 letters and digits, e.g. MN0270100");
        }
        let fiscal_year_start = asked.fiscal_year_start_month.and_then(|month| {
            errors.collect(
                "fiscal_year_start_month",
                FiscalYearStart::from_month_number(i64::from(month)),
            )
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            at_risk_days: asked.at_risk_days,
            time_zone: asked.time_zone.map(str::to_owned),
            count_unverified: asked.count_unverified,
            ori,
            fiscal_year_start,
        })
    }
}

/// Optional modules an agency may subscribe to.
pub const MODULES: [&str; 1] = ["uof"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAgency {
    pub name: String,
    pub state_code: String,
    pub modules: Vec<String>,
}

impl ValidAgency {
    pub fn parse(
        name: &str,
        state_code: &str,
        modules: &[String],
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = match parse_free_text(name, 200) {
            Ok(n) if n.is_empty() => {
                errors.push("name", "is required");
                None
            }
            other => errors.collect("name", other),
        };
        let code = state_code.trim().to_ascii_uppercase();
        if !STATE_CODES.contains(&code.as_str()) {
            errors.push(
                "state_code",
                "must be a two-letter US state code such as MN",
            );
        }
        let mut known = Vec::new();
        for (i, module) in modules.iter().enumerate() {
            if MODULES.contains(&module.as_str()) {
                if !known.contains(module) {
                    known.push(module.clone());
                }
            } else {
                errors.push(
                    format!("modules.{i}"),
                    format!("must be one of: {}", MODULES.join(", ")),
                );
            }
        }
        match name {
            Some(name) if errors.is_empty() => Ok(Self {
                name,
                state_code: code,
                modules: known,
            }),
            _ => Err(errors),
        }
    }
}

/// A new agency and the address of its first admin, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgencyChecked {
    pub agency: ValidAgency,
    pub admin_email: Email,
    /// `None`: the zone of the state's capital.
    pub time_zone: Option<String>,
}

impl NewAgencyChecked {
    /// Checks the agency, the admin's address and the time zone, naming each field that is
    /// wrong; `is_zone` says whether the IANA database knows a time zone.
    pub fn parse(
        agency: Result<ValidAgency, ValidationErrors>,
        admin_email: &str,
        time_zone: Option<&str>,
        is_zone: impl Fn(&str) -> bool,
    ) -> Result<Self, ValidationErrors> {
        let email = Email::parse(admin_email);
        let zone_ok = time_zone.is_none_or(is_zone);
        match (agency, email, zone_ok) {
            (Ok(agency), Ok(admin_email), true) => Ok(Self {
                agency,
                admin_email,
                time_zone: time_zone.map(str::to_owned),
            }),
            (agency, email, _) => {
                let mut errors = agency.err().unwrap_or_default();
                if let Err(e) = email {
                    errors.push("admin_email", e.to_string());
                }
                if !zone_ok {
                    errors.push("time_zone", UNKNOWN_ZONE);
                }
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_ori_is_nine_upper_case_letters_and_digits() {
        assert!(super::is_ori("MN0270100"));
        assert!(!super::is_ori("MN027010"), "eight");
        assert!(!super::is_ori("mn0270100"), "lower case");
        assert!(!super::is_ori("MN-270100"), "a hyphen");
    }
    use super::*;

    fn asked(at_risk_days: u16) -> SettingsAsked<'static> {
        SettingsAsked {
            at_risk_days,
            ..SettingsAsked::default()
        }
    }

    #[test]
    fn the_at_risk_window_is_one_day_to_a_year() {
        let zone = |_: &str| true;
        for (days, ok) in [(0, false), (1, true), (90, true), (365, true), (366, false)] {
            let parsed = SettingsChange::parse(asked(days), zone);
            assert_eq!(parsed.is_ok(), ok, "{days} days");
        }
    }

    #[test]
    fn an_ori_is_kept_in_its_normal_form_and_an_empty_one_removes_it() {
        let zone = |_: &str| true;
        let with = |ori| {
            SettingsChange::parse(
                SettingsAsked {
                    ori: Some(ori),
                    ..asked(90)
                },
                zone,
            )
        };
        assert_eq!(
            with(" mn0270100 ").unwrap().ori,
            Some(Some("MN0270100".into()))
        );
        assert_eq!(with("  ").unwrap().ori, Some(None), "blank removes it");
        assert_eq!(
            SettingsChange::parse(asked(90), zone).unwrap().ori,
            None,
            "absent keeps it"
        );
        let err = with("MN-27").unwrap_err();
        assert_eq!(err.0[0].field, "ori");
    }

    #[test]
    fn every_wrong_setting_is_named() {
        let asked = SettingsAsked {
            time_zone: Some("Mars/Olympus"),
            fiscal_year_start_month: Some(13),
            ..asked(0)
        };
        let err = SettingsChange::parse(asked, |z| z == "America/Chicago").unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["at_risk_days", "time_zone", "fiscal_year_start_month"]
        );
    }

    #[test]
    fn a_new_agency_names_every_wrong_field_at_once() {
        let agency = ValidAgency::parse("", "MN", &[]);
        let err =
            NewAgencyChecked::parse(agency, "nobody", Some("Mars/Olympus"), |_| false).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "admin_email", "time_zone"]);
        let agency = ValidAgency::parse("Lakeview PD", "MN", &[]);
        let ok = NewAgencyChecked::parse(agency, "chief@lakeview.example", None, |_| false);
        assert_eq!(ok.unwrap().time_zone, None, "no zone asked: the state's");
    }

    #[test]
    fn agencies_name_a_real_state_and_known_modules() {
        let ok = ValidAgency::parse(" Lakeview PD ", "mn", &["uof".into(), "uof".into()]).unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.state_code.as_str(), ok.modules.len()),
            ("Lakeview PD", "MN", 1)
        );
        let err = ValidAgency::parse("", "XX", &["payroll".into()]).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "state_code", "modules.0"]);
    }
}
