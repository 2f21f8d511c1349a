//! A stand-in for the Hugging Face API on 127.0.0.1, std only: each request is answered by a
//! closure of the test (recorded responses, errors, a body cut short, silence), and every request
//! is logged with its headers so tests can check what `papers pull` asked for.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server does with one request.
pub enum Reply {
    /// A status, extra headers and a body, sent whole.
    Send(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// A 200 whose `Content-Length` promises more than is sent before the connection closes.
    CutShort(Vec<u8>),
    /// Reads the request and says nothing for this long.
    Silence(Duration),
}

impl Reply {
    pub fn json(body: impl Into<Vec<u8>>) -> Reply {
        Reply::Send(200, Vec::new(), body.into())
    }

    pub fn status(code: u16) -> Reply {
        Reply::Send(code, Vec::new(), b"{\"error\":\"test\"}".to_vec())
    }
}

/// One request as received: its path with the query, and its headers (names in lower case).
#[derive(Debug, Clone)]
pub struct Request {
    pub target: String,
    pub headers: HashMap<String, String>,
}

pub struct ApiServer {
    pub endpoint: String,
    log: Arc<Mutex<Vec<Request>>>,
}

type Handler = dyn Fn(&str, usize) -> Reply + Send + Sync;

impl ApiServer {
    /// Serves `handler(target, tries)`, where `tries` counts earlier requests for the same target.
    pub fn start(handler: impl Fn(&str, usize) -> Reply + Send + Sync + 'static) -> ApiServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        let log: Arc<Mutex<Vec<Request>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let server_log = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (log, handler) = (server_log.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        ApiServer { endpoint, log }
    }

    /// The requests received so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    pub fn targets(&self) -> Vec<String> {
        self.requests().into_iter().map(|request| request.target).collect()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).unwrap_or(0) == 0 {
        return;
    }
    let target = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    let tries = {
        let mut log = log.lock().unwrap();
        let tries = log.iter().filter(|request| request.target == target).count();
        log.push(Request {
            target: target.clone(),
            headers,
        });
        tries
    };
    let mut stream = stream;
    match handler(&target, tries) {
        Reply::Send(code, extra, body) => {
            let mut head = format!(
                "HTTP/1.1 {code} Test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
                body.len()
            );
            for (name, value) in extra {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::CutShort(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len() * 2
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        Reply::Silence(time) => std::thread::sleep(time),
    }
    let _ = stream.flush();
}
