use super::*;

fn draft() -> ProviderDraft {
    ProviderDraft {
        display_name: "County Entra ID".into(),
        issuer: "https://login.microsoftonline.com/tenant/v2.0".into(),
        client_id: "confitrek".into(),
        client_secret: Some("s3cret".into()),
        allowed_domains: vec![
            "County.gov".into(),
            "@sheriff.county.gov".into(),
            "county.gov".into(),
        ],
        enabled: true,
        jit_role: None,
        provider_mfa: false,
    }
}

fn domains(list: &[&str]) -> Vec<EmailDomain> {
    list.iter()
        .map(|d| EmailDomain::parse(d).unwrap())
        .collect()
}

#[test]
fn issuers_are_https_and_plain_http_only_to_this_machine_when_allowed() {
    let cases = [
        (
            "https://login.agency.gov",
            IssuerRule::HttpsOnly,
            true,
            "an https issuer",
        ),
        (
            "https://idp.example/realms/x/",
            IssuerRule::HttpsOnly,
            true,
            "a path, kept with its slash",
        ),
        (
            "http://idp.agency.gov",
            IssuerRule::HttpsOnly,
            false,
            "plain http",
        ),
        (
            "http://127.0.0.1:9090",
            IssuerRule::HttpsOnly,
            false,
            "loopback when http is not allowed",
        ),
        (
            "http://127.0.0.1:9090",
            IssuerRule::AlsoHttpLoopback,
            true,
            "loopback in tests",
        ),
        (
            "http://localhost:9090/oidc",
            IssuerRule::AlsoHttpLoopback,
            true,
            "localhost in tests",
        ),
        (
            "http://[::1]:9090",
            IssuerRule::AlsoHttpLoopback,
            true,
            "IPv6 loopback in tests",
        ),
        (
            "http://10.0.0.5",
            IssuerRule::AlsoHttpLoopback,
            false,
            "another host over http",
        ),
        (
            "http://127.0.0.1.evil.example",
            IssuerRule::AlsoHttpLoopback,
            false,
            "a name that starts like loopback",
        ),
        (
            "https://user:pw@idp.example",
            IssuerRule::HttpsOnly,
            false,
            "credentials in the URL",
        ),
        (
            "https://idp.example?tenant=1",
            IssuerRule::HttpsOnly,
            false,
            "a query",
        ),
        (
            "https://idp.example/#x",
            IssuerRule::HttpsOnly,
            false,
            "a fragment",
        ),
        (
            "ftp://idp.example",
            IssuerRule::HttpsOnly,
            false,
            "another scheme",
        ),
        ("https://", IssuerRule::HttpsOnly, false, "no host"),
        (
            "https://idp .example",
            IssuerRule::HttpsOnly,
            false,
            "a space",
        ),
    ];
    for (url, rule, ok, case) in cases {
        assert_eq!(IssuerUrl::parse(url, rule).is_ok(), ok, "{case}: {url}");
    }
    let long = format!("https://idp.example/{}", "a".repeat(ISSUER_MAX));
    assert!(IssuerUrl::parse(&long, IssuerRule::HttpsOnly).is_err());
}

#[test]
fn domains_are_dns_names_in_lower_case() {
    assert_eq!(
        EmailDomain::parse(" @Agency.GOV ").unwrap().as_str(),
        "agency.gov"
    );
    assert_eq!(
        EmailDomain::parse("xn--bcher-kva.example")
            .unwrap()
            .as_str(),
        "xn--bcher-kva.example"
    );
    for bad in [
        "",
        "agency",
        "agency..gov",
        "-agency.gov",
        "agency-.gov",
        "a gency.gov",
        "bücher.example",
        "user@agency.gov",
    ] {
        assert!(EmailDomain::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_valid_provider_keeps_its_domains_sorted_once() {
    let valid = ValidProvider::parse(draft(), IssuerRule::HttpsOnly, true).unwrap();
    let listed: Vec<&str> = valid
        .allowed_domains
        .iter()
        .map(EmailDomain::as_str)
        .collect();
    assert_eq!(listed, ["county.gov", "sheriff.county.gov"]);
}

#[test]
fn every_invalid_field_is_named_at_once() {
    let bad = ProviderDraft {
        display_name: " ".into(),
        issuer: "http://idp.example".into(),
        client_id: String::new(),
        client_secret: None,
        allowed_domains: vec!["ok.example".into(), "not a domain".into()],
        enabled: true,
        jit_role: Some(Role::AgencyAdmin),
        provider_mfa: false,
    };
    let errors = ValidProvider::parse(bad, IssuerRule::HttpsOnly, true).unwrap_err();
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "display_name",
            "issuer",
            "client_id",
            "client_secret",
            "allowed_domains.1",
            "jit_role"
        ]
    );
}

#[test]
fn a_change_may_keep_the_stored_secret_but_a_new_provider_needs_one() {
    let keep = ProviderDraft {
        client_secret: None,
        ..draft()
    };
    assert_eq!(
        ValidProvider::parse(keep.clone(), IssuerRule::HttpsOnly, false)
            .unwrap()
            .client_secret,
        None
    );
    assert!(ValidProvider::parse(keep, IssuerRule::HttpsOnly, true).is_err());
    let empty = ProviderDraft {
        client_secret: Some(String::new()),
        ..draft()
    };
    assert!(ValidProvider::parse(empty, IssuerRule::HttpsOnly, false).is_err());
}

#[test]
fn a_provider_lists_one_to_twenty_domains() {
    let none = ProviderDraft {
        allowed_domains: vec![],
        ..draft()
    };
    assert!(ValidProvider::parse(none, IssuerRule::HttpsOnly, true).is_err());
    let many = ProviderDraft {
        allowed_domains: (0..=DOMAINS_MAX).map(|i| format!("d{i}.example")).collect(),
        ..draft()
    };
    let errors = ValidProvider::parse(many, IssuerRule::HttpsOnly, true).unwrap_err();
    assert_eq!(errors.0[0].field, "allowed_domains");
}

#[test]
fn only_a_verified_address_of_an_allowed_domain_is_taken() {
    let allowed = domains(&["county.gov"]);
    let cases = [
        (
            Some("Jane.Doe@County.GOV"),
            Some(true),
            Ok("jane.doe@county.gov"),
            "verified, allowed, any case",
        ),
        (
            Some("jane@county.gov"),
            Some(false),
            Err(Refusal::EmailNotVerified),
            "not verified",
        ),
        (
            Some("jane@county.gov"),
            None,
            Err(Refusal::EmailNotVerified),
            "verification not said",
        ),
        (None, Some(true), Err(Refusal::NoEmail), "no address"),
        (
            Some("not an address"),
            Some(true),
            Err(Refusal::NoEmail),
            "not an address",
        ),
        (
            Some("jane@evil.example"),
            Some(true),
            Err(Refusal::DomainNotAllowed),
            "another domain",
        ),
        (
            Some("jane@sub.county.gov"),
            Some(true),
            Err(Refusal::DomainNotAllowed),
            "a subdomain is not the domain",
        ),
        (
            Some("jane@county.gov.evil.example"),
            Some(true),
            Err(Refusal::DomainNotAllowed),
            "a suffix trick",
        ),
    ];
    for (email, verified, expected, case) in cases {
        let got = vouched_email(email, verified, &allowed);
        assert_eq!(
            got.as_ref().map(Email::as_str).map_err(|r| *r),
            expected,
            "{case}"
        );
    }
}

#[test]
fn the_address_signs_in_its_own_agency_login_or_a_new_one_when_allowed() {
    let agency = Uuid::from_u128(1);
    let other = Uuid::from_u128(2);
    let login = |agency_id, usable| FoundLogin {
        id: Uuid::from_u128(9),
        agency_id,
        usable,
    };
    let cases = [
        (
            Some(login(Some(agency), true)),
            None,
            Ok(SignInFor::Login(Uuid::from_u128(9))),
            "the agency's login",
        ),
        (
            Some(login(Some(agency), false)),
            Some(Role::Officer),
            Err(Refusal::LoginUnusable),
            "a switched-off login is not replaced",
        ),
        (
            Some(login(Some(other), true)),
            Some(Role::Officer),
            Err(Refusal::OtherAgency),
            "another agency's login",
        ),
        (
            Some(login(None, true)),
            None,
            Err(Refusal::OtherAgency),
            "the platform operator",
        ),
        (
            None,
            None,
            Err(Refusal::NoLogin),
            "nobody, and no logins made silently",
        ),
        (
            None,
            Some(Role::Officer),
            Ok(SignInFor::NewLogin(Role::Officer)),
            "nobody: a new officer",
        ),
        (
            None,
            Some(Role::AgencyAdmin),
            Err(Refusal::NoLogin),
            "never a new admin",
        ),
    ];
    for (found, jit, expected, case) in cases {
        assert_eq!(sign_in_for(found, agency, jit, false), expected, "{case}");
    }
    let officer = Some(Role::Officer);
    assert_eq!(
        sign_in_for(None, agency, officer, true),
        Err(Refusal::NoLogin),
        "a cancelled agency makes no new login"
    );
    assert_eq!(
        sign_in_for(Some(login(Some(agency), true)), agency, officer, true),
        Ok(SignInFor::Login(Uuid::from_u128(9))),
        "but its logins sign in"
    );
    assert_eq!(Refusal::NoLogin.code(), Refusal::OtherAgency.code());
}

#[test]
fn confitrek_asks_its_own_second_factor_unless_the_provider_mfa_counts() {
    let cases = [
        (
            true,
            true,
            true,
            SecondStep::None,
            "the provider's MFA counts",
        ),
        (
            false,
            false,
            true,
            SecondStep::None,
            "the provider's MFA counts, no app needed",
        ),
        (
            false,
            true,
            false,
            SecondStep::Code,
            "a login with an app gives its code",
        ),
        (true, true, false, SecondStep::Code, "required and set up"),
        (
            true,
            false,
            false,
            SecondStep::Enrol,
            "required, not set up",
        ),
        (
            false,
            false,
            false,
            SecondStep::None,
            "neither required nor set up",
        ),
    ];
    for (required, has_app, provider_mfa, expected, case) in cases {
        assert_eq!(
            second_step(required, has_app, provider_mfa),
            expected,
            "{case}"
        );
    }
}
