//! External recommenders, the way INCEpTION and Label Studio plug in a model: a command run with
//! the article on its standard input, answering on its standard output, or a local server
//! (`http://127.0.0.1:PORT/…`) sent the same JSON in a POST and answering in its body. JSON in — the text, the
//! schema's entity types, the language — and spans out, each with a type, a score and maybe a
//! knowledge-base id. A recommender that takes too long is stopped; one that fails or answers
//! something else is reported with what was wrong, and nothing is suggested from it.
//!
//! In: `{"text": "…", "types": ["Person", …], "language": "en"}`.
//! Out: `[{"start": 0, "end": 12, "type": "PERSON", "score": 0.93, "kb_id": "Q1"}, …]` —
//! `start`/`end` in chars (Unicode scalar values) of the text, as everywhere in Dossier, or an
//! object with that list under `"spans"`.

use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A recommender the analyst added: a name (shown as the suggestions' source) and a command
/// line (the program and its arguments, split on white space; quotes keep words together) or
/// the address of a server (`http://…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommender {
    pub name: String,
    pub command: String,
}

/// What a recommender is sent.
#[derive(Debug, Serialize)]
pub struct Request<'a> {
    pub text: &'a str,
    pub types: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<&'a str>,
}

/// One span a recommender found.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    #[serde(rename = "type")]
    pub entity_type: String,
    #[serde(default = "one")]
    pub score: f32,
    #[serde(default)]
    pub kb_id: Option<String>,
}

fn one() -> f32 {
    1.0
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Answer {
    List(Vec<Found>),
    Spans { spans: Vec<Found> },
}

/// How long a recommender may take before it is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);

/// The words of a command line: split on white space, "double" or 'single' quotes keeping a
/// word with spaces together.
pub fn split_command(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// Run `r` on `request`, stopping it after `limit`. The spans it found, or what went wrong, in
/// words for the analyst ("… did not answer within 30 s", "… answered something that is not
/// JSON: line 1, column 2: …").
pub fn run(r: &Recommender, request: &Request<'_>, limit: Duration) -> Result<Vec<Found>, String> {
    let name = &r.name;
    let address = r.command.trim();
    if is_address(address) {
        return ask_server(name, address, request, limit);
    }
    let words = split_command(&r.command);
    let Some((program, args)) = words.split_first() else {
        return Err(format!("{name}: no command is set"));
    };
    let input = serde_json::to_vec(request).map_err(|e| format!("{name}: {e}"))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name}: could not start {program}: {e}"))?;
    // Written and read on threads of their own, so that a big article cannot fill a pipe and
    // stall both sides.
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let mut stderr = child.stderr.take();
    let errors = std::thread::spawn(move || {
        let mut buf = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut buf);
        }
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name} did not answer within {} and was stopped",
                    seconds(limit)
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(format!("{name}: {e}")),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = errors.join().unwrap_or_default();
    if !status.success() {
        let last = err
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        return Err(format!("{name} failed ({status}): {last}"));
    }
    parse(name, &out)
}

/// "30 s", "0.3 s".
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 && s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

/// Whether a recommender's command is a server's address rather than a program.
pub fn is_address(command: &str) -> bool {
    let c = command.trim().to_ascii_lowercase();
    c.starts_with("http://") || c.starts_with("https://")
}

/// Answers bigger than this are refused (a span list for a 10 MB article is far smaller).
const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

/// POST `request` as JSON to `address` and read the spans from the answer's body.
fn ask_server(
    name: &str,
    address: &str,
    request: &Request<'_>,
    limit: Duration,
) -> Result<Vec<Found>, String> {
    if address.to_ascii_lowercase().starts_with("https://") {
        // The article goes to a server of the analyst's own: Dossier speaks plain HTTP to it
        // (on this machine or the local network), and carries no TLS stack for that.
        return Err(format!(
            "{name}: only http:// addresses are supported (a server on this machine or your              network), not {address}"
        ));
    }
    let input = serde_json::to_vec(request).map_err(|e| format!("{name}: {e}"))?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limit))
        .http_status_as_error(false)
        .build()
        .into();
    let answer = agent
        .post(address)
        .header("Content-Type", "application/json")
        .send(&input[..]);
    let mut answer = match answer {
        Ok(a) => a,
        Err(ureq::Error::Timeout(_)) => {
            return Err(format!("{name} did not answer within {}", seconds(limit)));
        }
        Err(e) => return Err(format!("{name}: could not reach {address}: {e}")),
    };
    let status = answer.status();
    let body = answer
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|e| format!("{name}: the answer from {address} could not be read: {e}"))?;
    if !status.is_success() {
        let first = String::from_utf8_lossy(&body);
        let first = first.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(format!("{name} answered HTTP {status}: {first}"));
    }
    parse(name, &body)
}

/// A recommender's answer read, or what is wrong with it and where.
pub fn parse(name: &str, out: &[u8]) -> Result<Vec<Found>, String> {
    match serde_json::from_slice::<Answer>(out) {
        Ok(Answer::List(v) | Answer::Spans { spans: v }) => Ok(v),
        Err(e) => {
            let text = String::from_utf8_lossy(out);
            let start: String = text.trim().chars().take(60).collect();
            Err(format!(
                "{name} answered something that is not a list of spans (line {}, column {}: {e}); it began: {start:?}",
                e.line(),
                e.column()
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_on_spaces_and_keep_quoted_words() {
        assert_eq!(
            split_command(r#"python3 "my dir/rec.py" --model 'en core'"#),
            ["python3", "my dir/rec.py", "--model", "en core"]
        );
        assert!(split_command("   ").is_empty());
    }

    #[test]
    fn an_answer_is_a_list_or_an_object_with_spans_and_anything_else_says_where() {
        let v = parse("r", br#"[{"start":0,"end":3,"type":"PER"}]"#).unwrap();
        assert_eq!(v[0].score, 1.0);
        let v = parse(
            "r",
            br#"{"spans":[{"start":1,"end":2,"type":"LOC","score":0.5}]}"#,
        )
        .unwrap();
        assert_eq!(v[0].entity_type, "LOC");
        let e = parse("r", b"Traceback (most recent call last)").unwrap_err();
        assert!(
            e.contains("line 1, column 1") && e.contains("Traceback"),
            "{e}"
        );
    }

    /// A one-shot HTTP server on a free loopback port: it reads a request, waits `delay`, answers
    /// `status` with `body`, and hands back what it was sent.
    fn server(
        status: &'static str,
        body: &'static str,
        delay: Duration,
    ) -> (String, std::thread::JoinHandle<String>) {
        use std::io::BufRead;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}/recommend", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
                if line.trim().is_empty() {
                    break;
                }
            }
            let mut sent = vec![0; length];
            reader.read_exact(&mut sent).unwrap();
            std::thread::sleep(delay);
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            String::from_utf8(sent).unwrap()
        });
        (address, handle)
    }

    fn ask(address: &str, limit: Duration) -> Result<Vec<Found>, String> {
        let r = Recommender {
            name: "srv".into(),
            command: address.into(),
        };
        let request = Request {
            text: "Ana Díaz in Oslo",
            types: vec!["Person", "GPE"],
            language: Some("en"),
        };
        run(&r, &request, limit)
    }

    #[test]
    fn a_local_server_is_sent_the_article_and_its_failures_say_what_went_wrong() {
        let (address, sent) = server(
            "200 OK",
            r#"[{"start":0,"end":8,"type":"PERSON","score":0.9}]"#,
            Duration::ZERO,
        );
        let v = ask(&address, TIME_LIMIT).unwrap();
        assert_eq!(
            (v[0].start, v[0].end, v[0].entity_type.as_str()),
            (0, 8, "PERSON")
        );
        let sent: serde_json::Value = serde_json::from_str(&sent.join().unwrap()).unwrap();
        assert_eq!(sent["text"], "Ana Díaz in Oslo");
        assert_eq!(sent["types"][1], "GPE");

        let (address, _) = server(
            "500 Internal Server Error",
            "model not loaded",
            Duration::ZERO,
        );
        let e = ask(&address, TIME_LIMIT).unwrap_err();
        assert!(
            e.starts_with("srv answered HTTP 500") && e.contains("model not loaded"),
            "{e}"
        );

        let (address, _) = server("200 OK", "<html>hello</html>", Duration::ZERO);
        let e = ask(&address, TIME_LIMIT).unwrap_err();
        assert!(e.contains("line 1, column 1"), "{e}");

        let (address, _) = server("200 OK", "[]", Duration::from_millis(1500));
        let e = ask(&address, Duration::from_millis(300)).unwrap_err();
        assert!(e.contains("did not answer within"), "{e}");

        // Nothing listens there any more.
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}/", l.local_addr().unwrap())
        };
        let e = ask(&closed, TIME_LIMIT).unwrap_err();
        assert!(
            e.starts_with(&format!("srv: could not reach {closed}")),
            "{e}"
        );

        let e = ask("https://example.org/ner", TIME_LIMIT).unwrap_err();
        assert!(e.contains("only http:// addresses"), "{e}");
    }
}
