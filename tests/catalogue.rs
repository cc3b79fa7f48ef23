//! Every message and label the code and templates ask for is in the catalogues.

use std::collections::BTreeSet;
use std::fs;

use welfare_plan::i18n::{Lang, catalogue};

fn sources(dir: &str, ext: &str) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().to_string_lossy().ends_with(ext))
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect()
}

/// The string literals that follow `prefix` (`msg("`) in `text`.
fn literals_after(text: &str, prefix: &str) -> Vec<String> {
    text.match_indices(prefix)
        .filter_map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            let end = rest.find('"')?;
            let key = &rest[..end];
            key.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
                .then(|| key.to_string())
        })
        .collect()
}

#[test]
fn every_diagnostic_message_used_in_the_code_exists() {
    let en = catalogue(Lang::En);
    let mut missing = BTreeSet::new();
    for text in sources("src", ".rs") {
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join("");
        // `arg_msg("name", …)` names a placeholder, not a message.
        let compact = compact.replace("arg_msg(\"", "arg_message(\"");
        let keys = literals_after(&compact, "msg(\"")
            .into_iter()
            .chain(literals_after(&compact, "Message::new(\""));
        for key in keys {
            if !en.contains_key(&format!("diag.{key}")) {
                missing.insert(key);
            }
        }
    }
    assert!(missing.is_empty(), "not in en.toml [diag]: {missing:?}");
}

#[test]
fn every_label_used_by_the_templates_exists_in_both_languages() {
    let mut used = BTreeSet::new();
    for text in sources("templates", ".j2") {
        used.extend(literals_after(&text, "l[\""));
        for (i, _) in text.match_indices("l.") {
            let before = text[..i].chars().last().unwrap_or(' ');
            if before.is_ascii_alphanumeric() || before == '_' || before == '.' {
                continue;
            }
            let name: String = text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    for lang in [Lang::It, Lang::En] {
        let cat = catalogue(lang);
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !cat.contains_key(&format!("label.{k}")))
            .collect();
        assert!(missing.is_empty(), "{lang:?}: labels missing: {missing:?}");
    }
}

/// The README's template table names every template the binary embeds, so
/// that a plan author who overrides one finds it there.
#[test]
fn the_readme_lists_every_builtin_template() {
    let readme = fs::read_to_string("README.md").unwrap();
    let table_start = readme.find("| template | renders |").unwrap();
    let table = &readme[table_start..];
    let table = &table[..table.find("\n\n").unwrap()];
    let mut missing = Vec::new();
    for (name, _) in welfare_plan::render::templates::BUILTIN {
        // `html/partials/x.html.j2` may be listed by its stem beside the others.
        let stem = name.rsplit('/').next().unwrap().split('.').next().unwrap();
        let listed = table.contains(&format!("`{name}`"))
            || (name.contains("/partials/")
                && (table.contains(&format!(", `{stem}`"))
                    || table.contains(&format!("`{stem}`,"))
                    || (name.starts_with("md/partials/")
                        && table.contains("`md/partials/*.md.j2`"))));
        if !listed {
            missing.push(*name);
        }
    }
    assert!(
        missing.is_empty(),
        "not in the README's template table: {missing:?}"
    );
}

/// Every word of every closed vocabulary has its label in both languages:
/// a new word without one fails here, not on a published page.
#[test]
fn every_word_of_a_closed_vocabulary_has_its_label() {
    use welfare_plan::model::{
        Choice, Delivery, Direction, FundLevel, ProgressStatus, ResponseStatus, Scope,
        StaffContract, StaffProfile, StatedKind,
    };
    fn keys<T: Choice>() -> Vec<&'static str> {
        T::ALL.iter().map(|c| c.label_key()).collect()
    }
    let all: Vec<&str> = [
        keys::<Delivery>(),
        keys::<Scope>(),
        keys::<ProgressStatus>(),
        keys::<ResponseStatus>(),
        keys::<Direction>(),
        keys::<FundLevel>(),
        keys::<StatedKind>(),
        keys::<StaffProfile>(),
        keys::<StaffContract>(),
    ]
    .concat();
    assert!(all.contains(&"delivery-co-design") && all.contains(&"progress-not-started"));
    for lang in [Lang::It, Lang::En] {
        let cat = catalogue(lang);
        let missing: Vec<_> = all
            .iter()
            .filter(|k| !cat.contains_key(&format!("label.{k}")))
            .collect();
        assert!(missing.is_empty(), "{lang:?}: labels missing: {missing:?}");
    }
}

/// Every label the Rust code asks for by a literal key (`self.l("…")`,
/// `l("…")`, `label(lang, "…")`, a `label_key`, an entity's heading) is in
/// both catalogues.
#[test]
fn every_label_the_code_names_exists_in_both_languages() {
    let mut used = BTreeSet::new();
    for text in sources("src", ".rs") {
        let compact: String = text.split_whitespace().collect::<Vec<_>>().join("");
        for prefix in [
            ".l(\"",
            "(l(\"",
            " l(\"",
            ",l(\"",
            "label(lang,\"",
            "=>\"diff-entity-",
        ] {
            for key in literals_after(&compact, prefix) {
                let key = match prefix.strip_prefix("=>\"") {
                    Some(stem) => format!("{stem}{key}"),
                    None => key,
                };
                used.insert(key);
            }
        }
    }
    assert!(used.contains("diff-entity-area"), "{used:?}");
    assert!(used.len() > 40, "{used:?}");
    for lang in [Lang::It, Lang::En] {
        let cat = catalogue(lang);
        let missing: Vec<_> = used
            .iter()
            .filter(|k| !cat.contains_key(&format!("label.{k}")))
            .collect();
        assert!(missing.is_empty(), "{lang:?}: labels missing: {missing:?}");
    }
}
