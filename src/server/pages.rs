//! The pages, rendered on the server with maud (every value escaped unless
//! marked otherwise; nothing here is). Every form posts to a real route and
//! works without JavaScript; with it, htmx swaps a saved criterion's card and
//! the totals in place.

use maud::{DOCTYPE, Markup, html};
use rust_decimal::Decimal;

use super::auth::User;
use super::explain::RoundResults;
use super::view::UnitView;
use super::write::Openness;
use crate::i18n::{Label, Lang, Web, WebSay, method_name};
use crate::model::{AnswerValue, AssessedBy, Attachment, Criterion, Method, Ruling, SelfEntry};
use crate::notice::NoticeItem;
use crate::num;

/// htmx's settings: no `eval` (the CSP forbids it anyway), no injected
/// style element, requests to this server only; a refused save (409, 422)
/// still replaces its card, which says why.
const HTMX_CONFIG: &str = r#"{"allowEval":false,"allowScriptTags":false,"includeIndicatorStyles":false,"selfRequestsOnly":true,"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"409|413|422","swap":true,"error":false},{"code":"[45]..","swap":false,"error":true}]}"#;

pub fn layout(lang: Lang, title: &str, user: Option<(&User, &str)>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(match lang { Lang::Vi => "vi", Lang::En => "en" }) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="htmx-config" content=(HTMX_CONFIG);
                title { (title) " — " (Web::AppName.text(lang)) }
                link rel="stylesheet" href="/tinh/chiso.css";
                script src="/tinh/htmx.min.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { (Web::AppName.text(lang)) }
                    @if let Some((user, csrf)) = user {
                        form.logout method="post" action="/dang-xuat" {
                            span.who { (user.name) " · " (user.role.as_str()) }
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { (Web::Logout.text(lang)) }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

pub fn login(lang: Lang, csrf: &str, next: &str, error: Option<Web>) -> Markup {
    let body = html! {
        h1 { (Web::LoginTitle.text(lang)) }
        @if let Some(e) = error {
            p.error role="alert" { (e.text(lang)) }
        }
        form.login method="post" action="/dang-nhap" {
            input type="hidden" name="csrf" value=(csrf);
            input type="hidden" name="tiep" value=(next);
            label { (Web::UserName.text(lang))
                input type="text" name="ten_dang_nhap" autocomplete="username" required autofocus;
            }
            label { (Web::Password.text(lang))
                input type="password" name="mat_khau" autocomplete="current-password" required;
            }
            button type="submit" { (Web::LoginButton.text(lang)) }
        }
    };
    layout(lang, Web::LoginTitle.text(lang), None, body)
}

/// A refusal or failure, as a page.
pub fn message(lang: Lang, text: &str, user: Option<(&User, &str)>) -> Markup {
    layout(
        lang,
        text,
        user,
        html! { p.error role="alert" { (text) } p { a href="/" { "↩" } } },
    )
}

/// The units an account may open, for the home page.
pub fn home(lang: Lang, user: &User, csrf: &str, year: i64, units: &[(String, String)]) -> Markup {
    let body = html! {
        h1 { (Web::AppName.text(lang)) " " (year) }
        ul.units {
            @for (code, name) in units {
                li { a href=(format!("/{year}/don-vi/{code}")) { (name) " (" (code) ")" } }
            }
        }
    };
    layout(lang, Web::AppName.text(lang), Some((user, csrf)), body)
}

/// What a card says after a save.
#[derive(Debug, Clone)]
pub enum CardNote {
    Saved,
    /// Nothing written: the problems (chiso's diagnostics, rendered, or the
    /// form's own) that stopped it.
    NotSaved(Vec<String>),
    /// The entry changed since the page was rendered.
    Conflict {
        current: String,
        yours: String,
    },
}

/// The values a card's fields show: the stored entry's, or what the user
/// typed when a save was refused (so nothing typed is lost).
#[derive(Debug, Clone, Default)]
pub struct CardValues {
    /// The answer field: points typed, `co`/`khong`, an option's position,
    /// or `kps` (not applicable).
    pub answer: String,
    pub facts: Vec<(String, String)>,
    pub evidence: String,
    pub note: String,
    /// The explanation (giải trình) after an appraisal round.
    pub explanation: String,
}

impl CardValues {
    pub fn of_entry(entry: Option<&SelfEntry>, criterion: &Criterion, lang: Lang) -> CardValues {
        let Some(e) = entry else {
            return CardValues::default();
        };
        let answer = match e.answer.as_ref().map(|a| &a.value) {
            None => String::new(),
            Some(AnswerValue::Points(p)) => num::fmt(*p, lang),
            Some(AnswerValue::Yes(true)) => "co".into(),
            Some(AnswerValue::Yes(false)) => "khong".into(),
            Some(AnswerValue::Choice(i)) => match &criterion.method {
                Some(crate::model::Method::Choice(options)) => options
                    .get(*i)
                    .map_or_else(String::new, |o| o.label.clone()),
                _ => String::new(),
            },
            Some(AnswerValue::NotApplicable) => "kps".into(),
        };
        CardValues {
            answer,
            facts: criterion
                .fact_inputs()
                .filter_map(|i| {
                    e.facts
                        .get(&i.name)
                        .map(|f| (i.name.clone(), num::fmt(f.value, lang)))
                })
                .collect(),
            evidence: e.evidence.join("\n"),
            note: e.note.as_deref().unwrap_or_default().to_string(),
            explanation: e.explanation.as_deref().unwrap_or_default().to_string(),
        }
    }

    fn fact(&self, name: &str) -> &str {
        self.facts
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// How the page was asked for: what a card needs beyond the view.
pub struct Context<'a> {
    pub lang: Lang,
    pub csrf: &'a str,
    /// The self-assessment is open and the account may write it.
    pub editable: bool,
    /// The account may write the unit's entries (the season aside).
    pub may_write: bool,
    /// Each entry's hash as the file stands ([`super::write::entry_hashes`]).
    pub hashes: &'a std::collections::HashMap<String, String>,
    /// The appraisal rounds whose letters the reader may open.
    pub letters: &'a [u32],
    /// The latest appraisal round released to the unit, if any.
    pub round: Option<&'a RoundResults>,
}

fn card_id(code: &str) -> String {
    // Criterion codes are digits and dots; an id keeps them readable.
    format!("tc-{}", code.replace('.', "-"))
}

fn area_id(k: usize) -> String {
    format!("lv-{k}")
}

/// One criterion: its text, its widget, its points, its evidence files,
/// the council's decision and the unit's explanation after a round, and its
/// problems. Each of its forms posts to its own route; htmx swaps the card.
pub fn card(
    view: &UnitView,
    node: usize,
    cx: &Context,
    values: &CardValues,
    note: Option<&CardNote>,
) -> Markup {
    let lang = cx.lang;
    let c = &view.scheme().nodes[node];
    let r = &view.result().nodes[node];
    let year = view.year();
    let unit = view.code();
    let action = format!("/{year}/don-vi/{unit}/tieu-chi/{}", c.code);
    let council = c.assessed_by == AssessedBy::Council;
    let editable = cx.editable && !council;
    let base = cx.hashes.get(&c.code).map_or("", String::as_str);
    let decided = cx.round.and_then(|r| r.item(&c.code).map(|i| (r.round, i)));
    let explaining = cx.may_write && cx.round.is_some_and(|r| r.may_explain(&c.code));
    let problems: Vec<String> = view
        .diagnostics_of(&c.code)
        .iter()
        .map(|d| d.render(lang))
        .collect();
    html! {
        div.card id=(card_id(&c.code)) {
            form.entry method="post" action=(action)
                hx-post=(action) hx-target="closest .card" hx-swap="outerHTML" {
                input type="hidden" name="csrf" value=(cx.csrf);
                input type="hidden" name="base" value=(base);
                h3 {
                    span.code { (c.code) } " " (c.title)
                    span.points {
                        (Web::Points.text(lang)) ": "
                        span.self-points { (num::fmt(r.self_.points, lang)) }
                        " / " (num::fmt(c.max, lang))
                    }
                }
                @if let Some(g) = &c.guide { p.guide { b { (Web::Guidance.text(lang)) ": " } (g) } }
                @if let Some(e) = &c.evidence { p.required { b { (Web::RequiredEvidence.text(lang)) ": " } (e) } }
                @if let Some(b) = &c.reference { p.basis { b { (Web::LegalBasis.text(lang)) ": " } (b) } }
                @if council {
                    p.council { (Web::CouncilScores.text(lang)) }
                } @else {
                    fieldset disabled[!editable] {
                        legend { (method_name(c.method.as_ref().map_or("", Method::name), lang)) }
                        (widget(view, c, values, lang))
                        label.evidence { (Web::Evidence.text(lang))
                            textarea name="tai_lieu" rows="2" { (values.evidence) }
                        }
                        label.note { (Web::Note.text(lang))
                            input type="text" name="ghi_chu" value=(values.note);
                        }
                        @if editable { button type="submit" { (Web::Save.text(lang)) } }
                    }
                }
            }
            @if let Some((round, item)) = decided { (decision(round, item, lang)) }
            @if explaining {
                @let to = format!("{action}/giai-trinh");
                form.explanation method="post" action=(to)
                    hx-post=(to) hx-target="closest .card" hx-swap="outerHTML" {
                    input type="hidden" name="csrf" value=(cx.csrf);
                    input type="hidden" name="base" value=(base);
                    label { (Label::Explanation.text(lang))
                        textarea name="giai_trinh" rows="3" { (values.explanation) }
                    }
                    button type="submit" { (Web::SaveExplanation.text(lang)) }
                }
            } @else if !values.explanation.is_empty() {
                p.explanation { b { (Label::Explanation.text(lang)) ": " } (values.explanation) }
            }
            (attachments(view, node, cx, base, (editable && cx.may_write) || explaining))
            @match note {
                Some(CardNote::Saved) => p.saved role="status" { (Web::Saved.text(lang)) },
                Some(CardNote::NotSaved(why)) => div.not-saved role="alert" {
                    p { b { (Web::NotSaved.text(lang)) } }
                    @for w in why { pre { (w) } }
                },
                Some(CardNote::Conflict { current, yours }) => div.conflict role="alert" {
                    p { (Web::Conflict.text(lang)) }
                    dl {
                        dt { (Web::CurrentValue.text(lang)) } dd { pre { (current) } }
                        dt { (Web::YourValue.text(lang)) } dd { pre { (yours) } }
                    }
                    p { a href=(format!("/{year}/don-vi/{unit}#{}", card_id(&c.code))) { (Web::ReloadPage.text(lang)) } }
                },
                None => {},
            }
            @if !problems.is_empty() && !matches!(note, Some(CardNote::NotSaved(_))) {
                details.problems open {
                    summary { (Web::Problems.text(lang)) " (" (problems.len()) ")" }
                    @for p in &problems { pre { (p) } }
                }
            }
        }
    }
}

/// The council's decision on a criterion in the round released.
fn decision(round: u32, item: &NoticeItem, lang: Lang) -> Markup {
    let ruling = match item.ruling {
        Ruling::Adjust => None,
        Ruling::Accept => Some(Label::Accepted),
        Ruling::Reject => Some(Label::NotAccepted),
    };
    html! {
        div.decision {
            p { b { (WebSay::RoundResult { round }.text(lang)) }
                @if let Some(r) = ruling { " — " (r.text(lang)) } }
            dl {
                dt { (Label::SelfScore.text(lang)) } dd.self-points { (num::fmt(item.self_points, lang)) }
                dt { (Label::FinalPoints.text(lang)) } dd.final-points {
                    (num::fmt(item.appraised_points, lang)) " / " (num::fmt(item.max, lang))
                }
                @if let Some(reason) = &item.reason {
                    dt { (Label::Reason.text(lang)) } dd.reason {
                        (reason) @if let Some(by) = &item.by { " (" (by) ")" }
                    }
                }
            }
        }
    }
}

/// A file size as people read it: bytes, KB or MB (of 1024), one decimal.
fn size_text(bytes: u64, lang: Lang) -> String {
    let (value, unit) = match bytes {
        0..1024 => return format!("{bytes} B"),
        1024..1_048_576 => (Decimal::from(bytes) / Decimal::from(1024), "KB"),
        _ => (Decimal::from(bytes) / Decimal::from(1_048_576), "MB"),
    };
    format!("{} {unit}", num::fmt(value.round_dp(1), lang))
}

/// A criterion's evidence files: each a download link (and a remove button
/// while the self-assessment is open), then the upload form when the entry
/// may take a file.
fn attachments(view: &UnitView, node: usize, cx: &Context, base: &str, uploadable: bool) -> Markup {
    let lang = cx.lang;
    let c = &view.scheme().nodes[node];
    let (year, unit) = (view.year(), view.code());
    let action = format!("/{year}/don-vi/{unit}/tieu-chi/{}/tep", c.code);
    let files: Vec<&Attachment> = view
        .entry(node)
        .map(|e| e.attachments.iter().map(|(a, _)| a).collect())
        .unwrap_or_default();
    let removable = cx.editable && cx.may_write;
    html! {
        @if !files.is_empty() || uploadable {
            div.attachments {
                p { b { (Web::Attachments.text(lang)) } }
                @if files.is_empty() {
                    p.none { (Web::NoAttachments.text(lang)) }
                }
                ul {
                    @for a in &files {
                        li {
                            a href=(format!("/{year}/don-vi/{unit}/tep/{}", a.file)) { (a.title) }
                            " " small { "(" (size_text(a.size, lang)) ")" }
                            @if removable {
                                @let to = format!("{action}/{}/xoa", a.file);
                                form.remove method="post" action=(to)
                                    hx-post=(to) hx-target="closest .card" hx-swap="outerHTML" {
                                    input type="hidden" name="csrf" value=(cx.csrf);
                                    input type="hidden" name="base" value=(base);
                                    button.link type="submit" { (Web::RemoveFile.text(lang)) }
                                }
                            }
                        }
                    }
                }
                @if uploadable {
                    form.upload method="post" action=(action) enctype="multipart/form-data"
                        hx-post=(action) hx-encoding="multipart/form-data"
                        hx-target="closest .card" hx-swap="outerHTML" {
                        input type="hidden" name="csrf" value=(cx.csrf);
                        input type="hidden" name="base" value=(base);
                        label { (Web::AddFile.text(lang))
                            input type="file" name="tep" required accept=(ACCEPT);
                        }
                        button type="submit" { (Web::Upload.text(lang)) }
                    }
                }
            }
        }
    }
}

/// What the file picker offers (the server decides by the bytes).
const ACCEPT: &str = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg";

/// The answer field of a criterion's method.
fn widget(view: &UnitView, c: &Criterion, values: &CardValues, lang: Lang) -> Markup {
    let na = html! {
        @if c.na_allowed {
            label.na {
                input type="radio" name="tra_loi" value="kps" checked[values.answer == "kps"];
                (Web::NotApplicable.text(lang))
            }
        }
    };
    let unanswered = html! {
        label.none {
            input type="radio" name="tra_loi" value="" checked[values.answer.is_empty()];
            (Web::NotAnswered.text(lang))
        }
    };
    match &c.method {
        Some(Method::Manual) | None => html! {
            label.points { (Web::Points.text(lang)) " (" (Web::Max.text(lang)) " " (num::fmt(c.max, lang)) "; "
                (Web::Step.text(lang)) " " (num::fmt(c.step, lang)) ")"
                input type="text" inputmode="decimal" name="diem"
                    value=(if values.answer == "kps" { "" } else { values.answer.as_str() });
            }
            @if c.na_allowed {
                label.na {
                    input type="checkbox" name="tra_loi" value="kps" checked[values.answer == "kps"];
                    (Web::NotApplicable.text(lang))
                }
            }
        },
        Some(Method::YesNo) => html! {
            div.choices {
                label { input type="radio" name="tra_loi" value="co" checked[values.answer == "co"]; (Web::Yes.text(lang)) }
                label { input type="radio" name="tra_loi" value="khong" checked[values.answer == "khong"]; (Web::No.text(lang)) }
                (na) (unanswered)
            }
        },
        Some(Method::Choice(options)) => html! {
            div.choices {
                // The option's label, not its place: criteria edited while
                // the page was open cannot turn the choice into another one.
                @for o in options {
                    label {
                        input type="radio" name="tra_loi" value=(o.label) checked[values.answer == o.label];
                        (o.label) " (" (num::fmt(o.points, lang)) ")"
                    }
                }
                (na) (unanswered)
            }
        },
        Some(Method::Bands { .. } | Method::Formula { .. }) => html! {
            div.facts {
                @for input in c.fact_inputs() {
                    @let official = view.official(&input.name);
                    // The unit's own figure stays a field even where the
                    // official one exists: a save posts it back (a read-only
                    // copy of the official figure would drop it), and a
                    // difference is the unit's to state and the council's to see.
                    label.fact {
                        (input.label) " "
                        small { "(" (input.name) ", " (input.kind.as_str()) ")" }
                        input type="text" inputmode="decimal" name=(format!("so_lieu.{}", input.name))
                            value=(values.fact(&input.name));
                        @if let Some(o) = official {
                            small.official { (Web::Official.text(lang)) ": " (num::fmt(o, lang)) }
                        }
                    }
                }
                @if c.na_allowed {
                    label.na {
                        input type="checkbox" name="tra_loi" value="kps" checked[values.answer == "kps"];
                        (Web::NotApplicable.text(lang))
                    }
                }
            }
        },
    }
}

/// The unit's status, progress and provisional result; swapped in place
/// after each save.
pub fn summary(view: &UnitView, openness: &Openness, lang: Lang, oob: bool) -> Markup {
    let r = view.result();
    let leaves = view.answerable().count();
    let status = match openness {
        Openness::Open { .. } => Web::Draft,
        Openness::Submitted => Web::Submitted,
        Openness::Closed => Web::Closed,
        Openness::NotOpen { .. } => Web::NotOpen,
    };
    let deadline = match openness {
        Openness::Open { closes: Some(t) } => t.text(),
        Openness::NotOpen { opens } => format!("{} {}", Web::Opens.text(lang), opens.text()),
        _ => match view.ws().schedule.as_ref() {
            Some(s) => s.self_assessment.closes.text(),
            None => Web::NoDeadline.text(lang).to_string(),
        },
    };
    html! {
        section.summary id="tong-hop" hx-swap-oob=[oob.then_some("true")] {
            dl {
                dt { (Web::Status.text(lang)) } dd.status { (status.text(lang)) }
                dt { (Web::Deadline.text(lang)) } dd.deadline { (deadline) }
                dt { (Web::Progress.text(lang)) } dd {
                    (WebSay::Answered { answered: view.answered(), leaves }.text(lang))
                    "; " (WebSay::EvidenceMissing(view.evidence_missing()).text(lang))
                }
                dt { (Web::SelfTotal.text(lang)) } dd.total {
                    (num::fmt_fixed(r.self_.total, view.results().points_decimals, lang))
                    " / " (num::fmt(r.applicable_max, lang))
                }
                dt { (Web::ProvisionalIndex.text(lang)) } dd.index {
                    (r.self_.index.map_or_else(|| "—".to_string(), |i| num::fmt_fixed(i, view.results().index_decimals, lang)))
                }
                dt { (Web::Rating.text(lang)) } dd.rating {
                    (r.self_.rating.clone().unwrap_or_else(|| Web::NotRated.text(lang).to_string()))
                }
            }
        }
    }
}

/// An area's subtotal, swapped in place after each save in it.
pub fn subtotal(view: &UnitView, k: usize, lang: Lang, oob: bool) -> Markup {
    let scheme = view.scheme();
    let area = &scheme.nodes[scheme.roots[k]];
    let r = view.result().area(scheme, k);
    html! {
        span.subtotal id=(area_id(k)) hx-swap-oob=[oob.then_some("true")] {
            (Web::Subtotal.text(lang)) ": " (num::fmt(r.self_.points, lang)) " / " (num::fmt(area.max, lang))
        }
    }
}

/// The unit's page: status and the self-assessment form, area by area.
pub fn unit_page(
    view: &UnitView,
    user: &User,
    cx: &Context,
    openness: &Openness,
    flash: Option<(usize, &CardValues, &CardNote)>,
) -> Markup {
    let lang = cx.lang;
    let scheme = view.scheme();
    let u = view.unit();
    let year = view.year();
    let body = html! {
        h1 { (u.name) " (" (u.code) ") — " (year) }
        (summary(view, openness, lang, false))
        @if !cx.letters.is_empty() {
            nav.letters {
                (Web::Letters.text(lang)) ": "
                @for r in cx.letters {
                    a href=(format!("/{year}/don-vi/{}/thong-bao/{r}", view.code())) {
                        (WebSay::LetterOfRound(*r).text(lang))
                    }
                    " "
                }
            }
        }
        @if !cx.editable { p.readonly { (Web::ReadOnly.text(lang)) } }
        @if let Some(closes) = cx.round.and_then(|r| r.explanation_closes.map(|c| (r.round, c))) {
            p.explaining { (WebSay::ExplanationOpen { round: closes.0, closes: closes.1.text() }.text(lang)) }
        }
        @for (k, &root) in scheme.roots.iter().enumerate() {
            details.area open {
                summary {
                    span.code { (scheme.nodes[root].code) } " " (scheme.nodes[root].title) " "
                    (subtotal(view, k, lang, false))
                }
                @for (i, c) in scheme.leaves().filter(|&(i, _)| view.area_of(i) == k) {
                    @match flash {
                        Some((node, values, note)) if node == i => (card(view, i, cx, values, Some(note))),
                        _ => (card(view, i, cx, &CardValues::of_entry(view.entry(i), c, lang), None)),
                    }
                }
            }
        }
        @if cx.editable && user.may_write_self(view.code()) {
            form.submit method="post" action=(format!("/{year}/don-vi/{}/nop", view.code())) {
                input type="hidden" name="csrf" value=(cx.csrf);
                button type="submit" { (Web::Submit.text(lang)) }
            }
        }
    };
    layout(lang, &u.name, Some((user, cx.csrf)), body)
}

pub const CSS: &str = include_str!("assets/chiso.css");
pub const HTMX: &[u8] = include_bytes!("assets/htmx.min.js");
