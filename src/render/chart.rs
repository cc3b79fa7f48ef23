//! Inline SVG bar charts: no script, no external file, a title and a
//! description for assistive technology; the same figures go in a table beside.

use crate::text::{escape, shorten};

/// One bar: its label, the value for its length (`None`: not available, no
/// bar is drawn and the shown value says so), the value as shown, and its
/// series (0, 1, 2…: each series has its own colour and pattern, so that the
/// series are told apart by more than colour).
pub struct Bar {
    pub label: String,
    pub value: Option<i64>,
    pub shown: String,
    pub series: usize,
}

impl Bar {
    pub fn new(label: String, value: Option<i64>, shown: String) -> Self {
        Bar {
            label,
            value,
            shown,
            series: 0,
        }
    }
}

const FILLS: [&str; 3] = ["#1f4e79", "#7a4b00", "#2d6a2d"];

/// A chart as the templates show it: a visible title (the figure's caption),
/// the SVG, and a key naming each series when there is more than one.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Chart {
    pub title: String,
    pub svg: String,
    pub key: Vec<KeyEntry>,
}

/// One series in a chart's key: its name and a small swatch drawn with the
/// series' own fill and pattern.
#[derive(Debug, Clone, serde::Serialize)]
pub struct KeyEntry {
    pub label: String,
    pub swatch: String,
}

/// The drawing's own width, in user units. The SVG is drawn at this width in
/// CSS pixels and only ever shrinks, to the width of a phone (358 px in a
/// 390 px screen): the 17-unit text stays at least 12 px as read.
const WIDTH: i64 = 480;
const FONT: i64 = 17;
/// Room right of the longest bar for its value ("€ 12.345.678,90").
const VALUE: i64 = 150;
/// Each row: the label on its own line (so that it is never cut by the bar),
/// then the bar.
const ROW: i64 = 50;
const BAR: i64 = 16;

fn fill(id: &str, series: usize) -> String {
    match series {
        0 => FILLS[0].to_string(),
        s => format!("url(#{id}-p{})", s.min(2)),
    }
}

/// A horizontal bar chart. Bars of series 1 are hatched, of series 2 dotted,
/// so that series are told apart by more than colour; `series_names` names
/// them in the key (no key for a chart of one series).
pub fn bar_chart(
    id: &str,
    title: &str,
    desc: &str,
    rows: &[Bar],
    series_names: &[String],
) -> Chart {
    let max = rows
        .iter()
        .filter_map(|r| r.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * rows.len() as i64 + 4;
    let bar_space = WIDTH - VALUE;
    let mut svg = format!(
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    let many_series = rows.iter().any(|r| r.series > 0);
    if many_series {
        svg.push_str(&format!(
            "<defs><pattern id=\"{id}-p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
             patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"{}\"></rect>\
             <rect width=\"2\" height=\"6\" fill=\"#ffffff\"></rect></pattern>\
             <pattern id=\"{id}-p2\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">\
             <rect width=\"5\" height=\"5\" fill=\"{}\"></rect><circle cx=\"2.5\" cy=\"2.5\" r=\"1\" \
             fill=\"#ffffff\"></circle></pattern></defs>",
            FILLS[1], FILLS[2]
        ));
    }
    for (i, bar) in rows.iter().enumerate() {
        let y = ROW * i as i64;
        let w = match bar.value {
            Some(v) if v > 0 => (v * bar_space / max).max(2),
            _ => 0,
        };
        svg.push_str(&format!(
            "<g><text x=\"0\" y=\"{}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text>",
            y + FONT + 2,
            escape(&shorten(&bar.label, 48)),
        ));
        let bar_y = y + FONT + 10;
        if w > 0 {
            svg.push_str(&format!(
                "<rect x=\"0\" y=\"{bar_y}\" width=\"{w}\" height=\"{BAR}\" fill=\"{}\" \
                 stroke=\"{}\"></rect>",
                fill(id, bar.series),
                FILLS[bar.series.min(2)],
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{FONT}\" fill=\"#1a1a1a\">{}</text></g>",
            w + 6,
            bar_y + BAR - 2,
            escape(&bar.shown)
        ));
    }
    svg.push_str("</svg>");
    let key = if many_series {
        series_names
            .iter()
            .enumerate()
            .map(|(series, label)| KeyEntry {
                label: label.clone(),
                swatch: format!(
                    "<svg width=\"24\" height=\"14\" aria-hidden=\"true\" focusable=\"false\" \
                     xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0.5\" y=\"0.5\" width=\"23\" \
                     height=\"13\" fill=\"{}\" stroke=\"{}\"></rect></svg>",
                    fill(id, series),
                    FILLS[series.min(2)]
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    Chart {
        title: title.to_string(),
        svg,
        key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_scale_bars() {
        let chart = bar_chart(
            "c",
            "Costi <b>",
            "desc & more",
            &[
                Bar::new("<script>".into(), Some(50), "€ 50".into()),
                Bar::new("B".into(), Some(100), "€ 100".into()),
                Bar::new("C".into(), None, "n.d.".into()),
            ],
            &[],
        );
        assert!(chart.key.is_empty(), "one series needs no key");
        assert_eq!(chart.title, "Costi <b>", "escaped by the template");
        let svg = chart.svg;
        // n.d. draws no bar at all, and says so.
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains(">n.d.</text>"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title id=\"c-title\">Costi &lt;b&gt;</title>"));
        // The longest bar fills the room left of its value: 480 - 150 units.
        assert!(svg.contains("width=\"165\" height=\"16\""), "{svg}");
        assert!(svg.contains("width=\"330\" height=\"16\""), "{svg}");
    }

    #[test]
    fn series_are_told_apart_by_pattern_and_named_in_the_key() {
        let bar = |series| Bar {
            label: "2025".into(),
            value: Some(10),
            shown: "€ 10".into(),
            series,
        };
        let chart = bar_chart(
            "f",
            "Fondi",
            "d",
            &[bar(0), bar(1), bar(2)],
            &["Assegnato".into(), "Previsto".into(), "Speso".into()],
        );
        assert!(chart.svg.contains("fill=\"url(#f-p1)\""));
        assert!(chart.svg.contains("fill=\"url(#f-p2)\""));
        let labels: Vec<_> = chart.key.iter().map(|k| k.label.as_str()).collect();
        assert_eq!(labels, ["Assegnato", "Previsto", "Speso"]);
        assert!(chart.key[2].swatch.contains("url(#f-p2)"));
    }
}
