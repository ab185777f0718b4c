//! Single sign-on through an agency's OpenID Connect identity provider: what a valid provider
//! is, which answer of the provider signs whom in, and when ConfiTrek still asks its own
//! second factor.
//!
//! The provider vouches for an e-mail address. ConfiTrek takes it only when the provider says
//! it verified it (`email_verified`, OpenID Connect Core §5.1): an unverified address could be
//! anyone's, and matching it to a login would hand that login over. The address must also be
//! of a domain the agency listed for the provider, so a provider shared with other
//! organisations (a state's, a vendor's) cannot sign in someone the agency never meant.

use uuid::Uuid;

use crate::free_text::is_hidden_control;
use crate::people::Email;
use crate::permissions::Role;
use crate::validation::ValidationErrors;

pub const DISPLAY_NAME_MAX: usize = 80;
pub const ISSUER_MAX: usize = 512;
pub const CLIENT_ID_MAX: usize = 255;
pub const CLIENT_SECRET_MAX: usize = 512;
pub const DOMAINS_MAX: usize = 20;
/// A DNS name's longest written form (RFC 1035 §2.3.4).
pub const DOMAIN_MAX: usize = 253;

/// Which issuer URLs an instance accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssuerRule {
    /// HTTPS only: the provider's keys and tokens must not travel in the clear.
    HttpsOnly,
    /// Also plain HTTP to this machine (loopback), for a provider run beside the server in
    /// tests; never another host.
    AlsoHttpLoopback,
}

/// An e-mail domain, lower case, as a DNS name of two labels or more.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct EmailDomain(String);

impl EmailDomain {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let domain = raw.trim().trim_start_matches('@').to_ascii_lowercase();
        if domain.is_empty() || domain.len() > DOMAIN_MAX {
            return Err("must be a domain name of at most 253 characters, such as agency.gov");
        }
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |label: &&str| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(
                "must be a domain name such as agency.gov (letters, digits, hyphens and dots; internationalised names in their xn-- form)",
            );
        }
        Ok(Self(domain))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The domain of an address: what follows its last `@`, lower case.
pub fn domain_of(email: &str) -> Option<&str> {
    email
        .trim()
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// Whether `email` is of one of `allowed` (exactly: a subdomain is another organisation's).
pub fn domain_allowed(email: &str, allowed: &[EmailDomain]) -> bool {
    domain_of(email).is_some_and(|d| allowed.iter().any(|a| a.0.eq_ignore_ascii_case(d)))
}

/// The issuer URL, as the provider names itself in its discovery document and its tokens
/// (compared exactly, so kept as given but for surrounding spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerUrl(String);

impl IssuerUrl {
    pub fn parse(raw: &str, rule: IssuerRule) -> Result<Self, &'static str> {
        let url = raw.trim();
        if url.len() > ISSUER_MAX {
            return Err("must be at most 512 characters");
        }
        if url
            .chars()
            .any(|c| c.is_whitespace() || is_hidden_control(c))
        {
            return Err("must be a URL without spaces");
        }
        // OpenID Connect Discovery §3: an issuer has no query and no fragment.
        if url.contains(['?', '#']) {
            return Err("must have no query (?) or fragment (#)");
        }
        let (secure, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err("must be an https:// URL, such as https://login.agency.gov");
        };
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.contains('@') {
            return Err("must not hold a user name or password");
        }
        let host = host_of(authority).ok_or("must name a host")?;
        if !secure && (rule == IssuerRule::HttpsOnly || !is_loopback(host)) {
            return Err(
                "must be an https:// URL (plain http is refused: tokens would travel in the clear)",
            );
        }
        Ok(Self(url.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The host of `host[:port]` or `[v6][:port]`, lower case, if there is one.
fn host_of(authority: &str) -> Option<&str> {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        &authority[..v6.find(']')? + 2]
    } else {
        authority.split(':').next()?
    };
    (!host.is_empty()).then_some(host)
}

fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| o.parse::<u8>().is_ok())
}

/// A role a provider may give a login it creates on first sign-in. An admin is never made
/// silently: an agency's admins are named by an admin.
pub fn jit_role_allowed(role: Role) -> bool {
    matches!(role, Role::Officer | Role::Supervisor | Role::Coordinator)
}

/// An identity provider as an admin describes it.
#[derive(Debug, Clone)]
pub struct ProviderDraft {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// `None`: keep the stored one (on a change); a new provider must have one.
    pub client_secret: Option<String>,
    pub allowed_domains: Vec<String>,
    pub enabled: bool,
    pub jit_role: Option<Role>,
    pub provider_mfa: bool,
}

/// A provider that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProvider {
    pub display_name: String,
    pub issuer: IssuerUrl,
    pub client_id: String,
    pub client_secret: Option<String>,
    /// Sorted, without repeats.
    pub allowed_domains: Vec<EmailDomain>,
    pub enabled: bool,
    pub jit_role: Option<Role>,
    pub provider_mfa: bool,
}

impl ValidProvider {
    /// Checks every field; `new` says whether the provider is being created (then a client
    /// secret is required).
    pub fn parse(
        draft: ProviderDraft,
        rule: IssuerRule,
        new: bool,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let display_name = draft.display_name.trim().to_owned();
        let name_len = display_name.chars().count();
        if name_len == 0 || name_len > DISPLAY_NAME_MAX {
            errors.push(
                "display_name",
                "must be 1 to 80 characters, such as \"County Microsoft Entra ID\"",
            );
        } else if display_name.chars().any(is_hidden_control) {
            errors.push(
                "display_name",
                "must not contain control or text-direction characters",
            );
        }
        let issuer = errors.collect("issuer", IssuerUrl::parse(&draft.issuer, rule));
        let client_id = draft.client_id.trim().to_owned();
        if client_id.is_empty() || client_id.len() > CLIENT_ID_MAX {
            errors.push(
                "client_id",
                "must be 1 to 255 characters, as the provider shows it",
            );
        } else if client_id
            .chars()
            .any(|c| c.is_control() || is_hidden_control(c))
        {
            errors.push("client_id", "must not contain control characters");
        }
        let client_secret = match draft.client_secret {
            Some(secret) if secret.is_empty() || secret.len() > CLIENT_SECRET_MAX => {
                errors.push("client_secret", "must be 1 to 512 characters");
                None
            }
            Some(secret) if secret.chars().any(char::is_control) => {
                errors.push("client_secret", "must not contain control characters");
                None
            }
            Some(secret) => Some(secret),
            None if new => {
                errors.push(
                    "client_secret",
                    "is required: the secret the provider issued for ConfiTrek",
                );
                None
            }
            None => None,
        };
        let allowed_domains = parse_domains(&draft.allowed_domains, &mut errors);
        if let Some(role) = draft.jit_role
            && !jit_role_allowed(role)
        {
            errors.push(
                "jit_role",
                "must be officer, supervisor or coordinator: admins are never created silently",
            );
        }
        match issuer {
            Some(issuer) if errors.is_empty() => Ok(Self {
                display_name,
                issuer,
                client_id,
                client_secret,
                allowed_domains,
                enabled: draft.enabled,
                jit_role: draft.jit_role,
                provider_mfa: draft.provider_mfa,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_domains(raw: &[String], errors: &mut ValidationErrors) -> Vec<EmailDomain> {
    if raw.is_empty() || raw.len() > DOMAINS_MAX {
        errors.push(
            "allowed_domains",
            "must list 1 to 20 e-mail domains whose people sign in through this provider",
        );
        return Vec::new();
    }
    let mut domains: Vec<EmailDomain> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, d)| errors.collect(&format!("allowed_domains.{i}"), EmailDomain::parse(d)))
        .collect();
    domains.sort();
    domains.dedup();
    domains
}

/// Why a provider's answer signs nobody in. Each is shown to the person as a sentence and
/// recorded in the audit log by its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The provider gave no e-mail address (the `email` scope was not granted).
    NoEmail,
    /// The provider did not say it verified the address.
    EmailNotVerified,
    /// The address is not of a domain the agency listed for the provider.
    DomainNotAllowed,
    /// No login has the address, and the provider creates none.
    NoLogin,
    /// The address belongs to a login of another agency (or of the platform).
    OtherAgency,
    /// The login is switched off, or its person is no longer active.
    LoginUnusable,
}

impl Refusal {
    /// The stable code, as `/login?sso_error=` and the audit log name it.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::NoEmail => "no_email",
            Refusal::EmailNotVerified => "email_not_verified",
            Refusal::DomainNotAllowed => "domain_not_allowed",
            // One code for both: the sign-in page must not tell whether another agency has
            // a login of that address.
            Refusal::NoLogin | Refusal::OtherAgency => "no_account",
            Refusal::LoginUnusable => "account_disabled",
        }
    }
}

/// The address the provider vouched for, lower case, when ConfiTrek may take it.
pub fn vouched_email(
    email: Option<&str>,
    email_verified: Option<bool>,
    allowed: &[EmailDomain],
) -> Result<Email, Refusal> {
    let email = email.ok_or(Refusal::NoEmail)?;
    let email = Email::parse(email).map_err(|_| Refusal::NoEmail)?;
    if email_verified != Some(true) {
        return Err(Refusal::EmailNotVerified);
    }
    if !domain_allowed(email.as_str(), allowed) {
        return Err(Refusal::DomainNotAllowed);
    }
    Ok(email)
}

/// The login found for the vouched address, as far as signing in goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundLogin {
    pub id: Uuid,
    /// `None`: the platform operator's.
    pub agency_id: Option<Uuid>,
    /// Not switched off, and its person (if any) active.
    pub usable: bool,
}

/// Whom the sign-in is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInFor {
    Login(Uuid),
    /// A new login of the provider's agency with this role (just in time).
    NewLogin(Role),
}

/// Matches the vouched address to a login of the provider's agency: the one with that
/// address, or a new one when the agency lets the provider create logins and can still be
/// changed (a cancelled agency is read-only: its logins sign in, no new one is made).
pub fn sign_in_for(
    found: Option<FoundLogin>,
    provider_agency: Uuid,
    jit_role: Option<Role>,
    agency_read_only: bool,
) -> Result<SignInFor, Refusal> {
    match found {
        Some(login) if login.agency_id != Some(provider_agency) => Err(Refusal::OtherAgency),
        Some(login) if !login.usable => Err(Refusal::LoginUnusable),
        Some(login) => Ok(SignInFor::Login(login.id)),
        None => jit_role
            .filter(|role| jit_role_allowed(*role) && !agency_read_only)
            .map(SignInFor::NewLogin)
            .ok_or(Refusal::NoLogin),
    }
}

/// What ConfiTrek asks after the provider's sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondStep {
    /// Nothing more: signed in.
    None,
    /// The code of the login's authenticator app (or a recovery code), as the password
    /// sign-in asks it.
    Code,
    /// Signed in, but kept on setting up two-step sign-in before anything else.
    Enrol,
}

/// ConfiTrek's own second factor after a provider's sign-in. When the agency lets the
/// provider's MFA count, the provider's sign-in is both factors. Otherwise the provider's
/// sign-in stands in for the password only: a login with an authenticator app gives its
/// code, and one that must have a second factor and has none sets it up first.
pub fn second_step(mfa_required: bool, has_authenticator: bool, provider_mfa: bool) -> SecondStep {
    match (provider_mfa, has_authenticator, mfa_required) {
        (true, _, _) => SecondStep::None,
        (false, true, _) => SecondStep::Code,
        (false, false, true) => SecondStep::Enrol,
        (false, false, false) => SecondStep::None,
    }
}

#[cfg(test)]
#[path = "sso_tests.rs"]
mod tests;
