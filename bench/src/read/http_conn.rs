//! A lean HTTP/1.1 keep-alive client on one TCP connection, as load generators such as
//! wrk use: at thousands of requests/s on two cores, a general-purpose client's own CPU
//! (pooling, URL parsing, header maps, timeouts) would take much of what the services
//! under test need and cap the figures at the client's limit instead of theirs (with
//! reqwest, the bench spent more CPU per `/healthz` than the api did). The request is
//! written in one piece; the answer is read completely (status line, headers, a
//! `Content-Length` or chunked body) so the connection stays in sync, and the
//! connection is re-opened when the server closes it.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Longest wait for a whole answer.
const TIMEOUT: Duration = Duration::from_secs(30);

/// One keep-alive connection to `addr`.
pub struct HttpConnection {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
    line: Vec<u8>,
    body: Vec<u8>,
}

/// The status and body of an answer.
pub struct Answer<'a> {
    pub status: u16,
    pub body: &'a [u8],
}

impl HttpConnection {
    /// A connection to `base_url` (`http://127.0.0.1:PORT`), opened on first use.
    pub fn new(base_url: &str) -> anyhow::Result<HttpConnection> {
        let authority = base_url
            .strip_prefix("http://")
            .ok_or_else(|| anyhow::anyhow!("{base_url}: only http:// URLs are supported"))?;
        Ok(HttpConnection {
            addr: authority.parse()?,
            stream: None,
            line: Vec::with_capacity(256),
            body: Vec::with_capacity(64 * 1024),
        })
    }

    /// `GET path`; the answer borrows the connection's buffer.
    pub async fn get(&mut self, path: &str) -> Result<Answer<'_>, String> {
        self.request("GET", path, None).await
    }

    /// `POST path` with a JSON body; the answer borrows the connection's buffer.
    pub async fn post_json(&mut self, path: &str, body: &[u8]) -> Result<Answer<'_>, String> {
        self.request("POST", path, Some(body)).await
    }

    /// Sends a request and reads its answer. A kept-alive connection that turns out
    /// closed is re-opened once, for idempotent requests only.
    async fn request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
    ) -> Result<Answer<'_>, String> {
        let reused = self.stream.is_some();
        let mut outcome = tokio::time::timeout(TIMEOUT, self.exchange(method, path, body)).await;
        if reused && body.is_none() && matches!(outcome, Ok(Err(_))) {
            self.stream = None;
            outcome = tokio::time::timeout(TIMEOUT, self.exchange(method, path, body)).await;
        }
        match outcome {
            Ok(Ok((status, keep_alive))) => {
                if !keep_alive {
                    self.stream = None;
                }
                Ok(Answer {
                    status,
                    body: &self.body,
                })
            }
            Ok(Err(e)) => {
                self.stream = None;
                Err(format!("{method} {path}: {e}"))
            }
            Err(_) => {
                self.stream = None;
                Err(format!(
                    "{method} {path}: no answer within {} s",
                    TIMEOUT.as_secs()
                ))
            }
        }
    }

    /// Sends the request and reads the answer into `self.body`: (status, keep-alive).
    async fn exchange(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
    ) -> std::io::Result<(u16, bool)> {
        let stream = match self.stream.take() {
            Some(stream) => stream,
            None => {
                let stream = TcpStream::connect(self.addr).await?;
                stream.set_nodelay(true)?;
                BufReader::with_capacity(64 * 1024, stream)
            }
        };
        let stream = self.stream.insert(stream);
        let mut request =
            format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr).into_bytes();
        if let Some(body) = body {
            let headers = format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            );
            request.extend_from_slice(headers.as_bytes());
        }
        request.extend_from_slice(b"\r\n");
        request.extend_from_slice(body.unwrap_or_default());
        stream.get_mut().write_all(&request).await?;
        let status = read_head(stream, &mut self.line).await?;
        self.body.clear();
        match status.length {
            Length::Fixed(n) => {
                self.body.resize(n, 0);
                stream.read_exact(&mut self.body).await?;
            }
            Length::Chunked => read_chunks(stream, &mut self.line, &mut self.body).await?,
        }
        Ok((status.code, status.keep_alive))
    }
}

/// How the body's end is marked.
enum Length {
    Fixed(usize),
    Chunked,
}

/// What the status line and headers said.
struct Head {
    code: u16,
    length: Length,
    keep_alive: bool,
}

async fn read_head(stream: &mut BufReader<TcpStream>, line: &mut Vec<u8>) -> std::io::Result<Head> {
    read_line(stream, line).await?;
    let code = std::str::from_utf8(line)
        .ok()
        .and_then(|l| l.strip_prefix("HTTP/1.1 "))
        .and_then(|l| l.get(..3)?.parse().ok())
        .ok_or_else(|| {
            invalid(format!(
                "bad status line {:?}",
                String::from_utf8_lossy(line)
            ))
        })?;
    let mut head = Head {
        code,
        length: Length::Fixed(0),
        keep_alive: true,
    };
    loop {
        read_line(stream, line).await?;
        if line.as_slice() == b"\r\n" {
            return Ok(head);
        }
        let text = String::from_utf8_lossy(line).to_ascii_lowercase();
        let Some((name, value)) = text.split_once(':') else {
            continue;
        };
        match (name.trim(), value.trim()) {
            ("content-length", n) => {
                head.length = Length::Fixed(n.parse().map_err(|_| invalid("bad content-length"))?);
            }
            ("transfer-encoding", v) if v.contains("chunked") => head.length = Length::Chunked,
            ("connection", "close") => head.keep_alive = false,
            _ => {}
        }
    }
}

async fn read_chunks(
    stream: &mut BufReader<TcpStream>,
    line: &mut Vec<u8>,
    body: &mut Vec<u8>,
) -> std::io::Result<()> {
    loop {
        read_line(stream, line).await?;
        let size = std::str::from_utf8(line)
            .ok()
            .and_then(|l| usize::from_str_radix(l.trim().split(';').next()?, 16).ok())
            .ok_or_else(|| invalid("bad chunk size"))?;
        if size == 0 {
            // Trailers, if any, end with an empty line.
            loop {
                read_line(stream, line).await?;
                if line.as_slice() == b"\r\n" {
                    return Ok(());
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        stream.read_exact(&mut body[start..]).await?;
        read_line(stream, line).await?;
    }
}

async fn read_line(stream: &mut BufReader<TcpStream>, line: &mut Vec<u8>) -> std::io::Result<()> {
    line.clear();
    if stream.read_until(b'\n', line).await? == 0 {
        return Err(std::io::Error::new(
            std::io::ErrorKind::UnexpectedEof,
            "the server closed the connection",
        ));
    }
    Ok(())
}

fn invalid(why: impl Into<String>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, why.into())
}
