//! A load run of `chiso serve` (a bench, never part of `cargo test`): unit
//! officers each save one criterion of their unit at the same moment,
//! through the real HTTP routes (login form, CSRF token, the card's `base`),
//! against the `chiso` binary serving a scratch workspace on loopback.
//! Afterwards it checks that no write was lost: every accepted save is in
//! the answer files, `chiso score` gives the totals and indices the answers
//! showed, the audit log has one record per accepted save and its chain holds.
//!
//! `scripts/serve-load.sh` builds the release binaries and runs it; by hand:
//!
//! ```sh
//! cargo build --release --bin chiso --example serve_load
//! target/release/examples/serve_load [--chiso target/release/chiso] [--officers 300]
//!     [--units 300 | --sample] [--pairs 10] [--spread SECONDS] [--sequential]
//! ```
//!
//! The workspace is synthetic (`--units` units, criteria of the bundled 2024
//! sample), or `--sample`: the bundled 2025 sample with several officers per
//! unit, each on a criterion of its own. `--pairs` pairs of officers save the
//! same criterion from the same page (exactly one of each pair must get 409).
//! `--spread` starts the saves evenly over that many seconds instead of all
//! at once; `--sequential` saves one after another (the cost of one save).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use rust_decimal::Decimal;

use chiso::model::{AnswerValue, AssessedBy, Method};

const PASSWORD: &str = "mat-khau-tai-thu";

struct Args {
    chiso: PathBuf,
    officers: usize,
    units: usize,
    sample: bool,
    pairs: usize,
    spread: f64,
    sequential: bool,
}

fn args() -> Args {
    let mut a = Args {
        chiso: std::env::current_exe()
            .ok()
            .and_then(|p| Some(p.parent()?.parent()?.join("chiso")))
            .unwrap_or_else(|| PathBuf::from("chiso")),
        officers: 300,
        units: 300,
        sample: false,
        pairs: 10,
        spread: 0.0,
        sequential: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage(&flag));
        match flag.as_str() {
            "--chiso" => a.chiso = PathBuf::from(value()),
            "--officers" => a.officers = value().parse().unwrap_or_else(|_| usage("--officers")),
            "--units" => a.units = value().parse().unwrap_or_else(|_| usage("--units")),
            "--pairs" => a.pairs = value().parse().unwrap_or_else(|_| usage("--pairs")),
            "--spread" => a.spread = value().parse().unwrap_or_else(|_| usage("--spread")),
            "--sample" => a.sample = true,
            "--sequential" => a.sequential = true,
            _ => usage(&flag),
        }
    }
    a
}

fn usage(flag: &str) -> ! {
    eprintln!(
        "serve_load: bad argument {flag}\nusage: serve_load [--chiso PATH] [--officers N] \
         [--units N | --sample] [--pairs N] [--spread SECONDS] [--sequential]"
    );
    std::process::exit(2);
}

/// One officer's save: which unit and criterion, the value typed, and the
/// entry's other fields as the page shows them (kept as they are).
#[derive(Clone)]
struct Plan {
    user: String,
    unit: String,
    code: String,
    node: usize,
    value: Decimal,
    evidence: String,
    note: String,
    /// The pair it belongs to (two officers, one criterion, one base).
    pair: Option<usize>,
}

/// What the server answered to a save.
struct Outcome {
    plan: Plan,
    status: StatusCode,
    took: Duration,
    /// The card's points, the unit's total and index, as shown.
    points: Option<String>,
    total: Option<String>,
    index: Option<String>,
}

fn main() {
    let a = args();
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let root = scratch.path().to_path_buf();
    let year = prepare(&root, &a);
    let plans = plan(&root, year, &a);
    eprintln!(
        "serve_load: {} officers on {} units of {} (workspace {})",
        plans.len(),
        plans
            .iter()
            .map(|p| p.unit.as_str())
            .collect::<std::collections::HashSet<_>>()
            .len(),
        year,
        root.display()
    );
    add_accounts(&a.chiso, &root, &plans);
    let port = free_port();
    let mut server = start(&a.chiso, &root, port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let run = runtime.block_on(run(port, year, plans, &a));
    let _ = server.kill();
    let _ = server.wait();
    let (outcomes, wall) = match run {
        Ok(r) => r,
        Err(e) => {
            eprintln!("serve_load: {e}");
            std::process::exit(1);
        }
    };
    report(&outcomes, wall);
    let problems = verify(&a.chiso, &root, year, &outcomes);
    if problems.is_empty() {
        println!(
            "verified: every accepted save is in its file, `chiso score` shows the totals \
             and indices the answers showed, one audit record per accepted save, chain intact"
        );
    } else {
        for p in &problems {
            println!("LOST OR WRONG: {p}");
        }
        std::process::exit(1);
    }
}

/// The scratch workspace, open for self-assessment: no `submitted`, no
/// schedule. Returns its year.
fn prepare(root: &Path, a: &Args) -> i64 {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let year = if a.sample {
        for dir in ["criteria", "scores"] {
            copy_dir(&source.join(dir), &root.join(dir)).expect("copy the sample");
        }
        2025
    } else {
        chiso::synth::generate(source, 2024, root, a.units, 42).expect("a synthetic workspace");
        2024
    };
    let _ = std::fs::remove_file(chiso::load::scores_dir(root, year).join("workflow.toml"));
    let self_dir = chiso::load::scores_dir(root, year).join("self");
    for f in std::fs::read_dir(&self_dir).expect("self folder") {
        let path = f.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("a self-assessment");
        let open: String = text
            .lines()
            .filter(|l| !l.starts_with("submitted"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, open).expect("write");
    }
    year
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// Who saves what: officers spread over the units that have criteria with
/// points to type; each officer of a unit on a criterion of its own, except
/// the pairs, which share one.
fn plan(root: &Path, year: i64, a: &Args) -> Vec<Plan> {
    let ws = chiso::load::load_workspace(root, year).expect("the workspace loads");
    /// A criterion with points to type, and its entry as the file has it.
    struct Choice {
        code: String,
        node: usize,
        max: Decimal,
        step: Decimal,
        current: Option<Decimal>,
        evidence: String,
        note: String,
    }
    struct Unit {
        code: String,
        criteria: Vec<Choice>,
    }
    let mut units = Vec::new();
    for u in &ws.units {
        let Some(scheme) = ws.scheme_of(u) else {
            continue;
        };
        let own = ws.self_assessments.get(&u.code);
        let criteria: Vec<_> = scheme
            .leaves()
            .filter(|(_, c)| c.assessed_by == AssessedBy::Unit)
            .filter(|(_, c)| matches!(c.method, Some(Method::Manual)))
            .filter(|(_, c)| c.step > Decimal::ZERO && c.max >= c.step)
            .filter_map(|(node, c)| {
                let entry = own.and_then(|s| s.entries.get(node));
                let current = match entry.and_then(|e| e.answer.as_ref()).map(|a| &a.value) {
                    None => None,
                    Some(AnswerValue::Points(p)) => Some(*p),
                    // Not applicable or another kind: left alone.
                    Some(_) => return None,
                };
                let evidence = entry.map_or(String::new(), |e| e.evidence.join("\n"));
                let note = entry
                    .and_then(|e| e.note.as_deref())
                    .unwrap_or_default()
                    .to_string();
                Some(Choice {
                    code: c.code.clone(),
                    node,
                    max: c.max,
                    step: c.step,
                    current,
                    evidence,
                    note,
                })
            })
            .collect();
        if !criteria.is_empty() {
            units.push(Unit {
                code: u.code.clone(),
                criteria,
            });
        }
    }
    assert!(!units.is_empty(), "no unit has a criterion with points");
    let mut plans = Vec::new();
    // Per unit, the next criterion nobody has taken.
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    let mut next_unit = 0;
    while plans.len() < a.officers {
        let pair = (i < a.pairs).then_some(i);
        let u = &units[next_unit % units.len()];
        next_unit += 1;
        let k = taken.entry(u.code.clone()).or_default();
        let Some(c) = u.criteria.get(*k) else {
            if next_unit > units.len() * 1000 {
                break;
            }
            continue;
        };
        *k += 1;
        let copies = if pair.is_some() { 2 } else { 1 };
        for copy in 0..copies {
            if plans.len() == a.officers {
                break;
            }
            plans.push(Plan {
                user: format!("can-bo-{}", plans.len() + 1),
                unit: u.code.clone(),
                code: c.code.clone(),
                node: c.node,
                value: value(c.max, c.step, c.current, plans.len() + copy),
                evidence: c.evidence.clone(),
                note: c.note.clone(),
                pair,
            });
        }
        i += 1;
    }
    plans
}

/// A value the criterion accepts (a multiple of its step, at most its max)
/// other than the current one, written without a three-digit fraction (which
/// a form refuses as maybe a thousands separator).
fn value(max: Decimal, step: Decimal, current: Option<Decimal>, seed: usize) -> Decimal {
    let n = u64::try_from((max / step).floor()).unwrap_or(0) + 1;
    (0..n)
        .map(|k| Decimal::from((seed as u64 + k) % n) * step)
        .find(|v| Some(*v) != current && v.normalize().scale() != 3 && *v <= max)
        .unwrap_or(Decimal::ZERO)
}

fn add_accounts(chiso: &Path, root: &Path, plans: &[Plan]) {
    let started = Instant::now();
    for p in plans {
        let mut child = Command::new(chiso)
            .arg("--root")
            .arg(root)
            .args(["user", "add", p.user.as_str(), "--role", "don_vi"])
            .args(["--unit", p.unit.as_str()])
            .arg("--password-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("chiso user add");
        writeln!(child.stdin.take().expect("stdin"), "{PASSWORD}").expect("password");
        assert!(
            child.wait().expect("chiso user add").success(),
            "chiso user add {}",
            p.user
        );
    }
    eprintln!(
        "serve_load: {} accounts made with `chiso user add` in {:.1} s",
        plans.len(),
        started.elapsed().as_secs_f64()
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start(chiso: &Path, root: &Path, port: u16) -> Child {
    Command::new(chiso)
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(["--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chiso serve")
}

type Http = Client<HttpConnector, Full<Bytes>>;

struct Site {
    http: Http,
    port: u16,
}

struct Reply {
    status: StatusCode,
    cookies: Vec<String>,
    body: String,
}

impl Site {
    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        cookie: &str,
        form: Option<&[(&str, &str)]>,
        htmx: bool,
    ) -> Result<Reply, String> {
        let mut r = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.origin()));
        if !cookie.is_empty() {
            r = r.header(header::COOKIE, cookie);
        }
        if htmx {
            r = r.header("hx-request", "true");
        }
        let body = match form {
            Some(fields) => {
                r = r
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ORIGIN, self.origin())
                    .header("sec-fetch-site", "same-origin");
                encode(fields)
            }
            None => String::new(),
        };
        let request = r
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| e.to_string())?;
        let response = self
            .http
            .request(request)
            .await
            .map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let cookies = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::to_string)
            .collect();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Reply {
            status,
            cookies,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// Logs in through the form; the session cookie.
    async fn log_in(&self, user: &str) -> Result<String, String> {
        let form = self.send("GET", "/dang-nhap", "", None, false).await?;
        let login_cookie = form
            .cookies
            .iter()
            .find(|c| c.starts_with("chiso_dang_nhap="))
            .ok_or("no login cookie")?
            .clone();
        let csrf = hidden(&form.body, "csrf").ok_or("no login token")?;
        let fields = [
            ("csrf", csrf.as_str()),
            ("tiep", "/"),
            ("ten_dang_nhap", user),
            ("mat_khau", PASSWORD),
        ];
        let done = self
            .send("POST", "/dang-nhap", &login_cookie, Some(&fields), false)
            .await?;
        if done.status != StatusCode::SEE_OTHER {
            return Err(format!("login of {user}: {}", done.status));
        }
        done.cookies
            .into_iter()
            .find(|c| c.starts_with("chiso_phien=") && c.len() > "chiso_phien=".len())
            .ok_or_else(|| format!("login of {user}: no session"))
    }
}

fn encode(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first hidden input `name` in `html`.
fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let rest = &html[html.find(&marker)? + marker.len()..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The text of the first element with `class`.
fn class_text(html: &str, class: &str) -> Option<String> {
    let rest = &html[html.find(&format!("class=\"{class}\""))?..];
    let rest = &rest[rest.find('>')? + 1..];
    Some(rest[..rest.find('<')?].to_string())
}

/// An officer ready to save: its session, the page's CSRF token and the
/// card's `base`.
struct Ready {
    plan: Plan,
    cookie: String,
    csrf: String,
    base: String,
}

async fn run(
    port: u16,
    year: i64,
    plans: Vec<Plan>,
    a: &Args,
) -> Result<(Vec<Outcome>, Duration), String> {
    let site = Arc::new(Site {
        http: Client::builder(TokioExecutor::new()).build_http(),
        port,
    });
    // Ready when /healthz says so.
    let mut waited = 0;
    while site
        .send("GET", "/healthz", "", None, false)
        .await
        .map(|r| r.status)
        != Ok(StatusCode::OK)
    {
        waited += 1;
        if waited > 300 {
            return Err("the server did not start".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Log in and open each unit's page (a few at a time: not measured).
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Semaphore::new(8));
    let mut tasks = Vec::new();
    for plan in plans {
        let (site, gate) = (Arc::clone(&site), Arc::clone(&gate));
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire().await.map_err(|e| e.to_string())?;
            let cookie = site.log_in(&plan.user).await?;
            let page = site
                .send(
                    "GET",
                    &format!("/{year}/don-vi/{}", plan.unit),
                    &cookie,
                    None,
                    false,
                )
                .await?;
            if page.status != StatusCode::OK {
                return Err(format!("{}'s page: {}", plan.unit, page.status));
            }
            let card = format!("id=\"tc-{}\"", plan.code.replace('.', "-"));
            let at = page.body.find(&card).ok_or("no card")?;
            let base = hidden(&page.body[at..], "base").ok_or("no base")?;
            let csrf = hidden(&page.body, "csrf").ok_or("no token")?;
            Ok::<_, String>(Ready {
                plan,
                cookie,
                csrf,
                base,
            })
        }));
    }
    let mut ready = Vec::new();
    for t in tasks {
        ready.push(t.await.map_err(|e| e.to_string())??);
    }
    eprintln!(
        "serve_load: {} officers logged in with their pages open in {:.1} s",
        ready.len(),
        started.elapsed().as_secs_f64()
    );
    // The saves: all at once (or spread, or one after another).
    let n = ready.len();
    let spread = a.spread;
    let started = Instant::now();
    let mut outcomes = Vec::new();
    if a.sequential {
        for r in ready {
            outcomes.push(save(&site, year, r).await?);
        }
    } else {
        let mut tasks = Vec::new();
        for (i, r) in ready.into_iter().enumerate() {
            let site = Arc::clone(&site);
            let delay = Duration::from_secs_f64(spread * i as f64 / n as f64);
            tasks.push(tokio::spawn(async move {
                tokio::time::sleep_until(tokio::time::Instant::from_std(started + delay)).await;
                save(&site, year, r).await
            }));
        }
        for t in tasks {
            outcomes.push(t.await.map_err(|e| e.to_string())??);
        }
    }
    Ok((outcomes, started.elapsed()))
}

async fn save(site: &Site, year: i64, r: Ready) -> Result<Outcome, String> {
    let value = r.plan.value.normalize().to_string();
    let fields = [
        ("csrf", r.csrf.as_str()),
        ("base", r.base.as_str()),
        ("diem", value.as_str()),
        ("tai_lieu", r.plan.evidence.as_str()),
        ("ghi_chu", r.plan.note.as_str()),
    ];
    let path = format!("/{year}/don-vi/{}/tieu-chi/{}", r.plan.unit, r.plan.code);
    let t = Instant::now();
    let reply = site
        .send("POST", &path, &r.cookie, Some(&fields), true)
        .await?;
    let took = t.elapsed();
    Ok(Outcome {
        status: reply.status,
        took,
        points: class_text(&reply.body, "self-points"),
        total: class_text(&reply.body, "total"),
        index: class_text(&reply.body, "index"),
        plan: r.plan,
    })
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let rank = (sorted.len() * p).div_ceil(100).max(1);
    sorted[rank - 1]
}

fn report(outcomes: &[Outcome], wall: Duration) {
    let mut took: Vec<Duration> = outcomes.iter().map(|o| o.took).collect();
    took.sort();
    let count = |s: StatusCode| outcomes.iter().filter(|o| o.status == s).count();
    let (ok, conflicts) = (count(StatusCode::OK), count(StatusCode::CONFLICT));
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "saves: {} ({} accepted, {} conflicts, {} other) in {:.2} s: {:.1} saves/s",
        outcomes.len(),
        ok,
        conflicts,
        outcomes.len() - ok - conflicts,
        wall.as_secs_f64(),
        outcomes.len() as f64 / wall.as_secs_f64()
    );
    if !took.is_empty() {
        println!(
            "latency per save: p50 {:.0} ms, p95 {:.0} ms, max {:.0} ms (mean {:.0} ms)",
            ms(percentile(&took, 50)),
            ms(percentile(&took, 95)),
            ms(*took.last().expect("not empty")),
            ms(took.iter().sum::<Duration>()) / took.len() as f64
        );
    }
}

/// A number as a page shows it (`89,84`, `1.234,5`), read back.
fn shown_number(text: &str) -> Option<Decimal> {
    let first = text.split('/').next()?.trim();
    first.replace('.', "").replace(',', ".").parse().ok()
}

/// Everything that must hold after the run; the problems found.
fn verify(chiso: &Path, root: &Path, year: i64, outcomes: &[Outcome]) -> Vec<String> {
    let mut problems = Vec::new();
    let accepted: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.status == StatusCode::OK)
        .collect();
    for o in outcomes {
        let expected = match o.plan.pair {
            Some(_) => [StatusCode::OK, StatusCode::CONFLICT].contains(&o.status),
            None => o.status == StatusCode::OK,
        };
        if !expected {
            problems.push(format!(
                "{} {}: answered {}",
                o.plan.unit, o.plan.code, o.status
            ));
        }
    }
    // Exactly one 409 per pair.
    let mut pairs: HashMap<usize, Vec<StatusCode>> = HashMap::new();
    for o in outcomes {
        if let Some(p) = o.plan.pair {
            pairs.entry(p).or_default().push(o.status);
        }
    }
    for (p, statuses) in &pairs {
        let conflicts = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        if statuses.len() == 2 && conflicts != 1 {
            problems.push(format!("pair {p}: {statuses:?}, not exactly one 409"));
        }
    }
    // Every accepted save is in its file, as the loader reads it.
    let ws = match chiso::load::load_workspace(root, year) {
        Ok(ws) => ws,
        Err(e) => return vec![format!("the workspace no longer loads: {e:?}")],
    };
    for o in &accepted {
        let stored = ws
            .self_assessments
            .get(&o.plan.unit)
            .and_then(|s| s.entries.get(o.plan.node))
            .and_then(|e| e.answer.as_ref())
            .map(|a| a.value.clone());
        if !matches!(stored, Some(AnswerValue::Points(p)) if p == o.plan.value) {
            problems.push(format!(
                "{} {}: saved {}, the file has {stored:?}",
                o.plan.unit, o.plan.code, o.plan.value
            ));
        }
        if o.points.as_deref().and_then(shown_number) != Some(o.plan.value) {
            problems.push(format!(
                "{} {}: saved {}, the card showed {:?}",
                o.plan.unit, o.plan.code, o.plan.value, o.points
            ));
        }
    }
    // `chiso score` gives what the answers showed: for each unit, the save
    // that was written last saw every other save of the unit, so one answer
    // shows the final total and index (the only answer, for most units).
    let out = Command::new(chiso)
        .arg("--root")
        .arg(root)
        .args(["score", &year.to_string(), "--format", "json"])
        .output()
        .expect("chiso score");
    let json: serde_json::Value = match serde_json::from_slice(&out.stdout) {
        Ok(j) => j,
        Err(e) => return vec![format!("chiso score --format json: {e}")],
    };
    let number = |v: &serde_json::Value| -> Option<Decimal> { v.to_string().parse().ok() };
    let mut scored: HashMap<String, (Option<Decimal>, Option<Decimal>)> = HashMap::new();
    for u in json["units"].as_array().into_iter().flatten() {
        let code = u["code"].as_str().unwrap_or_default().to_string();
        scored.insert(
            code,
            (number(&u["self"]["total"]), number(&u["self"]["index"])),
        );
    }
    let mut by_unit: HashMap<&str, Vec<&Outcome>> = HashMap::new();
    for o in &accepted {
        by_unit.entry(o.plan.unit.as_str()).or_default().push(*o);
    }
    for (unit, saves) in &by_unit {
        let Some((total, index)) = scored.get(*unit) else {
            problems.push(format!("{unit}: not in `chiso score`"));
            continue;
        };
        let shows = |o: &Outcome| {
            o.total
                .as_deref()
                .and_then(shown_number)
                .map(|d| d.normalize())
                == total.map(|d| d.normalize())
                && o.index
                    .as_deref()
                    .and_then(shown_number)
                    .map(|d| d.normalize())
                    == index.map(|d| d.normalize())
        };
        if !saves.iter().any(|o| shows(o)) {
            problems.push(format!(
                "{unit}: `chiso score` gives total {total:?}, index {index:?}; the answers showed {:?}",
                saves
                    .iter()
                    .map(|o| (o.total.clone(), o.index.clone()))
                    .collect::<Vec<_>>()
            ));
        }
    }
    // One audit record per accepted save, and the chain holds.
    let db = match chiso::server::db::Db::open(root) {
        Ok(db) => db,
        Err(e) => return vec![format!("server.db: {e}")],
    };
    let log = db.audit_log().unwrap_or_default();
    let saves: Vec<_> = log.iter().filter(|r| r.action == "luu").collect();
    if saves.len() != accepted.len() {
        problems.push(format!(
            "{} accepted saves, {} audit records",
            accepted.len(),
            saves.len()
        ));
    }
    for o in &accepted {
        let file = format!("scores/{year}/self/{}.toml", o.plan.unit);
        let records = saves
            .iter()
            .filter(|r| r.file == file && r.criterion.as_deref() == Some(o.plan.code.as_str()))
            .count();
        if records != 1 {
            problems.push(format!(
                "{} {}: {records} audit records",
                o.plan.unit, o.plan.code
            ));
        }
    }
    match db.audit_broken_at() {
        Ok(None) => {}
        Ok(Some(at)) => problems.push(format!("the audit chain breaks at record {at}")),
        Err(e) => problems.push(format!("audit chain: {e}")),
    }
    problems
}
