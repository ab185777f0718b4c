//! The dates an evaluation is given, checked against the days the engine judges. The
//! evaluation itself answers for any date (and quickly), but a date outside
//! [`FIRST_JUDGEABLE`]..=[`LAST_JUDGEABLE`] is a slip to report, not a fact to judge on.

use time::Date;

use super::calendar::{DateOutOfRange, is_judgeable};
#[cfg(doc)]
use super::calendar::{FIRST_JUDGEABLE, LAST_JUDGEABLE};
use super::evaluate::{ComplianceReport, Evaluation, evaluate};

/// `Ok` if `date` is judged; the field is named only when it is not, so a roster of
/// thousands of records is checked without building a name for each.
fn check(date: Date, field: impl FnOnce() -> String) -> Result<(), DateOutOfRange> {
    if is_judgeable(date) {
        Ok(())
    } else {
        Err(DateOutOfRange {
            field: field(),
            date,
        })
    }
}

impl Evaluation<'_, '_> {
    /// Every date the evaluation is given, in the order of its fields, checked against the
    /// days the engine judges. The error names the first date outside, as a path into the
    /// evaluation: `as_of`, `person.hire_date`, `records[3].completed_on`.
    pub fn check_dates(&self) -> Result<(), DateOutOfRange> {
        check(self.as_of, || "as_of".into())?;
        let person = self.person;
        let facts = [
            ("person.hire_date", person.hire_date),
            ("person.certified_on", person.certified_on),
            (
                "person.license_cycle_start",
                person.license_cycle.map(|c| c.0),
            ),
            (
                "person.license_cycle_end",
                person.license_cycle.map(|c| c.1),
            ),
            ("person.records_complete_from", person.records_complete_from),
        ];
        for (field, date) in facts {
            if let Some(date) = date {
                check(date, || field.into())?;
            }
        }
        for (i, record) in self.records.iter().enumerate() {
            check(record.completed_on, || format!("records[{i}].completed_on"))?;
        }
        for (i, credential) in self.credentials.iter().enumerate() {
            check(credential.issued_on, || {
                format!("credentials[{i}].issued_on")
            })?;
            if let Some(expires) = credential.expires_on {
                check(expires, || format!("credentials[{i}].expires_on"))?;
            }
        }
        for (i, waiver) in self.waivers.iter().enumerate() {
            check(waiver.period_due, || format!("waivers[{i}].period_due"))?;
        }
        for (i, version) in self.policies.iter().enumerate() {
            check(version.assigned_on, || format!("policies[{i}].assigned_on"))?;
        }
        for (i, ack) in self.acknowledgements.iter().enumerate() {
            check(ack.acknowledged_on, || {
                format!("acknowledgements[{i}].acknowledged_on")
            })?;
        }
        Ok(())
    }
}

/// [`evaluate`], after [`Evaluation::check_dates`]: the report, or the first date outside the
/// days the engine judges.
pub fn try_evaluate<'r>(
    evaluation: &Evaluation<'_, 'r>,
) -> Result<ComplianceReport<'r>, DateOutOfRange> {
    evaluation.check_dates()?;
    Ok(evaluate(evaluation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::inputs::{
        Acknowledgement, CredentialHeld, PersonFacts, PolicyVersionAssigned, TrainingRecord,
        Waiver, WaiverEffect,
    };
    use crate::people::PersonStatus;
    use time::macros::date;
    use uuid::Uuid;

    fn person() -> PersonFacts {
        PersonFacts {
            status: PersonStatus::Active,
            roles: vec![],
            hire_date: Some(date!(2016 - 02 - 29)),
            certified_on: Some(date!(2016 - 06 - 01)),
            license_cycle: Some((date!(2023 - 07 - 01), date!(2026 - 06 - 30))),
            records_complete_from: Some(date!(2020 - 07 - 01)),
        }
    }

    fn record(on: Date) -> TrainingRecord {
        TrainingRecord {
            id: Uuid::nil(),
            completed_on: on,
            minutes_by_topic: vec![],
            events: vec![],
        }
    }

    struct Inputs {
        person: PersonFacts,
        records: Vec<TrainingRecord>,
        credentials: Vec<CredentialHeld>,
        waivers: Vec<Waiver>,
        policies: Vec<PolicyVersionAssigned>,
        acknowledgements: Vec<Acknowledgement>,
        as_of: Date,
    }

    fn inputs() -> Inputs {
        let ok = date!(2025 - 01 - 01);
        Inputs {
            person: person(),
            records: vec![record(ok), record(ok)],
            credentials: vec![CredentialHeld {
                id: Uuid::nil(),
                credential_type: "cpr".into(),
                issued_on: ok,
                expires_on: Some(ok),
            }],
            waivers: vec![Waiver {
                id: Uuid::nil(),
                requirement_id: "mn_cle".into(),
                period_due: ok,
                effect: WaiverEffect::Exempt,
                reason: "leave".into(),
                approved_by: "chief".into(),
            }],
            policies: vec![PolicyVersionAssigned {
                policy: "uof".into(),
                version: 1,
                assigned_on: ok,
            }],
            acknowledgements: vec![Acknowledgement {
                id: Uuid::nil(),
                policy: "uof".into(),
                version: 1,
                acknowledged_on: ok,
            }],
            as_of: ok,
        }
    }

    /// Puts a date somewhere in the inputs.
    type Change = fn(&mut Inputs, Date);

    fn checked(i: &Inputs) -> Result<(), DateOutOfRange> {
        Evaluation {
            person: &i.person,
            requirements: &[],
            records: &i.records,
            credentials: &i.credentials,
            waivers: &i.waivers,
            policies: &i.policies,
            acknowledgements: &i.acknowledgements,
            non_creditable_topics: &[],
            as_of: i.as_of,
            at_risk_days: 90,
        }
        .check_dates()
    }

    #[test]
    fn each_date_out_of_range_is_named_by_its_field() {
        let far = date!(9999 - 12 - 31);
        let cases: [(&str, Change); 13] = [
            ("as_of", |i, d| i.as_of = d),
            ("person.hire_date", |i, d| i.person.hire_date = Some(d)),
            ("person.certified_on", |i, d| {
                i.person.certified_on = Some(d)
            }),
            ("person.license_cycle_start", |i, d| {
                i.person.license_cycle = Some((d, date!(2026 - 06 - 30)));
            }),
            ("person.license_cycle_end", |i, d| {
                i.person.license_cycle = Some((date!(2023 - 07 - 01), d));
            }),
            ("person.records_complete_from", |i, d| {
                i.person.records_complete_from = Some(d);
            }),
            ("records[1].completed_on", |i, d| {
                i.records[1].completed_on = d
            }),
            ("credentials[0].issued_on", |i, d| {
                i.credentials[0].issued_on = d
            }),
            ("credentials[0].expires_on", |i, d| {
                i.credentials[0].expires_on = Some(d);
            }),
            ("waivers[0].period_due", |i, d| i.waivers[0].period_due = d),
            ("policies[0].assigned_on", |i, d| {
                i.policies[0].assigned_on = d
            }),
            ("acknowledgements[0].acknowledged_on", |i, d| {
                i.acknowledgements[0].acknowledged_on = d;
            }),
            ("records[0].completed_on", |i, _| {
                i.records[0].completed_on = date!(1899 - 12 - 31);
            }),
        ];
        assert_eq!(checked(&inputs()), Ok(()), "every date in range");
        for (field, set) in cases {
            let mut i = inputs();
            set(&mut i, far);
            let error = checked(&i).expect_err(field);
            assert_eq!(error.field, field);
        }
    }

    #[test]
    fn dates_a_person_does_not_have_are_not_checked() {
        let mut i = inputs();
        i.person.hire_date = None;
        i.person.license_cycle = None;
        i.credentials[0].expires_on = None;
        assert_eq!(checked(&i), Ok(()));
    }
}
