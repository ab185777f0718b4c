//! Charts drawn as inline SVG by the app itself: no chart library, nothing fetched. Each
//! chart carries a text alternative, and the numbers are always printed beside it.

use leptos::prelude::*;

/// A share of a whole, with the class that colours it (`good`, `warn`, `bad`, `quiet`).
#[derive(Debug, Clone, PartialEq)]
pub struct Slice {
    pub label: &'static str,
    pub value: u32,
    pub class: &'static str,
}

/// Where each slice starts and how long it is, as fractions of the whole (0 to 1); slices
/// of nothing take no room.
pub fn spans(slices: &[Slice]) -> Vec<(f64, f64)> {
    let total: u32 = slices.iter().map(|s| s.value).sum();
    if total == 0 {
        return slices.iter().map(|_| (0.0, 0.0)).collect();
    }
    let mut start = 0.0;
    slices
        .iter()
        .map(|s| {
            let length = f64::from(s.value) / f64::from(total);
            let span = (start, length);
            start += length;
            span
        })
        .collect()
}

/// "4 compliant, 1 at risk, 2 non-compliant": what the chart shows, in words.
pub fn describe(slices: &[Slice]) -> String {
    slices
        .iter()
        .filter(|s| s.value > 0)
        .map(|s| format!("{} {}", s.value, s.label))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A ring: each slice an arc of a circle whose circumference is 100 units, so a slice's
/// dash length is its percentage.
#[component]
pub fn Donut(slices: Vec<Slice>, #[prop(into)] center: String) -> impl IntoView {
    // r = 100 / (2π): the circumference is 100.
    const R: f64 = 15.915_494;
    let label = describe(&slices);
    let title = label.clone();
    let arcs = spans(&slices)
        .into_iter()
        .zip(&slices)
        .filter(|((_, length), _)| *length > 0.0)
        .map(|((start, length), slice)| {
            let dash = format!("{:.3} {:.3}", length * 100.0, 100.0 - length * 100.0);
            // Dashes start at three o'clock; 25 units back is twelve o'clock.
            let offset = format!("{:.3}", 25.0 - start * 100.0);
            view! {
                <circle class=format!("arc {}", slice.class) cx="21" cy="21" r=R
                    fill="transparent" stroke-width="6" stroke-dasharray=dash
                    stroke-dashoffset=offset></circle>
            }
        })
        .collect_view();
    view! {
        <svg class="donut" viewBox="0 0 42 42" role="img" aria-label=label>
            <title>{title}</title>
            <circle class="arc track" cx="21" cy="21" r=R fill="transparent" stroke-width="6"></circle>
            {arcs}
            <text x="21" y="23.5" text-anchor="middle" class="donut-center">{center}</text>
        </svg>
    }
}

/// One horizontal bar split into its slices, the full width being everyone counted.
#[component]
pub fn StackedBar(slices: Vec<Slice>) -> impl IntoView {
    let label = describe(&slices);
    let title = label.clone();
    let rects = spans(&slices)
        .into_iter()
        .zip(&slices)
        .filter(|((_, length), _)| *length > 0.0)
        .map(|((start, length), slice)| {
            view! {
                <rect class=format!("bar {}", slice.class) x=format!("{:.3}", start * 100.0)
                    y="0" width=format!("{:.3}", length * 100.0) height="10"></rect>
            }
        })
        .collect_view();
    view! {
        <svg class="stacked-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
            aria-label=label>
            <title>{title}</title>
            <rect class="bar track" x="0" y="0" width="100" height="10"></rect>
            {rects}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(value: u32) -> Slice {
        Slice {
            label: "x",
            value,
            class: "good",
        }
    }

    #[test]
    fn slices_follow_each_other_and_fill_the_whole() {
        let spans = spans(&[slice(1), slice(0), slice(3)]);
        assert_eq!(spans, [(0.0, 0.25), (0.25, 0.0), (0.25, 0.75)]);
    }

    #[test]
    fn nothing_counted_draws_nothing_rather_than_dividing_by_zero() {
        assert_eq!(spans(&[slice(0), slice(0)]), [(0.0, 0.0), (0.0, 0.0)]);
    }

    #[test]
    fn the_text_alternative_names_only_what_is_there() {
        let slices = [
            Slice {
                label: "compliant",
                value: 4,
                class: "good",
            },
            Slice {
                label: "at risk",
                value: 0,
                class: "warn",
            },
            Slice {
                label: "non-compliant",
                value: 2,
                class: "bad",
            },
        ];
        assert_eq!(describe(&slices), "4 compliant, 2 non-compliant");
    }
}
