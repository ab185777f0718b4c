//! SCIM filters (RFC 7644 §3.4.2.2): `userName eq "dana@agency.example"`,
//! `externalId eq "…" and active eq true`, `emails[type eq "work" and value co "@agency"]`,
//! `not (title pr)`. Parsed into a [`Filter`], then resolved against a resource's attributes
//! into a typed [`Condition`] that the database answers (or, for a group's members, that
//! [`Condition::holds`] answers in memory).
//!
//! Operators and keywords are read in any case; precedence is `not`, then `and`, then `or`.
//! A filter is at most [`MAX_LENGTH`] characters, [`MAX_COMPARISONS`] comparisons and
//! [`MAX_DEPTH`] levels of parentheses.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use super::ScimProblem;

pub const MAX_LENGTH: usize = 2048;
pub const MAX_COMPARISONS: usize = 32;
pub const MAX_DEPTH: usize = 16;

/// An attribute path: an optional schema URN, an attribute, an optional sub-attribute
/// (`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    pub schema: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

pub(crate) fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    let first = chars.next();
    text == "$ref"
        || (first.is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
}

impl AttrPath {
    pub fn parse(text: &str) -> Option<AttrPath> {
        // The URN holds dots and colons of its own ("…:2.0:User"): the attribute is what
        // follows its last colon.
        let (schema, rest) = match text.rfind(':') {
            Some(at) => (Some(text[..at].to_owned()), &text[at + 1..]),
            None => (None, text),
        };
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };
        if !is_name(name) || sub.is_some_and(|s| !is_name(s)) {
            return None;
        }
        Some(AttrPath {
            schema,
            name: name.to_owned(),
            sub: sub.map(str::to_owned),
        })
    }

    /// Whether the path names `name` (and `sub`), in any case.
    pub fn is(&self, name: &str, sub: Option<&str>) -> bool {
        self.name.eq_ignore_ascii_case(name)
            && match (&self.sub, sub) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            }
    }

    /// Whether the path is in `schema` (or names no schema, which is the resource's own).
    pub fn in_schema(&self, schema: &str) -> bool {
        self.schema
            .as_deref()
            .is_none_or(|s| s.eq_ignore_ascii_case(schema))
    }
}

impl std::fmt::Display for AttrPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(schema) = &self.schema {
            write!(f, "{schema}:")?;
        }
        f.write_str(&self.name)?;
        if let Some(sub) = &self.sub {
            write!(f, ".{sub}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    fn parse(word: &str) -> Option<CompareOp> {
        use CompareOp::*;
        let ops = [
            ("eq", Eq),
            ("ne", Ne),
            ("co", Co),
            ("sw", Sw),
            ("ew", Ew),
            ("gt", Gt),
            ("ge", Ge),
            ("lt", Lt),
            ("le", Le),
        ];
        ops.iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, op)| *op)
    }

    fn orders(self) -> bool {
        matches!(
            self,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        )
    }
}

/// A value as the filter wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Text(String),
    Bool(bool),
    Null,
    Number(String),
}

/// A parsed filter, before it is checked against a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    Compare(AttrPath, CompareOp, Literal),
    Present(AttrPath),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `emails[type eq "work"]`: a value of the multi-valued attribute matches the inner
    /// filter, whose paths are the attribute's sub-attributes.
    Has(AttrPath, Box<Filter>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open,
    Close,
    OpenBracket,
    CloseBracket,
    Word(String),
    Text(String),
}

fn invalid(reason: impl Into<String>) -> ScimProblem {
    ScimProblem::InvalidFilter(reason.into())
}

fn tokens(text: &str) -> Result<Vec<Token>, ScimProblem> {
    let mut found = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' => found.push(Token::Open),
            ')' => found.push(Token::Close),
            '[' => found.push(Token::OpenBracket),
            ']' => found.push(Token::CloseBracket),
            '"' => {
                // A JSON string: find its closing quote, past escaped ones.
                let mut end = None;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            end = Some(i);
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                let end = end.ok_or_else(|| invalid("a string is not closed with \""))?;
                let value: String = serde_json::from_str(&text[at..=end])
                    .map_err(|_| invalid("a string holds an escape JSON does not know"))?;
                found.push(Token::Text(value));
            }
            _ => {
                let mut end = at + c.len_utf8();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || "()[]\"".contains(c) {
                        break;
                    }
                    end = i + c.len_utf8();
                    chars.next();
                }
                found.push(Token::Word(text[at..end].to_owned()));
            }
        }
    }
    Ok(found)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    depth: usize,
    comparisons: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    fn keyword(&mut self, word: &str) -> bool {
        match self.peek() {
            Some(Token::Word(w)) if w.eq_ignore_ascii_case(word) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn expect(&mut self, token: Token, what: &str) -> Result<(), ScimProblem> {
        if self.next() == Some(token) {
            Ok(())
        } else {
            Err(invalid(format!("expected {what}")))
        }
    }

    fn or(&mut self) -> Result<Filter, ScimProblem> {
        let mut left = self.and()?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ScimProblem> {
        let mut left = self.factor()?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Filter, ScimProblem> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(invalid(format!("nests more than {MAX_DEPTH} levels deep")));
        }
        let negated = matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case("not"))
            && self.tokens.get(self.at + 1) == Some(&Token::Open);
        if negated {
            self.at += 1;
        }
        let filter = match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                self.expect(Token::Close, "`)`")?;
                inner
            }
            Some(Token::Word(word)) => self.comparison(&word)?,
            _ => return Err(invalid("expected an attribute or `(`")),
        };
        self.depth -= 1;
        Ok(if negated {
            Filter::Not(Box::new(filter))
        } else {
            filter
        })
    }

    fn comparison(&mut self, word: &str) -> Result<Filter, ScimProblem> {
        let path = AttrPath::parse(word)
            .ok_or_else(|| invalid(format!("`{word}` is not an attribute path")))?;
        if self.peek() == Some(&Token::OpenBracket) {
            self.at += 1;
            let inner = self.or()?;
            self.expect(Token::CloseBracket, "`]`")?;
            return Ok(Filter::Has(path, Box::new(inner)));
        }
        self.comparisons += 1;
        if self.comparisons > MAX_COMPARISONS {
            return Err(invalid(format!(
                "holds more than {MAX_COMPARISONS} comparisons"
            )));
        }
        let op = match self.next() {
            Some(Token::Word(op)) if op.eq_ignore_ascii_case("pr") => {
                return Ok(Filter::Present(path));
            }
            Some(Token::Word(op)) => CompareOp::parse(&op)
                .ok_or_else(|| invalid(format!("`{op}` is not an operator")))?,
            _ => return Err(invalid(format!("expected an operator after `{word}`"))),
        };
        let literal = match self.next() {
            Some(Token::Text(text)) => Literal::Text(text),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("true") => Literal::Bool(true),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("false") => Literal::Bool(false),
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("null") => Literal::Null,
            Some(Token::Word(w)) if w.parse::<f64>().is_ok() => Literal::Number(w),
            _ => {
                return Err(invalid(format!(
                    "expected a value after `{word}`: a \"string\", true, false, null or a number"
                )));
            }
        };
        Ok(Filter::Compare(path, op, literal))
    }
}

/// Parses a filter, or says why it does not read.
pub fn parse(text: &str) -> Result<Filter, ScimProblem> {
    if text.chars().count() > MAX_LENGTH {
        return Err(invalid(format!("is longer than {MAX_LENGTH} characters")));
    }
    let mut parser = Parser {
        tokens: tokens(text)?,
        at: 0,
        depth: 0,
        comparisons: 0,
    };
    if parser.tokens.is_empty() {
        return Err(invalid("is empty"));
    }
    let filter = parser.or()?;
    if parser.at < parser.tokens.len() {
        return Err(invalid("has something left over after a complete filter"));
    }
    Ok(filter)
}

/// What kind of value an attribute holds, for checking a comparison with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Text; compared without regard to case unless `case_exact`.
    Text {
        case_exact: bool,
    },
    Boolean,
    DateTime,
    /// A resource id (a UUID): `eq` and `ne` only.
    Id,
}

/// What a path names on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named<A> {
    Attribute(A, Kind),
    /// A sub-attribute that every stored value has with this one value (ConfiTrek keeps one
    /// e-mail: its `type` is always `work`, and it is `primary`): a comparison with it holds
    /// when `of` is present and the value matches.
    Fixed {
        of: A,
        value: Value,
    },
}

/// A value of a typed comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Lower-cased when the attribute is compared without regard to case.
    Text(String),
    Bool(bool),
    Time(OffsetDateTime),
    Id(Uuid),
}

/// A filter checked against a resource's attributes `A`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition<A> {
    Compare(A, CompareOp, Value),
    Present(A),
    All(Vec<Condition<A>>),
    Any(Vec<Condition<A>>),
    Not(Box<Condition<A>>),
    Always(bool),
}

/// What a path (`within` the attribute of a `[...]` filter, if any) names on a resource, or
/// `None` for a path the resource cannot be filtered on.
pub type Names<'a, A> = &'a dyn Fn(&AttrPath, Option<&AttrPath>) -> Option<Named<A>>;

/// Checks `filter` against a resource whose attributes `named` says.
pub fn resolve<A: Clone>(filter: &Filter, named: Names<A>) -> Result<Condition<A>, ScimProblem> {
    resolve_within(filter, named, None)
}

fn resolve_within<A: Clone>(
    filter: &Filter,
    named: Names<A>,
    within: Option<&AttrPath>,
) -> Result<Condition<A>, ScimProblem> {
    let lookup = |path: &AttrPath| {
        named(path, within).ok_or_else(|| {
            invalid(format!(
                "`{path}` is not an attribute this resource can be filtered on"
            ))
        })
    };
    Ok(match filter {
        Filter::And(a, b) => Condition::All(vec![
            resolve_within(a, named, within)?,
            resolve_within(b, named, within)?,
        ]),
        Filter::Or(a, b) => Condition::Any(vec![
            resolve_within(a, named, within)?,
            resolve_within(b, named, within)?,
        ]),
        Filter::Not(inner) => Condition::Not(Box::new(resolve_within(inner, named, within)?)),
        Filter::Has(path, inner) => {
            if within.is_some() {
                return Err(invalid("a `[...]` filter cannot hold another"));
            }
            resolve_within(inner, named, Some(path))?
        }
        Filter::Present(path) => match lookup(path)? {
            Named::Attribute(a, _) | Named::Fixed { of: a, .. } => Condition::Present(a),
        },
        Filter::Compare(path, op, literal) => match lookup(path)? {
            Named::Attribute(a, kind) => typed(a, kind, *op, literal, path)?,
            Named::Fixed { of, value } => {
                let literal = typed_value(&value_kind(&value), literal, path)?;
                if compare(Some(&value), *op, &literal) {
                    Condition::Present(of)
                } else {
                    Condition::Always(false)
                }
            }
        },
    })
}

fn value_kind(value: &Value) -> Kind {
    match value {
        Value::Text(_) => Kind::Text { case_exact: false },
        Value::Bool(_) => Kind::Boolean,
        Value::Time(_) => Kind::DateTime,
        Value::Id(_) => Kind::Id,
    }
}

/// The literal as a value of `kind`, or why it is not one.
fn typed_value(kind: &Kind, literal: &Literal, path: &AttrPath) -> Result<Value, ScimProblem> {
    match (kind, literal) {
        (Kind::Text { case_exact }, Literal::Text(t)) => Ok(Value::Text(if *case_exact {
            t.clone()
        } else {
            t.to_lowercase()
        })),
        (Kind::Boolean, Literal::Bool(b)) => Ok(Value::Bool(*b)),
        (Kind::DateTime, Literal::Text(t)) => OffsetDateTime::parse(t, &Rfc3339)
            .map(Value::Time)
            .map_err(|_| {
                invalid(format!(
                    "`{path}` takes a date and time such as \"2026-12-01T00:00:00Z\""
                ))
            }),
        (Kind::Id, Literal::Text(t)) => Ok(Uuid::parse_str(t)
            .map(Value::Id)
            // No resource has an id that is not a UUID: the text stands for one that
            // matches nothing.
            .unwrap_or(Value::Id(Uuid::nil()))),
        (Kind::Text { .. } | Kind::Id, _) => Err(invalid(format!("`{path}` takes a \"string\""))),
        (Kind::Boolean, _) => Err(invalid(format!("`{path}` takes true or false"))),
        (Kind::DateTime, _) => Err(invalid(format!("`{path}` takes a \"date and time\""))),
    }
}

fn typed<A>(
    attribute: A,
    kind: Kind,
    op: CompareOp,
    literal: &Literal,
    path: &AttrPath,
) -> Result<Condition<A>, ScimProblem> {
    if *literal == Literal::Null {
        return match op {
            CompareOp::Eq => Ok(Condition::Not(Box::new(Condition::Present(attribute)))),
            CompareOp::Ne => Ok(Condition::Present(attribute)),
            _ => Err(invalid("null is compared with eq and ne only")),
        };
    }
    let allowed = match kind {
        Kind::Text { .. } => true,
        Kind::Boolean | Kind::Id => matches!(op, CompareOp::Eq | CompareOp::Ne),
        Kind::DateTime => matches!(op, CompareOp::Eq | CompareOp::Ne) || op.orders(),
    };
    if !allowed {
        let word = format!("{op:?}").to_lowercase();
        return Err(invalid(format!("`{path}` cannot be compared with {word}")));
    }
    let value = typed_value(&kind, literal, path)?;
    Ok(Condition::Compare(attribute, op, value))
}

/// Whether `value` (absent: the attribute has none) compares with `literal` as `op` says.
fn compare(value: Option<&Value>, op: CompareOp, literal: &Value) -> bool {
    let Some(value) = value else {
        return op == CompareOp::Ne;
    };
    let ordering = match (value, literal) {
        (Value::Text(a), Value::Text(b)) => {
            return match op {
                CompareOp::Co => a.contains(b.as_str()),
                CompareOp::Sw => a.starts_with(b.as_str()),
                CompareOp::Ew => a.ends_with(b.as_str()),
                _ => ordered(a.cmp(b), op),
            };
        }
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Time(a), Value::Time(b)) => a.cmp(b),
        (Value::Id(a), Value::Id(b)) => a.cmp(b),
        _ => return op == CompareOp::Ne,
    };
    ordered(ordering, op)
}

fn ordered(ordering: std::cmp::Ordering, op: CompareOp) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CompareOp::Eq => ordering == Equal,
        CompareOp::Ne => ordering != Equal,
        CompareOp::Gt => ordering == Greater,
        CompareOp::Ge => ordering != Less,
        CompareOp::Lt => ordering == Less,
        CompareOp::Le => ordering != Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => ordering == Equal,
    }
}

impl<A: Copy> Condition<A> {
    /// Whether a resource whose attributes `value` gives (text lower-cased where compared
    /// without regard to case) meets the condition.
    pub fn holds(&self, value: &dyn Fn(A) -> Option<Value>) -> bool {
        match self {
            Condition::Compare(a, op, literal) => compare(value(*a).as_ref(), *op, literal),
            Condition::Present(a) => value(*a).is_some(),
            Condition::All(all) => all.iter().all(|c| c.holds(value)),
            Condition::Any(any) => any.iter().any(|c| c.holds(value)),
            Condition::Not(inner) => !inner.holds(value),
            Condition::Always(b) => *b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(name: &str) -> AttrPath {
        AttrPath::parse(name).unwrap()
    }

    fn text(t: &str) -> Literal {
        Literal::Text(t.into())
    }

    #[test]
    fn the_filters_identity_providers_send_parse() {
        use CompareOp::*;
        use Filter::*;
        let cases = [
            (
                r#"userName eq "Dana@Agency.example""#,
                Compare(path("userName"), Eq, text("Dana@Agency.example")),
            ),
            (
                r#"externalId EQ "0f1e" and active eq true"#,
                And(
                    Box::new(Compare(path("externalId"), Eq, text("0f1e"))),
                    Box::new(Compare(path("active"), Eq, Literal::Bool(true))),
                ),
            ),
            (
                r#"emails[type eq "work" and value co "@agency"]"#,
                Has(
                    path("emails"),
                    Box::new(And(
                        Box::new(Compare(path("type"), Eq, text("work"))),
                        Box::new(Compare(path("value"), Co, text("@agency"))),
                    )),
                ),
            ),
            (
                r#"a eq "1" or b eq "2" and c eq "3""#,
                Or(
                    Box::new(Compare(path("a"), Eq, text("1"))),
                    Box::new(And(
                        Box::new(Compare(path("b"), Eq, text("2"))),
                        Box::new(Compare(path("c"), Eq, text("3"))),
                    )),
                ),
            ),
            (
                r#"not (title pr) or meta.lastModified gt "2026-01-01T00:00:00Z""#,
                Or(
                    Box::new(Not(Box::new(Present(path("title"))))),
                    Box::new(Compare(
                        path("meta.lastModified"),
                        Gt,
                        text("2026-01-01T00:00:00Z"),
                    )),
                ),
            ),
            (
                r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "B \"12\"""#,
                Compare(
                    AttrPath {
                        schema: Some(
                            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".into(),
                        ),
                        name: "employeeNumber".into(),
                        sub: None,
                    },
                    Eq,
                    text("B \"12\""),
                ),
            ),
        ];
        for (filter, expected) in cases {
            assert_eq!(parse(filter).unwrap(), expected, "{filter}");
        }
    }

    #[test]
    fn what_does_not_read_is_an_invalid_filter() {
        let long = format!("userName eq \"{}\"", "x".repeat(MAX_LENGTH));
        let many = vec![r#"a eq "1""#; MAX_COMPARISONS + 1].join(" or ");
        let deep = format!(
            "{}a pr{}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        let cases = [
            "",
            "userName",
            r#"userName eq"#,
            r#"userName equals "x""#,
            r#"userName eq "x"#,
            r#"userName eq "x" extra"#,
            r#"(userName eq "x""#,
            r#"emails[type eq "work""#,
            r#"user name eq "x""#,
            r#"userName eq unquoted"#,
            long.as_str(),
            many.as_str(),
            deep.as_str(),
        ];
        for filter in cases {
            let problem = parse(filter).unwrap_err();
            assert_eq!(problem.scim_type(), "invalidFilter", "{filter}");
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Attr {
        Name,
        External,
        Active,
        Email,
        Changed,
        Id,
    }

    fn named(path: &AttrPath, within: Option<&AttrPath>) -> Option<Named<Attr>> {
        let text = Kind::Text { case_exact: false };
        match within {
            Some(w) if w.is("emails", None) => {
                if path.is("value", None) {
                    Some(Named::Attribute(Attr::Email, text))
                } else if path.is("type", None) {
                    Some(Named::Fixed {
                        of: Attr::Email,
                        value: Value::Text("work".into()),
                    })
                } else {
                    None
                }
            }
            Some(_) => None,
            None if path.is("userName", None) => Some(Named::Attribute(Attr::Name, text)),
            None if path.is("externalId", None) => Some(Named::Attribute(
                Attr::External,
                Kind::Text { case_exact: true },
            )),
            None if path.is("active", None) => Some(Named::Attribute(Attr::Active, Kind::Boolean)),
            None if path.is("emails", Some("value")) => Some(Named::Attribute(Attr::Email, text)),
            None if path.is("meta", Some("lastModified")) => {
                Some(Named::Attribute(Attr::Changed, Kind::DateTime))
            }
            None if path.is("id", None) => Some(Named::Attribute(Attr::Id, Kind::Id)),
            None => None,
        }
    }

    fn condition(filter: &str) -> Result<Condition<Attr>, ScimProblem> {
        resolve(&parse(filter).unwrap(), &named)
    }

    #[test]
    fn a_filter_is_typed_by_the_attributes_it_names() {
        use CompareOp::*;
        assert_eq!(
            condition(r#"USERNAME eq "Dana@X""#).unwrap(),
            Condition::Compare(Attr::Name, Eq, Value::Text("dana@x".into())),
            "user names are compared without regard to case"
        );
        assert_eq!(
            condition(r#"externalId eq "AbC""#).unwrap(),
            Condition::Compare(Attr::External, Eq, Value::Text("AbC".into())),
            "external ids are case-exact"
        );
        assert_eq!(
            condition(r#"emails[type eq "Work"]"#).unwrap(),
            Condition::Present(Attr::Email),
            "every stored e-mail is the work one"
        );
        assert_eq!(
            condition(r#"emails[type eq "home"]"#).unwrap(),
            Condition::Always(false)
        );
        assert_eq!(
            condition(r#"id eq "not-a-uuid""#).unwrap(),
            Condition::Compare(Attr::Id, Eq, Value::Id(Uuid::nil()))
        );
        assert_eq!(
            condition("externalId eq null").unwrap(),
            Condition::Not(Box::new(Condition::Present(Attr::External)))
        );
        // (filter, a sentence): each is refused as invalidFilter.
        let refused = [
            (r#"nickName eq "x""#, "an attribute not kept"),
            (r#"active eq "yes""#, "a boolean compared with text"),
            ("active gt true", "a boolean ordered"),
            (r#"userName eq true"#, "text compared with a boolean"),
            (
                r#"meta.lastModified gt "yesterday""#,
                "a time that does not read",
            ),
            (r#"id co "1""#, "an id compared other than by eq"),
            (
                r#"emails[nickName eq "x"]"#,
                "a sub-attribute e-mails do not have",
            ),
            (r#"userName co null"#, "null with co"),
        ];
        for (filter, why) in refused {
            let problem = condition(filter).unwrap_err();
            assert_eq!(problem.scim_type(), "invalidFilter", "{why}");
        }
    }

    #[test]
    fn conditions_hold_in_memory_as_the_database_answers_them() {
        let value = |a: Attr| match a {
            Attr::Name => Some(Value::Text("dana@agency.example".into())),
            Attr::Active => Some(Value::Bool(true)),
            Attr::Email => Some(Value::Text("dana@agency.example".into())),
            _ => None,
        };
        let cases = [
            (r#"userName eq "DANA@agency.example""#, true),
            (r#"userName sw "dana" and userName ew ".example""#, true),
            (r#"userName co "@other""#, false),
            (r#"not (userName co "@other")"#, true),
            (r#"externalId pr"#, false),
            (r#"externalId ne "x""#, true),
            (
                r#"active eq false or emails[value eq "dana@agency.example"]"#,
                true,
            ),
            (r#"userName gt "a" and userName lt "e""#, true),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                condition(filter).unwrap().holds(&value),
                expected,
                "{filter}"
            );
        }
    }
}
