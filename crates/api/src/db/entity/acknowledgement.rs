use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "acknowledgements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub person_id: Uuid,
    pub policy_version_id: Uuid,
    pub acknowledged_at: TimeDateTimeWithTimeZone,
    /// Where the acknowledgement was sent from.
    pub ip: Option<String>,
    /// The hash of the version's text as it was acknowledged.
    pub content_sha256: String,
    /// The sentence the person attested to.
    pub attestation: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
