//! `chiso template`: a self-assessment skeleton for a unit, with the guidance
//! of every leaf as comments. Filled in, it passes `chiso check`.

use crate::i18n::{Label, Lang, Say, method_name};
use crate::model::{InputSource, Kind, Method, Scheme, Unit};
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
        if let Some(e) = &c.evidence {
            comment(&mut out, &format!("{}: {e}", Label::Evidence.text(lang)));
        }
        if let Some(r) = &c.reference {
            comment(&mut out, &format!("{}: {r}", Label::Reference.text(lang)));
        }
        out += &format!("[c.{}]\n", quoted(&c.code));
        match method {
            Method::Manual => out += &format!("# points = {}\n", num::fmt(c.max, Lang::En)),
            Method::YesNo => out += "# yes = true\n",
            Method::Choice(options) => {
                for o in options {
                    out += &format!(
                        "# choice = {}   # {} {}\n",
                        quoted(&o.label),
                        num::fmt(o.points, lang),
                        Label::Points.text(lang).to_lowercase()
                    );
                }
            }
            Method::Bands { .. } | Method::Formula(_) => {
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
                        out += &format!("#   {}: {} ({})\n", i.name, i.label, i.source.as_str());
                    }
                }
            }
        }
        if c.na_allowed {
            out += &format!("# na = true   # {}\n", Say::TemplateNaAllowed.text(lang));
        }
        if c.evidence.is_some() {
            out += "evidence = []\n";
        }
    }
    out
}
