//! Property tests for money and its formatting (exact round trips, no float
//! noise), for escaping user text into CSS, and for the last touches made
//! to pages while they are written (root token, Markdown blank lines).

use proptest::prelude::*;
use welfare_plan::compute::{div_round, per, share};
use welfare_plan::format::money;
use welfare_plan::i18n::Lang;
use welfare_plan::model::Money;
use welfare_plan::render::stream::{Replace, TidyMarkdown};
use welfare_plan::text::in_fence;

/// Writes `bytes` cut at `cuts` (positions past the end ignored).
fn write_in_pieces(out: &mut impl std::io::Write, bytes: &[u8], cuts: &[usize]) {
    let mut cuts: Vec<usize> = cuts.iter().copied().filter(|c| *c < bytes.len()).collect();
    cuts.sort();
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        out.write_all(&bytes[start..cut.max(start)]).unwrap();
        start = cut.max(start);
    }
}

/// The tidying rule on a whole text, as it was written before pages were streamed.
fn tidy_reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    let mut fence: Option<&str> = None;
    for line in text.lines() {
        let coded = in_fence(&mut fence, line);
        if line.trim().is_empty() && !coded {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
            out.push('\n');
            continue;
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

proptest! {
    /// The root token replaced while a page is written, in pieces cut
    /// anywhere (inside a token, inside a character), gives exactly what
    /// `str::replace` gives on the whole page.
    #[test]
    fn replacing_the_root_token_in_pieces_equals_str_replace(
        text in "(\\PC|@R@|@R|R@){0,60}",
        with in "(|\\.\\./|à|@R@x)",
        cuts in proptest::collection::vec(0usize..200, 0..8),
        piece in 1usize..20,
    ) {
        let expected = text.replace("@R@", &with);
        let mut out = Replace::new(Vec::new(), "@R@", &with).with_piece(piece);
        write_in_pieces(&mut out, text.as_bytes(), &cuts);
        prop_assert_eq!(String::from_utf8(out.finish().unwrap()).unwrap(), expected);
    }

    /// Blank lines tidied while a Markdown file is written, in pieces cut
    /// anywhere, give what the rule gives on the whole text (kept here as
    /// the reference: at most one blank line, none inside fenced code
    /// touched, one newline at the end).
    #[test]
    fn tidying_markdown_in_pieces_equals_the_whole_text_rule(
        text in "(a|  |\\r|\\n|```|~~~|é){0,80}",
        cuts in proptest::collection::vec(0usize..200, 0..8),
        piece in 1usize..20,
    ) {
        let mut out = TidyMarkdown::new(Vec::new()).with_piece(piece);
        write_in_pieces(&mut out, text.as_bytes(), &cuts);
        prop_assert_eq!(
            String::from_utf8(out.finish().unwrap()).unwrap(),
            tidy_reference(&text)
        );
    }

    #[test]
    fn plain_decimals_round_trip_exactly(cents in 0i64..=i64::MAX / 2) {
        let m = Money::from_cents(cents);
        prop_assert_eq!(Money::parse_decimal(&m.to_plain(), false), Ok(m));
    }

    #[test]
    fn float_literals_within_2_53_cents_are_exact(euros in 0u64..90_071_992_547_409u64, c in 0u64..100) {
        let literal = format!("{euros}.{c:02}");
        let parsed = Money::parse_decimal(&literal, true).unwrap();
        prop_assert_eq!(parsed.cents() as u64, euros * 100 + c);
    }

    #[test]
    fn italian_money_reads_back_to_the_same_cents(cents in 0i64..=1_000_000_000_000i64) {
        let shown = money(Lang::It, Money::from_cents(cents));
        let digits: String = shown.trim_start_matches("€ ").replace('.', "").replace(',', ".");
        prop_assert_eq!(Money::parse_decimal(&digits, false).unwrap().cents(), cents);
        let shown_en = money(Lang::En, Money::from_cents(cents));
        let digits_en: String = shown_en.trim_start_matches('€').replace(',', "");
        prop_assert_eq!(Money::parse_decimal(&digits_en, false).unwrap().cents(), cents);
    }

    #[test]
    fn rounding_is_half_away_from_zero(num in 0i128..1_000_000_000, den in 1i128..1_000_000) {
        let exact = num as f64 / den as f64;
        let r = div_round(num, den) as f64;
        // Within half a unit, and halves go up.
        prop_assert!((r - exact).abs() <= 0.5 + 1e-9);
        if (exact.fract() - 0.5).abs() < 1e-12 { prop_assert!(r > exact); }
    }

    #[test]
    fn shares_of_a_split_total_add_up_to_100_within_rounding(parts in proptest::collection::vec(1i64..10_000_000, 1..12)) {
        let total = Money::from_cents(parts.iter().sum());
        let sum: i64 = parts.iter().map(|p| share(Money::from_cents(*p), total).unwrap().0).sum();
        // Each share is rounded to 0.01 points: at most half a unit off each.
        prop_assert!((sum - 10_000).abs() <= parts.len() as i64);
    }

    #[test]
    fn per_capita_times_population_is_within_half_a_cent_per_person(total in 0i64..10_000_000_000, people in 1i64..10_000_000) {
        let pc = per(Money::from_cents(total), people).unwrap().cents() as i128;
        let back = pc * people as i128;
        prop_assert!((back - total as i128).abs() * 2 <= people as i128);
    }
}

/// Reads a CSS string body back as CSS would: `\hex ` escapes, the rest as is.
fn css_unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex: String = chars.by_ref().take_while(|c| *c != ' ').collect();
        out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
    }
    Some(out)
}

#[test]
fn css_strings_escape_what_could_end_them() {
    use welfare_plan::text::css_string;
    let cases = [
        (
            "Versione 1.0 del 20 dicembre 2024",
            "Versione 1.0 del 20 dicembre 2024",
        ),
        ("Delibera n. 12 · Approvato", "Delibera n. 12 · Approvato"),
        ("a\"b", "a\\22 b"),
        ("a\\b", "a\\5c b"),
        ("x\n}", "x\\a \\7d "),
        ("</style>", "\\3c /style\\3e "),
    ];
    for (text, want) in cases {
        assert_eq!(css_string(text), want, "{text:?}");
    }
}

proptest! {
    #[test]
    fn css_strings_round_trip_and_hold_nothing_that_ends_them(text in "\\PC*|[\"\\\\\n{}<>;]*") {
        let escaped = welfare_plan::text::css_string(&text);
        for bad in ['"', '\n', '\r', '{', '}', '<'] {
            prop_assert!(!escaped.contains(bad), "{:?} in {:?}", bad, escaped);
        }
        prop_assert_eq!(css_unescape(&escaped), Some(text));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The fund ledger reconciles with the budget entries it sums (SPEC 7):
    /// ledger.csv's committed and paid rows are budget.csv's rows of those
    /// kinds summed by fund, origin and year, to the cent, for any mix of
    /// cards, years and annualità.
    #[test]
    fn the_ledger_sums_the_budget_entries_by_annualita(
        entries in proptest::collection::btree_map(
            (0usize..3, 2024i64..=2026, proptest::bool::ANY, 2022i64..=2026),
            1i64..10_000_000,
            1..12,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan");
        std::fs::create_dir(&plan).unwrap();
        let mut text = String::from(
            "[plan]\ntitle = \"P\"\nauthority = \"A\"\nstart = 2024-01-01\nend = 2026-12-31\n\n\
             [[fund]]\nid = \"fnps\"\nname = \"FNPS\"\n\n[[area]]\nid = \"a\"\ntitle = \"A\"\n",
        );
        for card in 0..3usize {
            text.push_str(&format!("\n[[activity]]\nid = \"c{card}\"\narea = \"a\"\ntitle = \"C{card}\"\nbudget = [\n"));
            for ((c, year, paid, origin), cents) in &entries {
                if *c != card {
                    continue;
                }
                // Payments small and commitments large, so paid ≤ committed holds.
                let (kind, amount) = if *paid {
                    ("paid", *cents)
                } else {
                    ("committed", cents + 10_000_000_000)
                };
                text.push_str(&format!(
                    "  {{ year = {year}, kind = \"{kind}\", origin = {origin}, funding = {{ fnps = \"{}.{:02}\" }} }},\n",
                    amount / 100, amount % 100
                ));
            }
            // Each card commits every annualità it pays, once, in 2024.
            for origin in 2022..=2026 {
                if entries.keys().any(|(c, _, paid, o)| *c == card && *paid && *o == origin)
                    && !entries.keys().any(|(c, y, paid, o)| *c == card && !*paid && *o == origin && *y == 2024)
                {
                    text.push_str(&format!(
                        "  {{ year = 2024, kind = \"committed\", origin = {origin}, funding = {{ fnps = 900000000 }} }},\n"
                    ));
                }
            }
            text.push_str("]\n");
        }
        std::fs::write(plan.join("plan.toml"), &text).unwrap();
        let out = dir.path().join("out");
        let o = crate::common::cmd().arg("build").arg(&plan).arg("--out").arg(&out).output().unwrap();
        prop_assert_eq!(o.status.code(), Some(0), "{}\n{}", String::from_utf8_lossy(&o.stderr), text);
        let cents = |s: &str| -> i64 {
            let (e, c) = s.split_once('.').unwrap_or((s, "0"));
            e.parse::<i64>().unwrap() * 100 + format!("{c:0<2}").parse::<i64>().unwrap()
        };
        let mut from_budget = std::collections::BTreeMap::new();
        for line in std::fs::read_to_string(out.join("data/budget.csv")).unwrap().lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f[2] == "committed" || f[2] == "paid" {
                *from_budget.entry((f[3].to_string(), f[5].to_string(), f[1].to_string(), f[2].to_string())).or_insert(0) += cents(f[4]);
            }
        }
        let mut from_ledger = std::collections::BTreeMap::new();
        for line in std::fs::read_to_string(out.join("data/ledger.csv")).unwrap().lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            if f[3] != "allocation" {
                from_ledger.insert((f[0].to_string(), f[1].to_string(), f[2].to_string(), f[3].to_string()), cents(f[4]));
            }
        }
        prop_assert_eq!(from_ledger, from_budget);
    }
}
