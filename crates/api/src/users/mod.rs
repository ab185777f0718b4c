//! `/users`: an agency admin invites the agency's users, sees who has a login and when it
//! was last used, changes a login's role, switches it off or on, and sends a new link to set
//! a password.

pub mod handlers;
pub mod service;

use confitrek_types::UserDto;

use crate::db::entity::user;

pub use service::{INVITATION_DAYS, Invited, invite};

pub fn user_dto(u: user::Model) -> UserDto {
    UserDto {
        id: u.id,
        role: u.role,
        has_password: u.password_hash.is_some(),
        uof_reviewer: u.uof_reviewer,
        disabled: u.disabled_at.is_some(),
        mfa_enabled: u.mfa_secret.is_some(),
        locked: false,
        last_sign_in_at: u.last_sign_in_at,
        email: u.email,
        agency_id: u.agency_id,
        person_id: u.person_id,
        created_at: u.created_at,
    }
}
