//! Money by area and year (SPEC 6.6): the cards' planned budget and actual
//! spending of every area in every year of the plan, with the totals a reader
//! would otherwise add up by hand. Taken from the budget rows, so it agrees
//! with `summary`'s `budget` to the cent.

use serde::Serialize;

use super::Summary;
use super::ledger::Ledger;
use crate::model::{BudgetKind, Money, Plan};

/// One figure of the table: `None` is n.d., never 0.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Cell {
    pub planned: Option<Money>,
    pub actual: Option<Money>,
    /// Actual spending is partial (some cards that planned the year did
    /// not report it).
    pub actual_partial: bool,
}

#[derive(Debug, Serialize)]
pub struct AreaYearsRow {
    pub id: String,
    pub title: String,
    /// One per year of [`AreaYears::years`].
    pub years: Vec<Cell>,
    /// Over the years; `partial` lists what was n.d. in some year.
    pub total: Cell,
    pub partial: Vec<&'static str>,
    /// The area's own cards (not those it serves through `also_areas`),
    /// each with its planned budget by year.
    pub cards: Vec<CardYears>,
}

#[derive(Debug, Serialize)]
pub struct CardYears {
    /// Index of the activity in the plan.
    #[serde(skip)]
    pub activity: usize,
    pub key: String,
    pub title: String,
    /// Planned, one per year; `None`: the card planned nothing that year.
    pub planned: Vec<Option<Money>>,
    pub total: Option<Money>,
}

#[derive(Debug, Serialize)]
pub struct AreaYears {
    pub years: Vec<i64>,
    pub areas: Vec<AreaYearsRow>,
    /// The column totals: every area's money, as the budget rows total it.
    pub total: AreaYearsRow,
    /// Whether any actual spending is recorded (else the table is planned only).
    pub has_actual: bool,
}

/// Sums the years' figures: n.d. only when every year is n.d.; the names of
/// the figures that some year lacks.
fn over_years(cells: &[Cell]) -> (Cell, Vec<&'static str>) {
    let sum = |pick: fn(&Cell) -> Option<Money>| super::sum_given(cells.iter().filter_map(pick));
    let planned = sum(|c| c.planned);
    let actual = sum(|c| c.actual);
    let mut partial = Vec::new();
    if planned.is_some() && cells.iter().any(|c| c.planned.is_none()) {
        partial.push("planned");
    }
    if actual.is_some() && cells.iter().any(|c| c.actual.is_none() || c.actual_partial) {
        partial.push("actual");
    }
    (
        Cell {
            planned,
            actual,
            actual_partial: partial.contains(&"actual"),
        },
        partial,
    )
}

/// The table, when any card has a planned budget or actual spending.
pub fn area_years(plan: &Plan, summary: &Summary) -> Option<AreaYears> {
    let years = summary.programme.years.clone();
    let row_of = |year: i64, kind: BudgetKind| {
        summary
            .programme
            .budget
            .iter()
            .find(|b| b.year == year && b.kind == kind)
    };
    // Each budget row's areas by id, so that a cell is one lookup.
    let amounts: std::collections::HashMap<(i64, BudgetKind, &str), Money> = summary
        .programme
        .budget
        .iter()
        .flat_map(|b| {
            b.by_area
                .iter()
                .map(move |a| ((b.year, b.kind, a.id.as_str()), a.amount))
        })
        .collect();
    let cell = |year: i64, area: Option<&str>| {
        let amount = |kind| match area {
            Some(id) => amounts.get(&(year, kind, id)).copied(),
            None => row_of(year, kind).map(|r| r.total),
        };
        Cell {
            planned: amount(BudgetKind::Planned),
            actual: amount(BudgetKind::Actual),
            actual_partial: row_of(year, BudgetKind::Actual).is_some_and(|r| !r.partial.is_empty()),
        }
    };
    let ledger = Ledger::of(plan);
    // Each area's cards, found in one pass (a district plan has hundreds of
    // areas and thousands of cards).
    let mut by_area: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, a) in plan.activities.iter().enumerate() {
        if a.card.is_full() {
            by_area.entry(a.area.value.as_str()).or_default().push(i);
        }
    }
    let cards_of = |area: &str| -> Vec<CardYears> {
        by_area
            .get(area)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&i| (i, &plan.activities[i]))
            .map(|(i, a)| {
                let planned: Vec<Option<Money>> = years
                    .iter()
                    .map(|y| {
                        ledger
                            .card_year(i, *y)
                            .and_then(|c| c.planned.as_ref())
                            .map(|e| e.total)
                    })
                    .collect();
                let total = super::sum_given(planned.iter().flatten().copied());
                CardYears {
                    activity: i,
                    key: a.key.clone(),
                    title: a.title.value.clone(),
                    planned,
                    total,
                }
            })
            .collect()
    };
    let row = |id: &str, title: &str, area: Option<&str>| {
        let cells: Vec<Cell> = years.iter().map(|y| cell(*y, area)).collect();
        let (total, partial) = over_years(&cells);
        AreaYearsRow {
            id: id.to_string(),
            title: title.to_string(),
            years: cells,
            total,
            partial,
            cards: area.map(cards_of).unwrap_or_default(),
        }
    };
    let areas: Vec<AreaYearsRow> = plan
        .areas
        .iter()
        .map(|a| row(&a.id.value, &a.title.value, Some(&a.id.value)))
        .collect();
    let total = row("total", "", None);
    if total.total.planned.is_none() && total.total.actual.is_none() {
        return None;
    }
    Some(AreaYears {
        has_actual: total.total.actual.is_some(),
        years,
        areas,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(planned: Option<i64>, actual: Option<i64>) -> Cell {
        Cell {
            planned: planned.map(Money::from_cents),
            actual: actual.map(Money::from_cents),
            actual_partial: false,
        }
    }

    #[test]
    fn a_total_over_years_is_nd_only_when_every_year_is() {
        type Case = (Vec<Cell>, Option<i64>, Option<i64>, &'static [&'static str]);
        let cases: [Case; 4] = [
            (vec![c(Some(1), None), c(Some(2), None)], Some(3), None, &[]),
            (vec![c(None, None), c(None, None)], None, None, &[]),
            (
                vec![c(Some(5), Some(4)), c(None, None)],
                Some(5),
                Some(4),
                &["planned", "actual"],
            ),
            (vec![c(Some(0), Some(0))], Some(0), Some(0), &[]),
        ];
        for (cells, planned, actual, partial) in cases {
            let (total, names) = over_years(&cells);
            assert_eq!(total.planned.map(|m| m.cents()), planned);
            assert_eq!(total.actual.map(|m| m.cents()), actual);
            assert_eq!(names, partial);
        }
    }
}
