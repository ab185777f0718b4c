//! Signing in safely: two-step sign-in, one's own sessions, the agency's sign-in settings,
//! and what an admin does to another login's sign-in.

use confitrek_types::{
    MfaCode, MfaEnrolment, MfaStatus, RecoveryCodes, SecuritySettings, SignInDto, UserDto,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{Call, delete, empty_object, get, send_json};

/// The signed-in login's two-step sign-in: set up or not, required or not.
pub async fn mfa_status() -> ApiResult<MfaStatus> {
    get("/auth/mfa", &[]).await
}

/// A new secret for an authenticator app; it counts once a code from it is confirmed.
pub async fn start_mfa() -> ApiResult<MfaEnrolment> {
    send_json(Method::POST, "/auth/mfa/enrolment", &empty_object()).await
}

/// Turns two-step sign-in on with the app's current code: the recovery codes, shown once.
pub async fn confirm_mfa(code: &str) -> ApiResult<RecoveryCodes> {
    let body = MfaCode {
        code: code.trim().to_owned(),
    };
    send_json(Method::POST, "/auth/mfa/enrolment/confirm", &body).await
}

/// The signed-in login's sessions that have not ended, newest first.
pub async fn my_sessions() -> ApiResult<Vec<SignInDto>> {
    get("/auth/sessions", &[]).await
}

pub async fn end_session(id: Uuid) -> ApiResult<()> {
    delete(&format!("/auth/sessions/{id}")).await
}

/// Signs out every other browser and client of the signed-in login.
pub async fn end_other_sessions() -> ApiResult<()> {
    Call::new(Method::POST, "/auth/sessions/end-others", &[])?
        .with_json(&empty_object())?
        .execute()
        .await
        .map(drop)
}

pub async fn security_settings() -> ApiResult<SecuritySettings> {
    get("/agencies/current/security", &[]).await
}

pub async fn save_security_settings(settings: &SecuritySettings) -> ApiResult<SecuritySettings> {
    send_json(Method::PUT, "/agencies/current/security", settings).await
}

/// What an admin does to another login's sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginRelease {
    /// Lets a login locked after too many wrong passwords try again.
    Unlock,
    /// Takes its second factor away (a lost phone): it sets one up at its next sign-in.
    ResetMfa,
    /// Signs it out of every browser and client.
    EndSessions,
}

impl LoginRelease {
    fn path(self, user: Uuid) -> String {
        match self {
            LoginRelease::Unlock => format!("/users/{user}/unlock"),
            LoginRelease::ResetMfa => format!("/users/{user}/mfa/reset"),
            LoginRelease::EndSessions => format!("/users/{user}/sessions/end"),
        }
    }
}

pub async fn release_login(user: Uuid, what: LoginRelease) -> ApiResult<UserDto> {
    send_json(Method::POST, &what.path(user), &empty_object()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_admin_action_on_a_login_has_its_own_endpoint() {
        let id = Uuid::nil();
        assert_eq!(LoginRelease::Unlock.path(id), format!("/users/{id}/unlock"));
        assert_eq!(
            LoginRelease::ResetMfa.path(id),
            format!("/users/{id}/mfa/reset")
        );
        assert_eq!(
            LoginRelease::EndSessions.path(id),
            format!("/users/{id}/sessions/end")
        );
    }
}
