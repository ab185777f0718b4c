//! Exports at rest: the archive encrypted with a passphrase the admin chooses, as a standard
//! age file (<https://age-encryption.org/v1>, one scrypt recipient), which `age -d` and
//! `rage -d` open as well as `confitrek import-export`. The server keeps neither the
//! passphrase nor the encrypted file.

use std::io::{self, Read, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use age::secrecy::{ExposeSecret, SecretString};
use confitrek_domain::ValidationErrors;
use futures_util::Stream;
use tokio::sync::mpsc;

/// How every age file begins (its version line), and how a restore tells one from a ZIP.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1";

/// The most scrypt work an export asks for (N = 2^18, the `age` tool's own choice): 256 MiB
/// of memory. Below it, as age does, the work that takes this host about a second, so a fast
/// host does not spend a gigabyte on each export (an unoptimised debug build gets less).
const MAX_WORK_FACTOR: u8 = 18;
const ONE_SECOND: Duration = Duration::from_secs(1);

/// How many encrypted chunks (64 KiB each) wait for a slow client before encryption pauses.
const CHUNKS_IN_FLIGHT: usize = 8;

const MIN_CHARS: usize = 12;
const MAX_CHARS: usize = 128;

/// A passphrase an export may be encrypted with: 12 to 128 characters.
pub struct ExportPassphrase(SecretString);

impl ExportPassphrase {
    pub fn parse(given: String) -> Result<Self, ValidationErrors> {
        let chars = given.chars().count();
        if !(MIN_CHARS..=MAX_CHARS).contains(&chars) {
            return Err(ValidationErrors::single(
                "passphrase",
                format!("must be {MIN_CHARS} to {MAX_CHARS} characters long; it is {chars}"),
            ));
        }
        if given.trim().is_empty() {
            return Err(ValidationErrors::single(
                "passphrase",
                "must not be only spaces",
            ));
        }
        Ok(ExportPassphrase(SecretString::from(given)))
    }
}

/// Whether `bytes` are an age file rather than a ZIP.
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Encrypts `archive` into `output`, returning it once the file is complete.
pub fn encrypt<W: Write>(
    archive: &[u8],
    passphrase: &ExportPassphrase,
    output: W,
) -> io::Result<W> {
    encrypt_with(archive, &passphrase.0, work_factor(), output)
}

fn encrypt_with<W: Write>(
    archive: &[u8],
    passphrase: &SecretString,
    log_n: u8,
    output: W,
) -> io::Result<W> {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(log_n);
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as _))
        .map_err(io::Error::other)?;
    let mut writer = encryptor.wrap_output(output)?;
    writer.write_all(archive)?;
    writer.finish()
}

/// About a second of scrypt on this host, at most [`MAX_WORK_FACTOR`]; measured once, as age
/// measures it: time a small factor, and double while under a second.
fn work_factor() -> u8 {
    static MEASURED: OnceLock<u8> = OnceLock::new();
    *MEASURED.get_or_init(|| {
        let mut log_n = 12;
        let started = Instant::now();
        if encrypt_with(&[], &SecretString::from("measure"), log_n, io::sink()).is_err() {
            return MAX_WORK_FACTOR;
        }
        let mut took = started.elapsed().max(Duration::from_micros(1));
        while took < ONE_SECOND && log_n < MAX_WORK_FACTOR {
            log_n += 1;
            took *= 2;
        }
        log_n
    })
}

/// The encrypted archive as a response body, encrypted on a blocking thread while it is
/// sent: besides the archive itself, at most [`CHUNKS_IN_FLIGHT`] chunks are held. Should
/// encryption fail, the body ends with an error, and the file it leaves is refused as
/// truncated by any age reader.
pub fn encrypted_stream(
    archive: Vec<u8>,
    passphrase: ExportPassphrase,
) -> impl Stream<Item = io::Result<Bytes>> + 'static {
    let (sender, receiver) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let output = ChannelWriter(sender.clone());
        if let Err(error) = encrypt(&archive, &passphrase, output) {
            if error.kind() != io::ErrorKind::BrokenPipe {
                tracing::error!(?error, "encrypting an export");
            }
            sender.blocking_send(Err(error)).ok();
        }
    });
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|chunk| (chunk, receiver))
    })
}

/// Hands each write to the response; a client gone away stops the encryption.
struct ChannelWriter(mpsc::Sender<io::Result<Bytes>>);

impl Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .blocking_send(Ok(Bytes::copy_from_slice(buf)))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the download was abandoned"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Why an encrypted export could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DecryptError {
    #[error("the passphrase is wrong (or the file's header is damaged): nothing was restored")]
    WrongPassphrase,
    #[error(
        "the file is an age file not encrypted with a passphrase; decrypt it with its identity (age -d -i KEY) and restore the ZIP"
    )]
    NotPassphraseEncrypted,
    #[error(
        "the file needs more work to decrypt (scrypt 2^{required}) than this machine allows (up to 2^{allowed}); decrypt it with age -d on a faster machine and restore the ZIP"
    )]
    TooMuchWork { required: u8, allowed: u8 },
    #[error("the encrypted file is damaged or truncated: {0}")]
    Damaged(String),
}

/// Decrypts an age file encrypted with `passphrase` back to the archive it holds.
pub fn decrypt(bytes: &[u8], passphrase: &SecretString) -> Result<Vec<u8>, DecryptError> {
    let decryptor = age::Decryptor::new_buffered(bytes).map_err(opening_error)?;
    if !decryptor.is_scrypt() {
        return Err(DecryptError::NotPassphraseEncrypted);
    }
    let identity =
        age::scrypt::Identity::new(SecretString::from(passphrase.expose_secret().to_owned()));
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as _))
        .map_err(opening_error)?;
    let mut archive = Vec::with_capacity(bytes.len());
    reader
        .read_to_end(&mut archive)
        .map_err(|e| DecryptError::Damaged(e.to_string()))?;
    Ok(archive)
}

fn opening_error(error: age::DecryptError) -> DecryptError {
    match error {
        age::DecryptError::DecryptionFailed
        | age::DecryptError::KeyDecryptionFailed
        | age::DecryptError::NoMatchingKeys
        | age::DecryptError::InvalidMac => DecryptError::WrongPassphrase,
        age::DecryptError::ExcessiveWork { required, target } => DecryptError::TooMuchWork {
            required,
            allowed: target.saturating_add(4),
        },
        other => DecryptError::Damaged(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_is_twelve_to_128_characters() {
        let cases = [
            (
                "twelve chars",
                true,
                "twelve characters, counting the space",
            ),
            ("short", false, "five characters"),
            (
                "ünïcödé-pässphräse",
                true,
                "characters, not bytes, are counted",
            ),
            ("            ", false, "only spaces"),
        ];
        for (given, accepted, why) in cases {
            assert_eq!(
                ExportPassphrase::parse(given.to_owned()).is_ok(),
                accepted,
                "{why}"
            );
        }
        assert!(ExportPassphrase::parse("x".repeat(128)).is_ok());
        let refused = ExportPassphrase::parse("x".repeat(129)).err().map(|e| e.0);
        assert_eq!(
            refused.map(|e| e[0].field.clone()).as_deref(),
            Some("passphrase")
        );
    }

    #[test]
    fn an_encrypted_archive_opens_with_its_passphrase_and_only_with_it() {
        let archive = b"PK\x03\x04 not really a zip, but bytes all the same".repeat(5000);
        let passphrase = ExportPassphrase::parse("correct horse battery staple".into()).unwrap();
        let file = encrypt(&archive, &passphrase, Vec::new()).unwrap();
        assert!(is_encrypted(&file));
        let right = SecretString::from("correct horse battery staple");
        assert_eq!(decrypt(&file, &right).unwrap(), archive);
        let wrong = SecretString::from("incorrect horse battery staple");
        assert!(matches!(
            decrypt(&file, &wrong),
            Err(DecryptError::WrongPassphrase)
        ));
        let truncated = &file[..file.len() - 100];
        assert!(matches!(
            decrypt(truncated, &right),
            Err(DecryptError::Damaged(_))
        ));
    }
}
