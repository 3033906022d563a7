//! A real browser drives the unit officer's season: Chromium (headless)
//! through chromedriver, against the built `chiso serve` on a loopback port.
//! Ignored by a plain `cargo test`: `.ci/run` installs Chromium and runs it
//! with `CHISO_BROWSER=1 cargo test --test tests browser:: -- --ignored`.
//! Screenshots are saved under `target/browser/` (the `web-*.png` of
//! single elements are those of the unit officer's guide).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use rust_decimal::Decimal;

use crate::common;

const PASSWORD: &str = "mat-khau-trinh-duyet";

/// A child process killed when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn chiso(root: &Path, args: &[&str], stdin: &str) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_chiso"))
        .arg("--root")
        .arg(root)
        .args(args)
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success(), "chiso {args:?}");
}

/// `chiso serve` on a free loopback port: the process and its address.
fn serve(root: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chiso"))
        .arg("--root")
        .arg(root)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(address.starts_with("http://127.0.0.1:"), "{line}");
    (Running(child), address)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn chromedriver() -> (Running, u16) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver (apt-get install chromium chromium-driver)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Running(child), port)
}

async fn browser(port: u16, profile: &Path, javascript: bool) -> Client {
    let mut options = serde_json::json!({
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            "--window-size=1280,1800",
            format!("--user-data-dir={}", profile.display()),
        ],
    });
    if !javascript {
        options["prefs"] = serde_json::json!({
            "profile.managed_default_content_settings.javascript": 2
        });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session")
}

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn screenshot(c: &Client, name: &str) {
    let png = c.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{name}.png")), png).unwrap();
}

async fn log_in(c: &Client, site: &str, name: &str) {
    c.goto(site).await.unwrap();
    c.find(Locator::Css("input[name=ten_dang_nhap]"))
        .await
        .unwrap()
        .send_keys(name)
        .await
        .unwrap();
    c.find(Locator::Css("input[name=mat_khau]"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Css("form.login button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// The self-assessed total the page shows (`89,73 / 96,25` → 89.73).
async fn total(c: &Client) -> Decimal {
    let text = c
        .find(Locator::Css("#tong-hop .total"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.split(" / ")
        .next()
        .unwrap()
        .replace(',', ".")
        .parse()
        .unwrap()
}

fn card(code: &str) -> String {
    format!("#tc-{}", code.replace('.', "-"))
}

/// Fills a card and saves it; with JavaScript the card is swapped in place
/// (its "Đã lưu." appears), without it the page reloads.
async fn save(c: &Client, code: &str, fill: &[(&str, &str)], javascript: bool) {
    let card = card(code);
    for (selector, value) in fill {
        let el = c
            .find(Locator::Css(&format!("{card} {selector}")))
            .await
            .unwrap();
        if value.is_empty() {
            el.click().await.unwrap();
        } else {
            el.clear().await.unwrap();
            el.send_keys(value).await.unwrap();
        }
    }
    c.find(Locator::Css(&format!("{card} button[type=submit]")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    if javascript {
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(&format!("{card} .saved")))
            .await
            .unwrap();
    } else {
        // Without JavaScript the save is a plain post and a redirect back to
        // the card, which only then is the address's fragment: this also
        // proves that JavaScript was really off.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let url = c.current_url().await.unwrap();
            if url.as_str().ends_with(&card) {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no redirect to {card}: {url}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css("#tong-hop"))
            .await
            .unwrap();
    }
}

/// SNV's sample answers, changed one method at a time; each change of the
/// total is computed by hand from the criteria of appendix pl1:
/// - 1.2.1 manual 0.75 → 0.5: −0.25;
/// - 1.3.1 yes_no Có → Không (0.5 points): −0.5;
/// - 1.1.1 choice "đến hết ngày 31/01" (1) → "sau ngày 31/01" (0.5): −0.5;
/// - 1.1.2 bands 24/24 = 100 % (1.5) → 20/24 = 83.3 % (0.75): −0.75.
async fn fill_every_method(c: &Client, javascript: bool, pass: &str) {
    let mut before = total(c).await;
    /// A criterion, the fields to fill (an empty value: click it), the change of the total.
    type Step = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
    );
    let steps: [Step; 4] = [
        ("1.2.1", &[("input[name=diem]", "0,5")], "-0.25"),
        ("1.3.1", &[("input[name=tra_loi][value=khong]", "")], "-0.5"),
        (
            "1.1.1",
            &[(
                "input[name=tra_loi][value='Ban hành sau ngày 31/01/2025']",
                "",
            )],
            "-0.5",
        ),
        (
            "1.1.2",
            &[("input[name='so_lieu.nv_hoan_thanh']", "20")],
            "-0.75",
        ),
    ];
    for (code, fill, change) in steps {
        save(c, code, fill, javascript).await;
        let after = total(c).await;
        assert_eq!(
            after - before,
            change.parse::<Decimal>().unwrap(),
            "{pass} {code}"
        );
        screenshot(c, &format!("{pass}-{code}")).await;
        before = after;
    }
}

/// A screenshot of one element (a card, the summary), for the guide's images.
async fn element_shot(c: &Client, selector: &str, name: &str) {
    let el = c.find(Locator::Css(selector)).await.unwrap();
    let png = el.screenshot().await.unwrap();
    std::fs::write(shots().join(format!("{name}.png")), png).unwrap();
}

/// A small PDF, as the unit would scan one.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

/// Uploads a PDF on a criterion's card and sees it listed there; with
/// JavaScript the card is swapped in place, without it the page reloads.
async fn upload_a_pdf(c: &Client, code: &str, dir: &Path, title: &str, pass: &str) {
    let file = dir.join(title);
    std::fs::write(&file, PDF).unwrap();
    let card = card(code);
    c.find(Locator::Css(&format!(
        "{card} form.upload input[type=file]"
    )))
    .await
    .unwrap()
    .send_keys(&file.display().to_string())
    .await
    .unwrap();
    c.find(Locator::Css(&format!("{card} form.upload button")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let link = c
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(&format!("{card} .attachments li a")))
        .await
        .unwrap();
    assert_eq!(link.text().await.unwrap(), title, "{pass}");
    let href = link.attr("href").await.unwrap().unwrap();
    assert!(href.ends_with(".pdf") && href.contains("/tep/"), "{href}");
    screenshot(c, &format!("{pass}-tep-{code}")).await;
}

async fn submit_and_see_it_locked(c: &Client, pass: &str) {
    c.find(Locator::Css("form.submit button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("p.readonly"))
        .await
        .unwrap();
    let status = c
        .find(Locator::Css("#tong-hop .status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(status, "Đã nộp");
    assert!(
        c.find(Locator::Css(".card fieldset[disabled]"))
            .await
            .is_ok()
    );
    assert!(c.find(Locator::Css("form.submit")).await.is_err());
    screenshot(c, &format!("{pass}-nop")).await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver (CHISO_BROWSER=1, set by .ci/run)"]
async fn a_unit_officer_fills_in_and_submits_in_a_real_browser() {
    assert_eq!(
        std::env::var("CHISO_BROWSER").as_deref(),
        Ok("1"),
        "run by .ci/run with CHISO_BROWSER=1"
    );
    let dir = common::sample();
    // Without the sample's schedule (closed in November 2025) the forms stay open.
    std::fs::remove_file(dir.path().join("scores/2025/workflow.toml")).unwrap();
    for unit in ["SNV", "STP"] {
        let path = dir.path().join(format!("scores/2025/self/{unit}.toml"));
        let text = std::fs::read_to_string(&path).unwrap();
        let open: String = text
            .lines()
            .filter(|l| !l.starts_with("submitted"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, open).unwrap();
    }
    chiso(
        dir.path(),
        &[
            "user",
            "add",
            "can-bo-snv",
            "--role",
            "don_vi",
            "--unit",
            "SNV",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    chiso(
        dir.path(),
        &[
            "user",
            "add",
            "can-bo-stp",
            "--role",
            "don_vi",
            "--unit",
            "STP",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    let (_server, site) = serve(dir.path());
    let (_driver, port) = chromedriver().await;

    // With JavaScript: htmx saves each card in place.
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, profile.path(), true).await;
    log_in(&c, &site, "can-bo-snv").await;
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#tong-hop"))
        .await
        .unwrap();
    assert!(
        c.current_url()
            .await
            .unwrap()
            .as_str()
            .ends_with("/2025/don-vi/SNV")
    );
    screenshot(&c, "js-trang-don-vi").await;
    element_shot(&c, "#tong-hop", "web-tong-hop").await;
    fill_every_method(&c, true, "js").await;
    element_shot(&c, &card("1.1.2"), "web-tieu-chi").await;
    let files = tempfile::tempdir().unwrap();
    upload_a_pdf(&c, "1.2.1", files.path(), "Bao cao quy I.pdf", "js").await;
    element_shot(&c, &card("1.2.1"), "web-tep").await;
    let file = std::fs::read_to_string(dir.path().join("scores/2025/self/SNV.toml")).unwrap();
    assert!(file.contains("title = \"Bao cao quy I.pdf\""), "{file}");
    submit_and_see_it_locked(&c, "js").await;
    c.close().await.unwrap();

    // Without JavaScript: every form posts and the page comes back.
    let profile = tempfile::tempdir().unwrap();
    let c = browser(port, profile.path(), false).await;
    log_in(&c, &site, "can-bo-stp").await;
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#tong-hop"))
        .await
        .unwrap();
    let before = total(&c).await;
    let entry = std::fs::read_to_string(dir.path().join("scores/2025/self/STP.toml")).unwrap();
    assert!(
        entry.contains("[c.\"1.3.1\"]\nyes = true"),
        "STP answered Có on 1.3.1"
    );
    save(
        &c,
        "1.3.1",
        &[("input[name=tra_loi][value=khong]", "")],
        false,
    )
    .await;
    assert_eq!(total(&c).await - before, "-0.5".parse::<Decimal>().unwrap());
    screenshot(&c, "nojs-1.3.1").await;
    upload_a_pdf(&c, "1.3.1", files.path(), "Bien ban.pdf", "nojs").await;
    submit_and_see_it_locked(&c, "nojs").await;
    c.close().await.unwrap();
}
