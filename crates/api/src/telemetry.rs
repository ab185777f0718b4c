//! Logging: one line per event with the request's span (and so its request id). The level
//! comes from `RUST_LOG` (default `info`). Secrets never reach a log: the config's secrets
//! are `SecretString`s and its `Debug` leaves them out.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
