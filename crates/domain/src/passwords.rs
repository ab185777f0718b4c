//! Which passwords a user may choose, per NIST SP 800-63B (rev. 3) §5.1.1.2: at least 12
//! characters here (the guideline's floor is 8), up to 128, any characters, no composition
//! rules, and a refusal of passwords found in lists of commonly used or compromised ones,
//! of repetitive or sequential characters, and of context-specific words (the service's
//! name, the agency's, the user's email).
//!
//! The list shipped with the binary is SecLists' `10k-most-common.txt` (Daniel Miessler et
//! al., MIT licence), lowercased.

use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 128;

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("common_passwords.txt").lines().collect());

/// Words of the service itself, refused in any password.
const SERVICE_WORDS: [&str; 6] = [
    "confitrek",
    "police",
    "sheriff",
    "password",
    "passwort",
    "academy",
];

/// Why a password is refused, as the form shows it; `None` if it may be used.
/// `context` holds the user's email and the agency's name.
pub fn refusal(password: &str, context: &[&str]) -> Option<String> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Some(format!("must be at least {MIN_LEN} characters"));
    }
    if len > MAX_LEN {
        return Some(format!("must be at most {MAX_LEN} characters"));
    }
    let lower = password.to_lowercase();
    if COMMON.contains(lower.as_str()) || COMMON.contains(core(&lower)) {
        return Some("is one of the most commonly used passwords; choose another".into());
    }
    if repetitive_or_sequential(&lower) {
        return Some("repeats or counts characters (like aaaa or 1234); choose another".into());
    }
    let mut rest = lower.clone();
    for word in context_words(context) {
        rest = rest.replace(&word, "");
    }
    // What is left once the names are taken out must still be a password by itself.
    let left: String = rest.chars().filter(|c| c.is_alphanumeric()).collect();
    if left.chars().count() < 8 || COMMON.contains(core(&rest)) {
        return Some(
            "is too close to your email, your agency's name or this service's; choose another"
                .into(),
        );
    }
    None
}

/// The word inside decorations: `Password2024!` is `password`.
fn core(lower: &str) -> &str {
    lower.trim_matches(|c: char| !c.is_alphabetic())
}

/// The service's words, and each word of at least 4 letters of the email and the agency.
fn context_words(context: &[&str]) -> Vec<String> {
    let mut words: Vec<String> = SERVICE_WORDS.iter().map(|w| (*w).to_owned()).collect();
    for text in context {
        let lower = text.to_lowercase();
        let (local, domain) = lower.split_once('@').unwrap_or((lower.as_str(), ""));
        let whole: String = local.chars().filter(|c| c.is_alphanumeric()).collect();
        let parts = local
            .split(|c: char| !c.is_alphanumeric())
            .chain(domain.split(|c: char| !c.is_alphanumeric()))
            .map(str::to_owned)
            .chain([whole]);
        words.extend(parts.filter(|w| w.chars().count() >= 4));
    }
    // Longest first, so that a name is taken out whole before its parts.
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
}

/// `aaaaaaaaaaaa`, `123456789012`, `abcabcabcabc`, `qwertyqwerty`: fewer than 5 different
/// characters, or each character the next (or previous) of the one before.
fn repetitive_or_sequential(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let distinct: HashSet<char> = chars.iter().copied().collect();
    if distinct.len() < 5 {
        return true;
    }
    let steps: Vec<i64> = chars
        .windows(2)
        .map(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])))
        .collect();
    steps.iter().all(|s| s.abs() == 1 || s.abs() == 9) // `…7890` wraps between 9 and 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTEXT: [&str; 2] = ["jane.rivera@lakeview.gov", "Lakeview Police Department"];

    fn refused(password: &str) -> bool {
        refusal(password, &CONTEXT).is_some()
    }

    #[test]
    fn length_is_from_12_to_128_with_any_characters() {
        assert!(refused("short pass"));
        assert!(!refused("correct horse battery staple"));
        assert!(!refused("žluťoučký kůň 🚓 běží"));
        assert!(!refused("tree frog lantern"));
        assert!(refused(&"x1y2z3w4v5".repeat(13)));
        // No composition rules: lowercase words alone are fine.
        assert!(!refused("marble orchard quietly"));
    }

    #[test]
    fn common_passwords_are_refused_even_decorated() {
        assert!(refused("password1234"));
        assert!(refused("Password2024!"));
        assert!(refused("qwerty123456"));
        assert!(refused("!!!Football!!!"));
    }

    #[test]
    fn repetitive_and_sequential_characters_are_refused() {
        assert!(refused("aaaaaaaaaaaa"));
        assert!(refused("123456789012"));
        assert!(refused("abcdefghijkl"));
        assert!(refused("abababababab"));
        assert!(refused("987654321098"));
    }

    #[test]
    fn the_email_the_agency_and_the_service_are_refused() {
        assert!(refused("JaneRivera2026!"));
        assert!(refused("lakeview-2026-pd"));
        assert!(refused("Police#Police#1"));
        assert!(refused("confitrek12345"));
        // A name inside a long passphrase leaves enough of a password.
        assert!(!refused("lakeview winters are long and grey"));
    }
}
