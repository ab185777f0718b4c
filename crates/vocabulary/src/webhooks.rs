//! Webhook events and deliveries.

vocabulary! {
    /// What a webhook message is about: its `type`. A message's `data` carries ids and the
    /// new state, never names; the receiver reads the rest through the API.
    WebhookEventType {
        /// A person's compliance verdict changed (or was first stored). `data`: `person_id`,
        /// `status`, `previous_status` (null the first time), `as_of`.
        VerdictChanged = "verdict.changed", "A person's compliance verdict changed";
        /// `data`: `training_record_id`, `person_id`, `verification`, `source`.
        TrainingRecordCreated = "training_record.created", "A training record was created";
        /// `data`: `training_record_id`, `person_id`, `verification`.
        TrainingRecordVerified = "training_record.verified", "A training record was verified";
        /// `data`: `training_record_id`, `person_id`, `verification`.
        TrainingRecordRejected = "training_record.rejected", "A training record was rejected";
        /// A credential entered one of the agency's reminder windows before its expiry.
        /// `data`: `credential_id`, `person_id`, `credential_type_id`, `expires_on`,
        /// `days_left`.
        CredentialExpiring = "credential.expiring", "A credential is about to expire";
        /// `data`: `acknowledgement_id`, `person_id`, `policy_id`, `policy_version_id`.
        PolicyAcknowledged = "policy.acknowledged", "A policy version was acknowledged";
        /// A use-of-force incident was submitted for review. `data`: `incident_id`, `status`.
        IncidentSubmitted = "incident.submitted", "A use-of-force incident was submitted";
        /// `data`: `incident_id`, `status`.
        IncidentClosed = "incident.closed", "A use-of-force incident was closed";
        /// A spreadsheet import was committed. `data`: `import_id`, `kind`, `created`,
        /// `updated`.
        ImportCommitted = "import.committed", "An import was committed";
        /// Sent by the test button only; an endpoint cannot subscribe to it. `data`:
        /// `webhook_id`.
        Test = "webhook.test", "A test message";
    }
}

vocabulary! {
    /// Where a delivery stands.
    WebhookDeliveryState {
        /// Waiting for its first attempt or its next retry.
        Pending = "pending", "Queued";
        /// The receiver answered 2xx.
        Delivered = "delivered", "Delivered";
        /// Every attempt of the schedule failed; a replay queues it again.
        Failed = "failed", "Failed";
    }
}
