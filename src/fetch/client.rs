//! The Hugging Face API over HTTP: one day's list of papers (every page of it) or one paper,
//! with timeouts and retries, as raw JSON checked to be whole.
//!
//! Why retries live here and nowhere else: the network fails in a few ways that a later try
//! fixes (a refused or dropped connection, a timeout, a 5xx, a 429 asking to come back later),
//! and in ways that it does not (a 404, a body that is not JSON). The first are retried with
//! backoff, at most [`Network::tries`] times a request, honouring `Retry-After`; the second are
//! reported at once. When the endpoint cannot be reached at all, [`Unreachable`] says so, so the
//! command can stop before committing anything and exit with its own code.

use std::time::Duration;

use serde_json::Value;

/// Entries asked for per request; a page holding this many means there may be another.
pub const PAGE_SIZE: usize = 100;
/// Most pages read for one day: a day has a few dozen papers, so more is a server gone wrong.
const MOST_PAGES: usize = 50;
/// Largest body accepted for one page.
const LARGEST_BODY_BYTES: u64 = 64 << 20;
/// Longest wait between tries, whatever `Retry-After` asks for.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// How to reach the API.
#[derive(Debug, Clone)]
pub struct Network {
    /// `https://huggingface.co`, or a mirror (`--endpoint`, `HF_ENDPOINT`), without a trailing `/`.
    pub endpoint: String,
    /// Sent as a bearer token when set (`HF_TOKEN`).
    pub token: Option<String>,
    pub connect_timeout: Duration,
    pub read_timeout: Duration,
    /// Most tries per request (1 means no retry).
    pub tries: u32,
    /// The wait before the second try; it doubles for each try after.
    pub first_backoff: Duration,
}

/// The endpoint could not be reached: nothing answered, or it stopped answering.
#[derive(Debug)]
pub struct Unreachable {
    pub endpoint: String,
    pub cause: String,
    /// What that means for the command (what was saved, what was not).
    pub then: String,
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot reach {}: {}", self.endpoint, self.cause)?;
        if !self.then.is_empty() {
            write!(f, "; {}", self.then)?;
        }
        Ok(())
    }
}

impl std::error::Error for Unreachable {}

/// Why one request gave nothing to keep.
#[derive(Debug)]
pub enum FetchError {
    /// Nothing answered (after every try): the whole pull stops.
    Unreachable(Unreachable),
    /// The server answered, but not with the list: an HTTP error, a body that is not whole JSON.
    Failed(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Unreachable(unreachable) => unreachable.fmt(f),
            FetchError::Failed(reason) => f.write_str(reason),
        }
    }
}

/// Told what failed and how long the wait before the next try is.
pub type OnRetry = Box<dyn Fn(&str, Duration)>;

/// A client for the API's daily list and paper pages.
pub struct ApiClient {
    agent: ureq::Agent,
    network: Network,
    /// Called before each wait between tries, with what failed and how long the wait is.
    on_retry: OnRetry,
}

impl ApiClient {
    pub fn new(network: Network, on_retry: OnRetry) -> ApiClient {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(network.connect_timeout))
            .timeout_recv_response(Some(network.read_timeout))
            .timeout_recv_body(Some(network.read_timeout))
            .http_status_as_error(false)
            .user_agent(format!("papers/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        ApiClient {
            agent,
            network,
            on_retry,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.network.endpoint
    }

    /// Every entry of the daily list of `date` (`YYYY-MM-DD`), all pages in order, as one JSON
    /// array. An empty array is a day with no papers (yet).
    pub fn daily_papers(&self, date: &str) -> Result<Vec<Value>, FetchError> {
        let mut entries = Vec::new();
        for page in 0..MOST_PAGES {
            let url = format!(
                "{}/api/daily_papers?date={date}&limit={PAGE_SIZE}&p={page}",
                self.network.endpoint
            );
            let body = self.get_json(&url)?;
            let Value::Array(items) = body else {
                return Err(FetchError::Failed(format!(
                    "{url} answered with JSON that is not a list of papers"
                )));
            };
            let full = items.len() >= PAGE_SIZE;
            entries.extend(items);
            if !full {
                return Ok(entries);
            }
        }
        Err(FetchError::Failed(format!(
            "the list of {date} ran over {MOST_PAGES} pages of {PAGE_SIZE}; stopped"
        )))
    }

    /// One paper's page by arXiv id: `None` when the API does not know it.
    pub fn paper(&self, arxiv_id: &str) -> Result<Option<Value>, FetchError> {
        let url = format!("{}/api/papers/{arxiv_id}", self.network.endpoint);
        match self.get_json(&url) {
            Err(FetchError::Failed(reason)) if reason.ends_with(NOT_FOUND) => Ok(None),
            Err(error) => Err(error),
            Ok(Value::Object(object)) => Ok(Some(Value::Object(object))),
            Ok(_) => Err(FetchError::Failed(format!(
                "{url} answered with JSON that is not a paper"
            ))),
        }
    }

    /// GETs `url` and reads its body as JSON, retrying what a later try may fix.
    fn get_json(&self, url: &str) -> Result<Value, FetchError> {
        let mut wait = self.network.first_backoff;
        let tries = self.network.tries.max(1);
        for attempt in 1..=tries {
            let last = attempt == tries;
            let outcome = self.get_once(url);
            let (problem, asked_wait) = match outcome {
                Attempt::Done(value) => return Ok(value),
                Attempt::Fatal(reason) => return Err(FetchError::Failed(reason)),
                Attempt::Retry { problem, retry_after } if !last => (problem, retry_after),
                Attempt::Retry { problem, .. } => {
                    return Err(FetchError::Failed(format!("{problem} ({tries} tries)")));
                }
                Attempt::NoAnswer(cause) if last => {
                    return Err(FetchError::Unreachable(Unreachable {
                        endpoint: self.network.endpoint.clone(),
                        cause: format!("{cause} ({tries} tries)"),
                        then: String::new(),
                    }));
                }
                Attempt::NoAnswer(cause) => (format!("{url}: {cause}"), None),
            };
            let this_wait = asked_wait.unwrap_or(wait).min(LONGEST_WAIT);
            (self.on_retry)(&problem, this_wait);
            std::thread::sleep(this_wait);
            wait = (wait * 2).min(LONGEST_WAIT);
        }
        unreachable!("the last try returns")
    }

    fn get_once(&self, url: &str) -> Attempt {
        let mut request = self.agent.get(url).header("Accept", "application/json");
        if let Some(token) = &self.network.token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let mut response = match request.call() {
            Ok(response) => response,
            Err(error) => return Attempt::from_transport(error),
        };
        let status = response.status().as_u16();
        if status == 429 || (500..=599).contains(&status) {
            let retry_after = response
                .headers()
                .get("retry-after")
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            return Attempt::Retry {
                problem: format!("{url} answered HTTP {status}"),
                retry_after,
            };
        }
        if status == 404 {
            return Attempt::Fatal(format!("{url} answered HTTP 404{NOT_FOUND}"));
        }
        if status == 401 || status == 403 {
            return Attempt::Fatal(format!(
                "{url} answered HTTP {status}: the token in HF_TOKEN is refused, or one is needed"
            ));
        }
        if !(200..=299).contains(&status) {
            return Attempt::Fatal(format!("{url} answered HTTP {status}"));
        }
        let body = match response
            .body_mut()
            .with_config()
            .limit(LARGEST_BODY_BYTES)
            .read_to_vec()
        {
            Ok(body) => body,
            // The connection broke or stalled mid-body: worth another try.
            Err(error) => match Attempt::from_transport(error) {
                Attempt::NoAnswer(cause) => {
                    return Attempt::Retry {
                        problem: format!("{url}: the answer broke off ({cause})"),
                        retry_after: None,
                    }
                }
                other => return other,
            },
        };
        match serde_json::from_slice::<Value>(&body) {
            Ok(value) => Attempt::Done(value),
            Err(error) if error.is_eof() => Attempt::Retry {
                problem: format!("{url} answered with JSON cut off after {} bytes", body.len()),
                retry_after: None,
            },
            Err(error) => Attempt::Fatal(format!("{url} answered with malformed JSON: {error}")),
        }
    }
}

/// Ends the reason for a 404, so callers asking for one paper can tell "unknown" apart.
const NOT_FOUND: &str = " (not found)";

enum Attempt {
    Done(Value),
    /// The server answered something a later try may fix.
    Retry {
        problem: String,
        retry_after: Option<Duration>,
    },
    /// Nothing answered: refused, unresolvable, timed out.
    NoAnswer(String),
    /// An answer no retry will change.
    Fatal(String),
}

impl Attempt {
    fn from_transport(error: ureq::Error) -> Attempt {
        match error {
            ureq::Error::Timeout(what) => Attempt::NoAnswer(format!("timed out ({what})")),
            ureq::Error::HostNotFound => Attempt::NoAnswer("the host name does not resolve".to_string()),
            ureq::Error::ConnectionFailed => Attempt::NoAnswer("the connection failed".to_string()),
            ureq::Error::Io(io) => Attempt::NoAnswer(io_cause(&io)),
            ureq::Error::BodyExceedsLimit(limit) => {
                Attempt::Fatal(format!("the answer is larger than {} MiB", limit >> 20))
            }
            ureq::Error::BadUri(uri) => Attempt::Fatal(format!("'{uri}' is not a valid address")),
            other => Attempt::NoAnswer(other.to_string()),
        }
    }
}

fn io_cause(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::ConnectionRefused => "connection refused".to_string(),
        ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => "the connection was reset".to_string(),
        ErrorKind::TimedOut | ErrorKind::WouldBlock => "timed out".to_string(),
        ErrorKind::UnexpectedEof => "the connection closed early".to_string(),
        _ => error.to_string(),
    }
}
