//! Inline SVG bar charts: no script, no external file, a title and a
//! description for assistive technology; the same figures go in a table beside.

use super::text::{escape, shorten};

/// A horizontal bar chart. `rows` are (label, value for the bar length, value as shown).
pub fn bar_chart(id: &str, title: &str, desc: &str, rows: &[(String, i64, String)]) -> String {
    const WIDTH: i64 = 720;
    const LABEL: i64 = 300;
    const VALUE: i64 = 130;
    const ROW: i64 = 30;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as i64 + 10;
    let bar_space = WIDTH - LABEL - VALUE;
    let mut svg = format!(
        "<svg class=\"chart\" id=\"{id}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape(title),
        escape(desc)
    );
    for (i, (label, value, shown)) in rows.iter().enumerate() {
        let y = 5 + ROW * i as i64;
        let w = if *value > 0 {
            (value * bar_space / max).max(2)
        } else {
            0
        };
        svg.push_str(&format!(
            "<g><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#1a1a1a\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"#1f4e79\"></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"13\" fill=\"#1a1a1a\">{}</text></g>",
            LABEL - 8,
            y + 18,
            escape(&shorten(label, 42)),
            LABEL,
            y + 4,
            ROW - 10,
            LABEL + w + 6,
            y + 18,
            escape(shown)
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
                ("<script>".into(), 50, "€ 50".into()),
                ("B".into(), 100, "€ 100".into()),
            ],
        );
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("<title id=\"c-title\">Costi &lt;b&gt;</title>"));
        assert!(svg.contains("width=\"145\""), "{svg}");
        assert!(svg.contains("width=\"290\""), "{svg}");
    }
}
