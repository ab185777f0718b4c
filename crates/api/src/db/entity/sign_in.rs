use sea_orm::entity::prelude::*;

/// One sign-in of a user: its refresh tokens share its id as their family, and its access
/// tokens name it, so ending it ends them all at the next request.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_ins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    /// When a request last used it, to within a minute.
    pub last_seen_at: TimeDateTimeWithTimeZone,
    /// The absolute end, fixed when it began.
    pub expires_at: TimeDateTimeWithTimeZone,
    /// It ends after this many minutes unused.
    pub idle_minutes: i32,
    /// Its user must set up a second factor before anything else.
    pub enrolment_pending: bool,
    pub ended_at: Option<TimeDateTimeWithTimeZone>,
    /// The browser and system it was made from, as the user would name them.
    pub device: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::UserId",
        to = "super::user::Column::Id"
    )]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
