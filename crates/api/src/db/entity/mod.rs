//! sea-orm entities: the tables as the API reads them. They never leave the crate: handlers
//! answer with DTOs from `confitrek-types`.

pub mod acknowledgement;
pub mod agency;
pub mod agency_requirement;
pub mod audit_event;
pub mod certificate;
pub mod compliance_snapshot;
pub mod course;
pub mod credential;
pub mod credential_type;
pub mod import_batch;
pub mod import_batch_item;
pub mod login_device;
pub mod notification;
pub mod notification_settings;
pub mod person;
pub mod policy;
pub mod policy_document;
pub mod policy_version;
pub mod refresh_token;
pub mod rule_set_version;
pub mod session_enrollment;
pub mod snapshot_generation;
pub mod topic;
pub mod training_profile;
pub mod training_record;
pub mod training_record_revision;
pub mod training_request;
pub mod training_session;
pub mod uof_incident;
pub mod uof_incident_officer;
pub mod uof_incident_version;
pub mod user;
pub mod waiver;
