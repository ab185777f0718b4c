//! The closed lists of values ConfiTrek speaks: roles, statuses, kinds. Each is written once,
//! with its wire spelling and its label, and serves the domain, the wire types, the OpenAPI
//! document, the rule-set schema and the database columns alike.

/// A value that is not on the list it was read against: a column written by something other
/// than this server, or a stray string. Never read as a default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub value: String,
}

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not a {}", self.value, self.vocabulary)
    }
}

impl std::error::Error for UnknownCode {}

/// Defines a vocabulary: the enum, its wire values (`"snake_case"`) and labels, `ALL` in the
/// order a form offers them, `parse`/`FromStr`/`Display`, and the schemas and column mapping
/// behind the `openapi`, `schema` and `db` features. A column holding an unknown value is
/// an error when read.
macro_rules! vocabulary {
    (
        $(#[doc = $doc:literal])*
        $name:ident {
            $($(#[doc = $vdoc:literal])* $variant:ident = $wire:literal, $label:literal;)+
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[doc = $vdoc])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value on the wire, in the database and in exports.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $wire,)+ }
            }

            /// What a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// What the vocabulary is, then each value with its doc, as schemas describe it.
            pub fn description() -> String {
                let join = |doc: &[&str]| doc.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
                let values: &[(&str, &[&str])] = &[$(($wire, &[$($vdoc),*])),+];
                let mut text = join(&[$($doc),*]);
                for (wire, doc) in values.iter().filter(|(_, doc)| !doc.is_empty()) {
                    text.push_str(&format!("\n- `{wire}`: {}", join(doc)));
                }
                text.trim().to_owned()
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownCode;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::vocabulary::UnknownCode {
                    vocabulary: stringify!($name),
                    value: s.to_owned(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Written by hand: the derive does not see a `rename` that arrives through a macro,
        // and would document the Rust names instead of the wire's.
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let description = $name::description();
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .description((!description.is_empty()).then_some(description))
                    .enum_values(Some([$($wire),+]))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                let mut schema = schemars::json_schema!({
                    "type": "string",
                    "enum": [$($wire),+],
                });
                let description = $name::description();
                if !description.is_empty() {
                    schema.insert("description".into(), description.into());
                }
                schema
            }
        }

        #[cfg(feature = "db")]
        impl From<$name> for sea_orm::Value {
            fn from(value: $name) -> Self {
                value.as_str().into()
            }
        }

        #[cfg(feature = "db")]
        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                idx: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let text = String::try_get_by(res, idx)?;
                text.parse().map_err(|e: $crate::vocabulary::UnknownCode| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                        from: "String",
                        into: stringify!($name),
                        source: std::sync::Arc::new(e),
                    })
                })
            }
        }

        #[cfg(feature = "db")]
        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let text = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                $name::parse(&text).ok_or(sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        #[cfg(feature = "db")]
        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        #[cfg(feature = "db")]
        impl sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    /// Each value is spelled the same by serde, `as_str` and `parse`, is distinct, has a
    /// label, and an unknown value is refused with the vocabulary's name.
    macro_rules! speaks_one_spelling {
        ($($vocabulary:ident),+ $(,)?) => {$({
            let all = crate::$vocabulary::ALL;
            let spellings: HashSet<&str> = all.iter().map(|v| v.as_str()).collect();
            assert_eq!(spellings.len(), all.len(), stringify!($vocabulary));
            for value in all {
                let wire = serde_json::to_value(value).unwrap();
                assert_eq!(wire, value.as_str());
                assert_eq!(serde_json::from_value::<crate::$vocabulary>(wire).unwrap(), *value);
                assert_eq!(value.as_str().parse::<crate::$vocabulary>(), Ok(*value));
                assert_eq!(value.to_string(), value.as_str());
                assert!(!value.label().is_empty());
            }
            let unknown = "no_such_value".parse::<crate::$vocabulary>().unwrap_err();
            assert_eq!(unknown.vocabulary, stringify!($vocabulary));
            assert!(serde_json::from_str::<crate::$vocabulary>("\"no_such_value\"").is_err());
        })+};
    }

    #[test]
    fn every_vocabulary_speaks_one_spelling() {
        speaks_one_spelling!(
            Role,
            StateReportKind,
            StateReportPeriod,
            StateReportStatus,
            TransmissionMethod,
            PersonKind,
            PersonStatus,
            Delivery,
            EnrollmentStatus,
            Verification,
            RecordSource,
            TrainingRequestStatus,
            ComplianceStatus,
            RequirementStatus,
            CredentialStanding,
            NotificationKind,
            IncidentStatus,
            ExpenseCategory,
            ExpensePaidBy,
            ExpenseStatus,
            YesNoUnknown,
            LocationType,
            ContactReason,
            ForceType,
            Resistance,
            Injury,
            Sex,
            Race,
            Ethnicity,
            Impairment,
            Disposition,
            TrainingArea,
            SubscriptionStatus,
            CalendarFeedKind,
            PeriodVerdict,
            WebhookEventType,
            WebhookDeliveryState,
        );
    }
}
