//! `chiso template`: a self-assessment skeleton for a unit, with the guidance
//! of every leaf as comments. Filled in, it passes `chiso check`.

use crate::i18n::{Label, Lang, Say, method_name};
use crate::model::{AssessedBy, InputSource, Kind, Method, Scheme, Unit};
use crate::num;

fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        out.push_str("# ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub fn render(year: i64, unit: &Unit, scheme: &Scheme, lang: Lang) -> String {
    let mut out = String::new();
    comment(
        &mut out,
        &Say::TemplateHeader {
            year,
            unit: unit.code.clone(),
            name: unit.name.clone(),
        }
        .text(lang),
    );
    comment(
        &mut out,
        &format!(
            "{}: {} — {}",
            Label::Appendices.text(lang),
            scheme.appendices.join(" + "),
            scheme.title
        ),
    );
    comment(&mut out, &Say::TemplateHowTo.text(lang));
    out += &format!(
        "\nunit = {}\n# submitted = {year}-12-31\n",
        quoted(&unit.code)
    );
    for c in &scheme.nodes {
        if !c.is_leaf() {
            let kind = match c.kind {
                Kind::Bonus => format!(" [{}]", Label::Bonus.text(lang)),
                Kind::Deduction => format!(" [{}]", Label::Deduction.text(lang)),
                Kind::Ordinary => String::new(),
            };
            out += "\n";
            let rule = if c.depth == 0 {
                "════"
            } else {
                "──"
            };
            comment(
                &mut out,
                &format!(
                    "{rule} {} {}{kind} ({}: {}) {rule}",
                    c.code,
                    c.title,
                    Label::Max.text(lang),
                    num::fmt(c.max, lang)
                ),
            );
            continue;
        }
        out += "\n";
        comment(&mut out, &format!("{} {}", c.code, c.title));
        let method = c.method.as_ref().expect("leaves have methods");
        comment(
            &mut out,
            &format!(
                "{}: {} · {}: {}",
                Label::Max.text(lang),
                num::fmt(c.max, lang),
                Label::Method.text(lang),
                method_name(method.name(), lang)
            ),
        );
        if let Some(g) = &c.guide {
            comment(&mut out, &format!("{}: {g}", Label::Guide.text(lang)));
        }
        // What the council scores is shown for information only: no answer
        // line to uncomment, no evidence asked of the unit.
        if c.assessed_by == AssessedBy::Council {
            comment(&mut out, Label::CouncilOnly.text(lang));
            if let Some(r) = &c.reference {
                comment(&mut out, &format!("{}: {r}", Label::Reference.text(lang)));
            }
            continue;
        }
        // A deduction is not proved by the unit that suffers it.
        let asks_evidence = c.evidence.is_some() && c.kind != Kind::Deduction;
        if let Some(e) = c.evidence.as_ref().filter(|_| asks_evidence) {
            comment(&mut out, &format!("{}: {e}", Label::Evidence.text(lang)));
        }
        if let Some(r) = &c.reference {
            comment(&mut out, &format!("{}: {r}", Label::Reference.text(lang)));
        }
        out += &format!("[c.{}]\n", quoted(&c.code));
        // The suggested answer of a bonus or deduction claims nothing: one
        // uncommented unread neither awards the unit a bonus nor deducts from it.
        let claims = c.kind == Kind::Ordinary;
        match method {
            Method::Manual => {
                let points = if claims {
                    c.max
                } else {
                    rust_decimal::Decimal::ZERO
                };
                out += &format!("# points = {}\n", num::fmt(points, Lang::En));
            }
            Method::YesNo => out += &format!("# yes = {claims}\n"),
            Method::Choice(options) => {
                // The first line is the one uncommented without reading.
                let mut options: Vec<_> = options.iter().collect();
                if !claims {
                    options.sort_by_key(|o| o.points);
                }
                for o in options {
                    out += &format!(
                        "# choice = {}   # {} {}\n",
                        quoted(&o.label),
                        num::fmt(o.points, lang),
                        Label::Points.text(lang).to_lowercase()
                    );
                }
            }
            Method::Bands { .. } | Method::Formula { .. } => {
                let facts: Vec<_> = c.fact_inputs().collect();
                if !facts.is_empty() {
                    let all_data = facts.iter().all(|i| i.source == InputSource::Data);
                    let list = facts
                        .iter()
                        .map(|i| format!("{} = 0", i.name))
                        .collect::<Vec<_>>()
                        .join(", ");
                    out += &format!(
                        "# facts = {{ {list} }}{}\n",
                        if all_data {
                            format!("   # {}", Say::TemplateFromData.text(lang))
                        } else {
                            String::new()
                        }
                    );
                    for i in &facts {
                        let source = match i.source {
                            InputSource::Data => Label::FromData,
                            _ => Label::FromSelf,
                        };
                        out += &format!("#   {}: {} ({})\n", i.name, i.label, source.text(lang));
                    }
                }
            }
        }
        if c.na_allowed {
            out += &format!("# na = true   # {}\n", Say::TemplateNaAllowed.text(lang));
        }
        if asks_evidence {
            out += "evidence = []\n";
        }
    }
    out
}
