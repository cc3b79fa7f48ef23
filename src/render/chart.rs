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

/// A horizontal bar chart. Bars of series 1 are hatched, of series 2 dotted.
pub fn bar_chart(id: &str, title: &str, desc: &str, rows: &[Bar]) -> String {
    const WIDTH: i64 = 720;
    const LABEL: i64 = 300;
    const VALUE: i64 = 130;
    const ROW: i64 = 30;
    let max = rows
        .iter()
        .filter_map(|r| r.value)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * rows.len() as i64 + 10;
    let bar_space = WIDTH - LABEL - VALUE;
    let mut svg = format!(
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    if rows.iter().any(|r| r.series > 0) {
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
        let y = 5 + ROW * i as i64;
        let w = match bar.value {
            Some(v) if v > 0 => (v * bar_space / max).max(2),
            _ => 0,
        };
        let fill = match bar.series {
            0 => FILLS[0].to_string(),
            s => format!("url(#{id}-p{})", s.min(2)),
        };
        svg.push_str(&format!(
            "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>",
            LABEL - 8,
            y + 18,
            escape(&shorten(&bar.label, 42)),
        ));
        if w > 0 {
            svg.push_str(&format!(
                "<rect x=\"{LABEL}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{fill}\" \
                 stroke=\"{}\"></rect>",
                y + 4,
                ROW - 10,
                FILLS[bar.series.min(2)],
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text></g>",
            LABEL + w + 6,
            y + 18,
            escape(&bar.shown)
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_escape_labels_and_scale_bars() {
        let svg = bar_chart(
            "c",
            "Costi <b>",
            "desc & more",
            &[
                Bar::new("<script>".into(), Some(50), "€ 50".into()),
                Bar::new("B".into(), Some(100), "€ 100".into()),
                Bar::new("C".into(), None, "n.d.".into()),
            ],
        );
        // n.d. draws no bar at all, and says so.
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains(">n.d.</text>"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title id=\"c-title\">Costi &lt;b&gt;</title>"));
        assert!(svg.contains("width=\"145\""), "{svg}");
        assert!(svg.contains("width=\"290\""), "{svg}");
    }
}
